import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { LocalRepositories } from '../localRepositories/LocalRepositories';
import { workspaceFile } from '../lib/workspace';
import { assertValidInput, ZodImpl } from '../lib/zod';
import { requireLocalRepositories } from './localRepoCreate';
import { examples } from './localRepoPush.examples';

export const LOCAL_REPO_PUSH_ACTION_ID = 'tekton-dag:local-repo:push';

/** The input schema of `tekton-dag:local-repo:push`. */
const localRepoPushInput = (z: ZodImpl) =>
  z.object({
    name: z
      .string()
      .describe('Name of a repository made by tekton-dag:local-repo:create'),
    sourcePath: z
      .string()
      .optional()
      .describe(
        'Folder of the workspace to push. Default: the whole workspace',
      ),
    branch: z.string().optional().describe('Branch to push to. Default: main'),
    commitMessage: z
      .string()
      .optional()
      .describe('Message of the commit. Default: Initial commit'),
    gitAuthorName: z
      .string()
      .optional()
      .describe('Author of the commit. Default: Scaffolder'),
    gitAuthorEmail: z
      .string()
      .optional()
      .describe('Email of the author. Default: scaffolder@backstage.io'),
  });

/**
 * `tekton-dag:local-repo:push`: commits the workspace to a local repository and pushes it, as
 * publish:github does for GitHub.
 *
 * @public
 */
export function createLocalRepoPushAction(options: { config: Config }) {
  const repositories = LocalRepositories.fromConfig(options.config);
  return createTemplateAction({
    id: LOCAL_REPO_PUSH_ACTION_ID,
    description:
      'Commits the workspace (or a folder of it) and pushes it to a repository made by tekton-dag:local-repo:create',
    examples,
    supportsDryRun: true,
    schema: {
      input: localRepoPushInput,
      output: z =>
        z.object({
          remoteUrl: z.string().describe('The URL git clones it by'),
          commitHash: z.string().describe('The commit pushed'),
        }),
    },
    async handler(ctx) {
      assertValidInput(localRepoPushInput, ctx.input);
      const local = requireLocalRepositories(repositories);
      const { name } = ctx.input;
      const branch = ctx.input.branch ?? 'main';
      const sourceDir = workspaceFile(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      const remoteUrl = local.remoteUrl(name);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Would push ${sourceDir} to ${remoteUrl} ${branch} (dry run)`,
        );
        ctx.output('remoteUrl', remoteUrl);
        ctx.output('commitHash', 'dry-run');
        return;
      }
      // A retried step does not push a second commit.
      const commitHash = await ctx.checkpoint({
        key: `tekton-dag.local-repo.push.${name}.${branch}`,
        fn: async () => {
          const { commit } = await local.push({
            name,
            sourceDir,
            branch,
            message: ctx.input.commitMessage ?? 'Initial commit',
            author: {
              name: ctx.input.gitAuthorName ?? 'Scaffolder',
              email: ctx.input.gitAuthorEmail ?? 'scaffolder@backstage.io',
            },
          });
          return commit;
        },
      });
      ctx.logger.info(`Pushed ${commitHash} to ${remoteUrl} ${branch}`);
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('commitHash', commitHash);
    },
  });
}
