import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  LOCAL_REPOSITORIES_CONFIG,
  LocalRepositories,
} from '../localRepositories/LocalRepositories';
import { assertValidInput, ZodImpl } from '../lib/zod';
import { examples } from './localRepoCreate.examples';

export const LOCAL_REPO_CREATE_ACTION_ID = 'tekton-dag:local-repo:create';

/** The input schema of `tekton-dag:local-repo:create`. */
const localRepoCreateInput = (z: ZodImpl) =>
  z.object({
    name: z
      .string()
      .describe('Name of the repository (letters, digits, ".", "_", "-")'),
    defaultBranch: z
      .string()
      .optional()
      .describe('Its default branch. Default: main'),
    catalogInfoPath: z
      .string()
      .optional()
      .describe(
        'Where the catalog-info file will be in it, for the catalogInfoUrl output. Default: catalog-info.yaml',
      ),
  });

/** The local repositories, or a clear refusal when the portal has none configured. */
export function requireLocalRepositories(
  repositories: LocalRepositories | undefined,
): LocalRepositories {
  if (!repositories) {
    throw new InputError(
      `Local repositories are not configured (${LOCAL_REPOSITORIES_CONFIG}.directory): publish to a git host instead, e.g. with publish:github or publish:gitea`,
    );
  }
  return repositories;
}

/**
 * `tekton-dag:local-repo:create`: creates an empty git repository on the portal's machine, for
 * the local portal and demos (a template without a git host). Its URLs are known before anything
 * is pushed, so the files a template writes can name them.
 *
 * @public
 */
export function createLocalRepoCreateAction(options: { config: Config }) {
  const repositories = LocalRepositories.fromConfig(options.config);
  return createTemplateAction({
    id: LOCAL_REPO_CREATE_ACTION_ID,
    description: `Creates an empty git repository in the portal's local repositories (${LOCAL_REPOSITORIES_CONFIG}.directory), which the local cluster clones and the catalog reads; outputs its URLs. For the local portal: production templates publish to a git host`,
    examples,
    supportsDryRun: true,
    schema: {
      input: localRepoCreateInput,
      output: z =>
        z.object({
          remoteUrl: z
            .string()
            .describe(
              'The URL git clones it by, e.g. file:///srv/portal/.data/git/hello.git',
            ),
          repoContentsUrl: z
            .string()
            .describe('The URL of its root, to which file paths are appended'),
          catalogInfoUrl: z
            .string()
            .describe('The URL of its catalog-info file, for catalog:register'),
          defaultBranch: z.string().describe('Its default branch'),
        }),
    },
    async handler(ctx) {
      assertValidInput(localRepoCreateInput, ctx.input);
      const local = requireLocalRepositories(repositories);
      const { name } = ctx.input;
      const defaultBranch = ctx.input.defaultBranch ?? 'main';
      const remoteUrl = local.remoteUrl(name);

      if (ctx.isDryRun) {
        ctx.logger.info(`Would create repository ${remoteUrl} (dry run)`);
      } else {
        // A retried step finds the repository it created in the checkpoint.
        await ctx.checkpoint({
          key: `tekton-dag.local-repo.create.${name}`,
          fn: async () => {
            await local.create(name, defaultBranch);
            return remoteUrl;
          },
        });
        ctx.logger.info(`Created repository ${remoteUrl}`);
      }
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', `${remoteUrl}/`);
      ctx.output(
        'catalogInfoUrl',
        local.fileUrl(name, ctx.input.catalogInfoPath ?? 'catalog-info.yaml'),
      );
      ctx.output('defaultBranch', defaultBranch);
    },
  });
}
