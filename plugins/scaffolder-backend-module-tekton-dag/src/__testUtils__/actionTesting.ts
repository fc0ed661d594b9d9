import fs from 'fs';
import os from 'os';
import path from 'path';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { RepositoryFile } from '@tekton-dag/plugin-tekton-dag-common';
import yaml from 'yaml';

/** This repository, whose tekton/ and argocd/ folders the tests copy into workspaces. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** The single step of an example, with its input. */
export function exampleSteps(examples: TemplateExample[]) {
  return examples.map(example => {
    const { steps } = yaml.parse(example.example) as {
      steps: Array<{ id: string; action: string; input: Record<string, any> }>;
    };
    expect(steps).toHaveLength(1);
    return { description: example.description, ...steps[0] };
  });
}

/**
 * A new temporary workspace holding copies of the given repository paths (files or folders),
 * removed after the test file.
 */
const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0))
    fs.rmSync(dir, { recursive: true, force: true });
});
export function createWorkspace(
  copies: Array<string | { from: string; to: string }> = [],
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tekton-dag-scaffolder-'));
  created.push(dir);
  const workspace = path.join(dir, 'workspace');
  fs.mkdirSync(workspace);
  for (const copy of copies) {
    const { from, to } =
      typeof copy === 'string' ? { from: copy, to: copy } : copy;
    fs.cpSync(path.join(REPO_ROOT, from), path.join(workspace, to), {
      recursive: true,
    });
  }
  return workspace;
}

/** Every file below a folder, relative to it, sorted. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter(f => fs.statSync(path.join(dir, f)).isFile())
    .map(f => f.split(path.sep).join('/'))
    .sort();
}

/** Every YAML file below the workspace, parsed, for the common validator. */
export function readWorkspace(workspace: string): RepositoryFile[] {
  return listFiles(workspace)
    .filter(f => /\.ya?ml$/.test(f))
    .map(f => ({
      path: f,
      documents: yaml
        .parseAllDocuments(fs.readFileSync(path.join(workspace, f), 'utf8'))
        .map(d => {
          expect(d.errors).toEqual([]);
          return d.toJS();
        }),
    }));
}

export function parseYamlFile(workspace: string, file: string): any {
  return yaml.parse(fs.readFileSync(path.join(workspace, file), 'utf8'));
}

/**
 * Checkpoints kept the way the scaffolder keeps them for a task: a retried handler gets the
 * stored value of a key instead of running its function again.
 */
export function createCheckpointStore() {
  const values = new Map<string, unknown>();
  const calls: string[] = [];
  return {
    values,
    /** Keys whose function ran. */
    calls,
    async checkpoint(opts: { key: string; fn: () => Promise<any> | any }) {
      if (values.has(opts.key)) return values.get(opts.key);
      calls.push(opts.key);
      const value = await opts.fn();
      values.set(opts.key, value ?? {});
      return value;
    },
  };
}

/** Runs an action's handler as the scaffolder would, and returns what it output. */
export async function runAction(
  action: TemplateAction<any, any, any>,
  options: {
    input: Record<string, any>;
    workspacePath: string;
    isDryRun?: boolean;
    checkpoints?: ReturnType<typeof createCheckpointStore>;
    signal?: AbortSignal;
    getInitiatorCredentials?: () => Promise<BackstageCredentials>;
  },
): Promise<Record<string, any>> {
  const checkpoints = options.checkpoints ?? createCheckpointStore();
  const base = createMockActionContext({
    input: options.input,
    workspacePath: options.workspacePath,
  });
  const ctx = {
    ...base,
    isDryRun: options.isDryRun ?? false,
    signal: options.signal,
    checkpoint: checkpoints.checkpoint as typeof base.checkpoint,
    ...(options.getInitiatorCredentials
      ? { getInitiatorCredentials: options.getInitiatorCredentials }
      : {}),
  };
  await action.handler(ctx);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([name, value]) => [name, value]),
  );
}
