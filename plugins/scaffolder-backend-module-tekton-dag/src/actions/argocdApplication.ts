import fs from 'fs';
import path from 'path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_ARGOCD_SYNC_WAVE,
  ARGOCD_API_VERSION,
  RepositoryFile,
  SEED_SYNC_WAVES,
  WAVELESS_KINDS,
  seedWaveOfKind,
} from '@tekton-dag/plugin-tekton-dag-common';
import {
  assertDnsLabel,
  validateFiles,
  validationError,
} from '../lib/validation';
import {
  normalizeRelativePath,
  readYamlFiles,
  toYaml,
  workspaceFile,
  writeWorkspaceFiles,
} from '../lib/workspace';
import { assertValidInput, ZodImpl } from '../lib/zod';
import { examples } from './argocdApplication.examples';

export const ARGOCD_APPLICATION_ACTION_ID = 'tekton-dag:argocd:application';

/** The input schema of `tekton-dag:argocd:application`. */
const argocdApplicationInput = (z: ZodImpl) =>
  z.object({
    name: z.string().describe('Name of the Application (a DNS label)'),
    repoURL: z
      .string()
      .describe('Repository Argo CD syncs from: the one being created'),
    path: z
      .string()
      .describe(
        'Folder of the repository the Application installs, e.g. tekton/pipelines',
      ),
    targetRevision: z
      .string()
      .optional()
      .describe('Branch, tag or commit to sync. Default: HEAD'),
    namespace: z
      .string()
      .describe('Namespace the resources are installed into (destination)'),
    destinationServer: z
      .string()
      .optional()
      .describe(
        'API server of the destination cluster. Default: https://kubernetes.default.svc',
      ),
    project: z.string().optional().describe('AppProject. Default: default'),
    syncWave: z
      .number()
      .int()
      .optional()
      .describe(
        'Sync wave (argocd.argoproj.io/sync-wave). Default: the seed wave of the kinds under path in the workspace (Tasks 1, Pipelines 2, Triggers 3, ...)',
      ),
    automated: z
      .boolean()
      .optional()
      .describe('Sync automatically, with prune and self-heal. Default: false'),
    createNamespace: z
      .boolean()
      .optional()
      .describe('Let Argo CD create the destination namespace. Default: false'),
    applicationNamespace: z
      .string()
      .optional()
      .describe('Namespace of the Application itself. Default: argocd'),
    targetPath: z
      .string()
      .optional()
      .describe(
        'Folder of the Application file in the workspace. Default: argocd/applications',
      ),
    overwrite: z
      .boolean()
      .optional()
      .describe(
        'Replace the file if it exists with other content. Default: false',
      ),
  });

function isUnder(file: string, dir: string) {
  return dir === '.' || file === dir || file.startsWith(`${dir}/`);
}

/** The seed waves of the kinds in the files: wave number to kinds. */
function wavesOf(files: RepositoryFile[]): Map<number, Set<string>> {
  const waves = new Map<number, Set<string>>();
  for (const file of files) {
    for (const document of file.documents) {
      const kind = (document as { kind?: unknown } | null)?.kind;
      if (typeof kind !== 'string' || WAVELESS_KINDS.includes(kind)) continue;
      const wave = seedWaveOfKind(kind);
      if (wave === undefined) continue;
      waves.set(wave, (waves.get(wave) ?? new Set()).add(kind));
    }
  }
  return waves;
}

/**
 * `tekton-dag:argocd:application`: writes an Argo CD Application for a folder of the new
 * repository, in the sync wave its resources belong to.
 *
 * @public
 */
