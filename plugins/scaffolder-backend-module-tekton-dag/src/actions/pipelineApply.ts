import { createHash } from 'crypto';
import fs from 'fs';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  KubernetesObject,
  RepositoryFile,
  seedWaveOfKind,
  TEKTON_API_VERSION,
  ValidationProblem,
} from '@tekton-dag/plugin-tekton-dag-common';
import {
  AppliedObject,
  ClusterClient,
  findCluster,
} from '../lib/clusterClient';
import {
  assertDnsLabel,
  validateFiles,
  validationError,
} from '../lib/validation';
import {
  normalizeRelativePath,
  readYamlFiles,
  workspaceFile,
} from '../lib/workspace';
import { assertValidInput, ZodImpl } from '../lib/zod';
import { examples } from './pipelineApply.examples';
import {
  ClusterRegistry,
  readClustersConfig,
} from '@tekton-dag/plugin-tekton-dag-node';

export const PIPELINE_APPLY_ACTION_ID = 'tekton-dag:pipeline:apply';

/** The API groups this action applies: Tekton's, nothing else with the portal's credentials. */
const TEKTON_GROUPS = ['tekton.dev', 'triggers.tekton.dev'];
/**
 * Argo CD's, when configured: an Application deploys whatever its source holds with Argo CD's
 * rights, so only where everyone who runs templates may deploy anything (the local portal).
 */
const ARGOCD_GROUP = 'argoproj.io';

/** The Task a problem says is missing, when that is what it says. */
const missingTaskOf = (problem: ValidationProblem) =>
  problem.missing?.kind === 'Task' ? problem.missing.name : undefined;

/** The input schema of `tekton-dag:pipeline:apply`. */
const pipelineApplyInput = (z: ZodImpl) =>
  z.object({
    cluster: z
      .string()
      .optional()
      .describe(
        'Name of a cluster of tektonDag.clusters. Default: the first one',
      ),
    namespace: z.string().describe('Namespace to apply to'),
    path: z
      .string()
      .describe(
        'A YAML file (or a folder of them) in the workspace, e.g. tekton/pipelines/shop-api-ci.yaml',
      ),
    additionalPaths: z
      .array(z.string())
      .optional()
      .describe(
        'More files or folders applied with it, e.g. the Tasks it uses: ["tekton/tasks"]',
      ),
    createNamespace: z
      .boolean()
      .optional()
      .describe('Create the namespace if it does not exist. Default: false'),
  });

interface Manifest {
  file: string;
  object: KubernetesObject & {
    apiVersion: string;
    kind: string;
    metadata: { name: string };
  };
}

