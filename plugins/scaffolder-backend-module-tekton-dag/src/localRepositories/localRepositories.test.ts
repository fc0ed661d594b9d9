import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotModifiedError } from '@backstage/errors';
import {
  createCheckpointStore,
  createWorkspace,
  exampleSteps,
  listFiles,
  runAction,
} from '../__testUtils__/actionTesting';
import { createLocalRepoCreateAction } from '../actions/localRepoCreate';
import { examples as createExamples } from '../actions/localRepoCreate.examples';
import { createLocalRepoPushAction } from '../actions/localRepoPush';
import { examples as pushExamples } from '../actions/localRepoPush.examples';
import { LocalRepositoryUrlReader } from './LocalRepositoryUrlReader';

const roots: string[] = [];
afterAll(() => {
  for (const dir of roots.splice(0))
    fs.rmSync(dir, { recursive: true, force: true });
});

/** A configuration with a new, empty repositories folder. */
function localConfig() {
  const root = fs.mkdtempSync(
    path.join(os.tmpdir(), 'tekton-dag-local-repos-'),
  );
  roots.push(root);
  const directory = path.join(root, 'git');
  return {
    directory,
    config: new ConfigReader({
      tektonDag: { scaffolder: { localRepositories: { directory } } },
    }),
  };
}

/** A workspace as a template leaves it: a component with its catalog-info. */
function templateWorkspace() {
  const workspace = createWorkspace();
  fs.mkdirSync(path.join(workspace, 'src'));
  fs.writeFileSync(
    path.join(workspace, 'src/index.js'),
    'console.log("hello");\n',
  );
  fs.writeFileSync(
    path.join(workspace, 'catalog-info.yaml'),
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: hello-service\n',
  );
  return workspace;
}

/** The files of a branch, as `git clone` gets them (what the local cluster's git-clone does). */
function cloneFiles(remoteUrl: string, branch = 'main') {
  const dest = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'tekton-dag-clone-')),
    'c',
  );
  roots.push(path.dirname(dest));
  execFileSync('git', [
    'clone',
    '--quiet',
    '--branch',
    branch,
    remoteUrl,
    dest,
  ]);
  return listFiles(dest).filter(f => !f.startsWith('.git/'));
}

function readers(config: ConfigReader) {
  return UrlReaders.create({
    config,
    logger: mockServices.logger.mock(),
    factories: [LocalRepositoryUrlReader.factory],
  });
}