export function createArgoCdApplicationAction() {
  return createTemplateAction({
    id: ARGOCD_APPLICATION_ACTION_ID,
    description:
      'Writes an Argo CD Application for a folder of the repository, with the sync wave of the resources in it (the seed order: CRDs, RBAC, Tasks, Pipelines, Triggers, portal), validated with the Argo CD checks of tekton-dag',
    examples,
    supportsDryRun: true,
    schema: {
      input: argocdApplicationInput,
      output: z =>
        z.object({
          applicationName: z.string().describe('Name of the Application'),
          applicationPath: z
            .string()
            .describe('The Application file, relative to the workspace'),
          syncWave: z.number().describe('Its sync wave'),
        }),
    },
    async handler(ctx) {
      assertValidInput(argocdApplicationInput, ctx.input);
      const { input, workspacePath, logger } = ctx;
      assertDnsLabel(input.name, 'The Application name');
      assertDnsLabel(input.namespace, 'The destination namespace');
      const applicationNamespace = input.applicationNamespace ?? 'argocd';
      assertDnsLabel(applicationNamespace, 'The Application namespace');
      const project = input.project ?? 'default';
      const sourcePath = normalizeRelativePath(input.path);
      const targetPath = normalizeRelativePath(
        input.targetPath ?? 'argocd/applications',
      );
      const applicationPath = path.posix.join(targetPath, `${input.name}.yaml`);

      // The resources the Application installs, when they are in the workspace.
      const sourceAbsolute = workspaceFile(workspacePath, sourcePath);
      const inWorkspace = fs.existsSync(sourceAbsolute);
      const sourceFiles = inWorkspace
        ? readYamlFiles(sourceAbsolute, sourcePath).filter(
            f => f.path !== applicationPath,
          )
        : [];
      const waves = wavesOf(sourceFiles);

      let syncWave = input.syncWave;
      if (syncWave === undefined) {
        if (waves.size === 1) {
          syncWave = [...waves.keys()][0];
        } else if (waves.size > 1) {
          const mix = [...waves]
            .sort(([a], [b]) => a - b)
            .map(([w, kinds]) => `${[...kinds].join(', ')} (wave ${w})`)
            .join('; ');
          throw new InputError(
            `${sourcePath} mixes resources of different sync waves: ${mix}. Use one Application per wave.`,
          );
        } else {
          throw new InputError(
            inWorkspace
              ? `Cannot tell the sync wave of ${sourcePath}: it holds none of the kinds the seed orders (${SEED_SYNC_WAVES.map(
                  w => w.kinds.join(', '),
                ).join(', ')}); pass syncWave`
              : `Cannot tell the sync wave: ${sourcePath} is not in the workspace; pass syncWave (or write the resources first)`,
          );
        }
      }
      if (!inWorkspace) {
        logger.warn(
          `${sourcePath} is not in the workspace: the Application's path is not checked`,
        );
      }

      const syncOptions = input.createNamespace ? ['CreateNamespace=true'] : [];
      const application = {
        apiVersion: ARGOCD_API_VERSION,
        kind: 'Application',
        metadata: {
          name: input.name,
          namespace: applicationNamespace,
          annotations: { [ANNOTATION_ARGOCD_SYNC_WAVE]: String(syncWave) },
        },
        spec: {
          project,
          source: {
            repoURL: input.repoURL,
            targetRevision: input.targetRevision ?? 'HEAD',
            path: sourcePath,
          },
          destination: {
            server: input.destinationServer ?? 'https://kubernetes.default.svc',
            namespace: input.namespace,
          },
          ...(input.automated || syncOptions.length
            ? {
                syncPolicy: {
                  ...(input.automated
                    ? { automated: { prune: true, selfHeal: true } }
                    : {}),
                  ...(syncOptions.length ? { syncOptions } : {}),
                },
              }
            : {}),
        },
      };
      const file: RepositoryFile = {
        path: applicationPath,
        documents: [application],
      };

      // The validator checks the path, the project and the wave against the workspace's files.
      const targetAbsolute = workspaceFile(workspacePath, targetPath);
      let neighbours: RepositoryFile[] = [];
      try {
        neighbours = readYamlFiles(targetAbsolute, targetPath).filter(
          f => f.path !== applicationPath && !isUnder(f.path, sourcePath),
        );
      } catch (error) {
        logger.warn(`Could not read ${targetPath} for AppProjects: ${error}`);
      }
      const context = [...sourceFiles, ...neighbours];
      const projectKnown =
        project === 'default' ||
        context.some(f =>
          f.documents.some(
            d =>
              (d as any)?.kind === 'AppProject' &&
              (d as any)?.metadata?.name === project,
          ),
        );
      if (!projectKnown) {
        logger.warn(
          `AppProject ${project} is not in the workspace; it must exist in Argo CD`,
        );
      }
      const problems = validateFiles([file], context, {
        isThisRepository: () => inWorkspace,
      }).filter(p => projectKnown || p.missing?.kind !== 'AppProject');
      if (problems.length > 0)
        throw validationError(`Application "${input.name}"`, problems);

      const title = SEED_SYNC_WAVES.find(w => w.wave === syncWave)?.title;
      writeWorkspaceFiles(
        workspacePath,
        [
          {
            path: applicationPath,
            content: toYaml(
              application,
              `Sync wave ${syncWave}${
                title ? `: ${title}` : ''
              }, from ${sourcePath}.\nWritten by the scaffolder action ${ARGOCD_APPLICATION_ACTION_ID}.`,
            ),
          },
        ],
        input.overwrite ?? false,
      );
      logger.info(
        `Wrote Application ${
          input.name
        } (sync wave ${syncWave}) to ${applicationPath}${
          ctx.isDryRun ? ' (dry run)' : ''
        }`,
      );
      ctx.output('applicationName', input.name);
      ctx.output('applicationPath', applicationPath);
      ctx.output('syncWave', syncWave);
    },
  });
}