function groupOf(apiVersion: string) {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** The Tekton objects of the files, checked to be applicable to the namespace. */
function manifestsOf(
  files: RepositoryFile[],
  namespace: string,
  applicableGroups: string[],
): Manifest[] {
  const manifests: Manifest[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    for (const document of file.documents) {
      const object = document as Manifest['object'];
      if (
        typeof object?.apiVersion !== 'string' ||
        typeof object.kind !== 'string' ||
        typeof object.metadata?.name !== 'string'
      ) {
        throw new InputError(
          `${file.path} holds a document that is not a Kubernetes object with apiVersion, kind and metadata.name`,
        );
      }
      const id = `${object.kind}/${object.metadata.name}`;
      const group = groupOf(object.apiVersion);
      if (!applicableGroups.includes(group)) {
        throw new InputError(
          `${file.path} ${id} is a ${
            object.apiVersion
          } object; only ${applicableGroups.join(' and ')} objects are applied${
            group === ARGOCD_GROUP
              ? ' (Argo CD Applications only with tektonDag.scaffolder.applyArgoCdApplications)'
              : ''
          }`,
        );
      }
      const own = object.metadata.namespace;
      if (own !== undefined && own !== namespace) {
        throw new InputError(
          `${file.path} ${id} is for namespace "${own}", not "${namespace}"`,
        );
      }
      if (seen.has(`${object.apiVersion}/${id}`))
        throw new InputError(`${id} is given twice (again in ${file.path})`);
      seen.add(`${object.apiVersion}/${id}`);
      manifests.push({ file: file.path, object });
    }
  }
  // The seed's order: Tasks before the Pipelines that use them, Pipelines before Triggers.
  const wave = (m: Manifest) => seedWaveOfKind(m.object.kind) ?? 99;
  return manifests
    .map((m, index) => ({ m, index }))
    .sort((a, b) => wave(a.m) - wave(b.m) || a.index - b.index)
    .map(({ m }) => m);
}

function missingTasks(problems: ValidationProblem[]): string[] {
  return [
    ...new Set(
      problems.map(missingTaskOf).filter((name): name is string => !!name),
    ),
  ];
}

/**
 * `tekton-dag:pipeline:apply`: applies Tekton resources of the workspace to a configured
 * cluster, for teams without GitOps and for the local demo.
 *
 * @public
 */
export function createPipelineApplyAction(options: { config: Config }) {
  // Read once: the registry keeps each cluster's connection (and its kubeconfig) across steps.
  const clusters = new ClusterRegistry(readClustersConfig(options.config));
  const applicableGroups = options.config.getOptionalBoolean(
    'tektonDag.scaffolder.applyArgoCdApplications',
  )
    ? [...TEKTON_GROUPS, ARGOCD_GROUP]
    : TEKTON_GROUPS;
  return createTemplateAction({
    id: PIPELINE_APPLY_ACTION_ID,
    description:
      'Applies a Tekton Pipeline of the workspace (and the Tasks and Triggers given with it) to a cluster of tektonDag.clusters: created, or replaced when it exists. Validated first; a dry run only validates',
    examples,
    supportsDryRun: true,
    schema: {
      input: pipelineApplyInput,
      output: z =>
        z.object({
          cluster: z.string().describe('The cluster applied to'),
          namespace: z.string().describe('The namespace applied to'),
          applied: z
            .array(
              z.object({
                apiVersion: z.string(),
                kind: z.string(),
                name: z.string(),
                namespace: z.string(),
                action: z
                  .string()
                  .describe(
                    'created, configured or unchanged; dry-run in a dry run',
                  ),
              }),
            )
            .describe('Each object, in the order applied'),
        }),
    },
    async handler(ctx) {
      assertValidInput(pipelineApplyInput, ctx.input);
      const { input, workspacePath, logger } = ctx;
      const { namespace } = input;
      assertDnsLabel(namespace, 'The namespace');
      const cluster = findCluster(clusters, input.cluster);

      const files = [...(input.additionalPaths ?? []), input.path].flatMap(
        relative => {
          const normalized = normalizeRelativePath(relative);
          const absolute = workspaceFile(workspacePath, normalized);
          if (!fs.existsSync(absolute))
            throw new InputError(`${normalized} is not in the workspace`);
          return readYamlFiles(absolute, normalized);
        },
      );
      const manifests = manifestsOf(files, namespace, applicableGroups);
      if (manifests.length === 0) {
        throw new InputError(
          `${input.path} holds no Tekton resources to apply`,
        );
      }

      // Everything but Tasks that may already be on the cluster must hold now. An Application is
      // checked against the workspace (the repository it syncs), which holds the path it names.
      const hasApplications = manifests.some(
        m => groupOf(m.object.apiVersion) === ARGOCD_GROUP,
      );
      const problems = validateFiles(
        files,
        hasApplications ? readYamlFiles(workspacePath, '.') : [],
      );
      const fatal = problems.filter(p => !missingTaskOf(p));
      if (fatal.length > 0)
        throw validationError(`The resources of ${input.path}`, fatal);
      const missing = missingTasks(problems);

      const summary = manifests
        .map(m => `${m.object.kind}/${m.object.metadata.name}`)
        .join(', ');
      if (ctx.isDryRun) {
        if (missing.length > 0) {
          logger.warn(
            `Tasks ${missing.join(
              ', ',
            )} are not applied with the pipeline; they must be in namespace ${namespace} of cluster ${
              cluster.name
            }`,
          );
        }
        logger.info(
          `Dry run: would apply ${summary} to namespace ${namespace} of cluster ${cluster.name}`,
        );
        ctx.output('cluster', cluster.name);
        ctx.output('namespace', namespace);
        ctx.output(
          'applied',
          manifests.map(m => ({
            apiVersion: m.object.apiVersion,
            kind: m.object.kind,
            name: m.object.metadata.name,
            namespace,
            action: 'dry-run',
          })),
        );
        return;
      }

      const hash = createHash('sha256')
        .update(JSON.stringify(manifests.map(m => m.object)))
        .digest('hex')
        .slice(0, 16);
      const applied = await ctx.checkpoint<AppliedObject[]>({
        key: `tekton-dag.apply.${cluster.name}.${namespace}.${hash}`,
        fn: async () => {
          const client = new ClusterClient(cluster);
          if (missing.length > 0) {
            const onCluster = await client.list(
              TEKTON_API_VERSION,
              'Task',
              namespace,
            );
            const names = new Set(onCluster.map(t => t.metadata?.name));
            const absent = missing.filter(name => !names.has(name));
            if (absent.length > 0) {
              throw validationError(
                `The resources of ${input.path}`,
                problems.filter(p => absent.includes(missingTaskOf(p) ?? '')),
                `Tasks ${absent.join(
                  ', ',
                )} are neither applied with it (additionalPaths) nor in namespace ${namespace} of cluster ${
                  cluster.name
                }.`,
              );
            }
          }
          if (await client.ensureNamespace(namespace, !!input.createNamespace))
            logger.info(
              `Created namespace ${namespace} on cluster ${cluster.name}`,
            );
          const results: AppliedObject[] = [];
          for (const manifest of manifests) {
            const result = await client.apply(manifest.object, namespace);
            logger.info(
              `${result.kind}/${result.name} ${result.action} in namespace ${namespace} of cluster ${cluster.name}`,
            );
            results.push(result);
          }
          return results;
        },
      });

      ctx.output('cluster', cluster.name);
      ctx.output('namespace', namespace);
      ctx.output('applied', applied);
    },
  });
}