describe('local repositories', () => {
  const [createStep] = exampleSteps(createExamples);
  const [pushStep] = exampleSteps(pushExamples);

  it('runs the examples: creates the repository, then pushes the workspace that git clones back', async () => {
    const { config, directory } = localConfig();
    const workspace = templateWorkspace();
    const created = await runAction(createLocalRepoCreateAction({ config }), {
      input: createStep.input,
      workspacePath: workspace,
    });
    const remoteUrl = `file://${directory}/hello-service.git`;
    expect(created).toEqual({
      remoteUrl,
      repoContentsUrl: `${remoteUrl}/`,
      catalogInfoUrl: `${remoteUrl}/catalog-info.yaml`,
      defaultBranch: 'main',
    });
    expect(fs.existsSync(path.join(directory, 'hello-service.git/HEAD'))).toBe(
      true,
    );

    const pushed = await runAction(createLocalRepoPushAction({ config }), {
      input: pushStep.input,
      workspacePath: workspace,
    });
    expect(pushed.remoteUrl).toBe(remoteUrl);
    expect(pushed.commitHash).toMatch(/^[0-9a-f]{40}$/);
    expect(cloneFiles(remoteUrl)).toEqual([
      'catalog-info.yaml',
      'src/index.js',
    ]);
    // The workspace is left as it was (no .git of its own).
    expect(listFiles(workspace)).toEqual(['catalog-info.yaml', 'src/index.js']);
    const log = execFileSync('git', [
      '--git-dir',
      path.join(directory, 'hello-service.git'),
      'log',
      '--format=%s|%an',
    ]);
    expect(log.toString().trim()).toBe(
      'Create hello-service from the template|Scaffolder',
    );
  });

  it('changes nothing in a dry run', async () => {
    const { config, directory } = localConfig();
    const workspace = templateWorkspace();
    const created = await runAction(createLocalRepoCreateAction({ config }), {
      input: createStep.input,
      workspacePath: workspace,
      isDryRun: true,
    });
    expect(created.remoteUrl).toBe(`file://${directory}/hello-service.git`);
    const pushed = await runAction(createLocalRepoPushAction({ config }), {
      input: pushStep.input,
      workspacePath: workspace,
      isDryRun: true,
    });
    expect(pushed.commitHash).toBe('dry-run');
    expect(fs.existsSync(directory)).toBe(false);
  });

  it('does not create or push twice when a step is retried, and refuses a repository that exists', async () => {
    const { config } = localConfig();
    const workspace = templateWorkspace();
    const checkpoints = createCheckpointStore();
    const create = createLocalRepoCreateAction({ config });
    const push = createLocalRepoPushAction({ config });
    for (let attempt = 0; attempt < 2; attempt++) {
      await runAction(create, {
        input: { name: 'hello-service' },
        workspacePath: workspace,
        checkpoints,
      });
    }
    const first = await runAction(push, {
      input: { name: 'hello-service' },
      workspacePath: workspace,
      checkpoints,
    });
    const again = await runAction(push, {
      input: { name: 'hello-service' },
      workspacePath: workspace,
      checkpoints,
    });
    expect(again.commitHash).toBe(first.commitHash);

    // Another task (no checkpoint) must not take over an existing repository.
    await expect(
      runAction(create, {
        input: { name: 'hello-service' },
        workspacePath: workspace,
      }),
    ).rejects.toThrow(/Repository hello-service already exists/);
  });

  it('pushes a second commit on top of the first', async () => {
    const { config } = localConfig();
    const workspace = templateWorkspace();
    const { remoteUrl } = await runAction(
      createLocalRepoCreateAction({ config }),
      {
        input: { name: 'hello-service' },
        workspacePath: workspace,
      },
    );
    const push = createLocalRepoPushAction({ config });
    const first = await runAction(push, {
      input: { name: 'hello-service' },
      workspacePath: workspace,
    });
    fs.writeFileSync(path.join(workspace, 'README.md'), '# hello\n');
    const second = await runAction(push, {
      input: { name: 'hello-service', commitMessage: 'Add a README' },
      workspacePath: workspace,
    });
    expect(second.commitHash).not.toBe(first.commitHash);
    const parent = execFileSync('git', [
      '--git-dir',
      new URL(remoteUrl).pathname,
      'rev-parse',
      `${second.commitHash}^`,
    ]);
    expect(parent.toString().trim()).toBe(first.commitHash);
    expect(cloneFiles(remoteUrl)).toEqual([
      'README.md',
      'catalog-info.yaml',
      'src/index.js',
    ]);
  });

  it('refuses bad names, and says what to do when no folder is configured', async () => {
    const { config } = localConfig();
    const workspace = createWorkspace();
    for (const name of ['../escape', 'a/b', '.hidden', 'x.git', '']) {
      await expect(
        runAction(createLocalRepoCreateAction({ config }), {
          input: { name },
          workspacePath: workspace,
        }),
      ).rejects.toThrow(/is not a repository name/);
    }
    await expect(
      runAction(createLocalRepoCreateAction({ config: new ConfigReader({}) }), {
        input: { name: 'hello-service' },
        workspacePath: workspace,
      }),
    ).rejects.toThrow(
      'Local repositories are not configured (tektonDag.scaffolder.localRepositories.directory): publish to a git host instead, e.g. with publish:github or publish:gitea',
    );
    await expect(
      runAction(createLocalRepoPushAction({ config }), {
        input: { name: 'missing' },
        workspacePath: workspace,
      }),
    ).rejects.toThrow(/Repository missing does not exist/);
  });

  describe('read through the UrlReader (as catalog:register and the catalog do)', () => {
    async function published() {
      const { config, directory } = localConfig();
      const workspace = templateWorkspace();
      const created = await runAction(createLocalRepoCreateAction({ config }), {
        input: { name: 'hello-service' },
        workspacePath: workspace,
      });
      await runAction(createLocalRepoPushAction({ config }), {
        input: { name: 'hello-service' },
        workspacePath: workspace,
      });
      return {
        config,
        directory,
        workspace,
        remoteUrl: created.remoteUrl as string,
        catalogInfoUrl: created.catalogInfoUrl as string,
        reader: readers(config),
      };
    }

    it('reads a file at HEAD, with an etag that changes with the next commit', async () => {
      const { config, workspace, catalogInfoUrl, reader } = await published();
      const read = await reader.readUrl(catalogInfoUrl);
      expect((await read.buffer()).toString()).toContain('name: hello-service');
      await expect(
        reader.readUrl(catalogInfoUrl, { etag: read.etag }),
      ).rejects.toThrow(NotModifiedError);

      fs.writeFileSync(
        path.join(workspace, 'catalog-info.yaml'),
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: hello-service\n  description: changed\n',
      );
      await runAction(createLocalRepoPushAction({ config }), {
        input: { name: 'hello-service', commitMessage: 'Describe it' },
        workspacePath: workspace,
      });
      const again = await reader.readUrl(catalogInfoUrl, { etag: read.etag });
      expect(again.etag).not.toBe(read.etag);
      expect((await again.buffer()).toString()).toContain(
        'description: changed',
      );
    });

    it('finds one file by search (how the catalog reads a url location), or none', async () => {
      const { remoteUrl, catalogInfoUrl, reader } = await published();
      const found = await reader.search(catalogInfoUrl);
      expect(found.files.map(f => f.url)).toEqual([catalogInfoUrl]);
      expect((await found.files[0].content()).toString()).toContain(
        'kind: Component',
      );
      expect((await reader.search(`${remoteUrl}/missing.yaml`)).files).toEqual(
        [],
      );
    });

    it('reads a folder as a tree', async () => {
      const { remoteUrl, reader } = await published();
      const tree = await reader.readTree(`${remoteUrl}/src`);
      const files = await tree.files();
      expect(files.map(f => f.path)).toEqual(['index.js']);
      expect((await files[0].content()).toString()).toBe(
        'console.log("hello");\n',
      );
    });

    it('reads nothing outside the configured folder', async () => {
      const { directory, reader } = await published();
      const secret = path.join(path.dirname(directory), 'secret.txt');
      fs.writeFileSync(secret, 'not for the catalog');
      for (const url of [
        `file://${secret}`,
        `file://${directory}/../secret.txt`,
        `file://${directory}/hello-service.git/../../secret.txt`,
        'file:///etc/passwd',
      ]) {
        await expect(reader.readUrl(url)).rejects.toThrow(
          /not allowed|is not in a local repository/i,
        );
      }
    });

    it('adds no reader when no folder is configured', () => {
      expect(
        LocalRepositoryUrlReader.factory({
          config: new ConfigReader({}),
          logger: mockServices.logger.mock(),
          treeResponseFactory: undefined as any,
        }),
      ).toEqual([]);
    });
  });
});
