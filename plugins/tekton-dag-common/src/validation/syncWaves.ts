/**
 * The install order of the design this project comes from: Argo CD installs the Tekton CRDs,
 * then RBAC, Tasks, Pipelines, Triggers and finally the tekton-dag portal, one sync wave each.
 */
export interface SyncWave {
  wave: number;
  title: string;
  /** Resource kinds that belong to this wave. */
  kinds: string[];
}

export const SEED_SYNC_WAVES: SyncWave[] = [
  { wave: -1, title: 'Tekton CRDs', kinds: ['CustomResourceDefinition'] },
  {
    wave: 0,
    title: 'RBAC and ServiceAccounts',
    kinds: [
      'Namespace',
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'ClusterRole',
      'ClusterRoleBinding',
    ],
  },
  { wave: 1, title: 'Tasks', kinds: ['Task'] },
  { wave: 2, title: 'Pipelines', kinds: ['Pipeline'] },
  {
    wave: 3,
    title: 'Triggers and EventListeners',
    kinds: [
      'TriggerBinding',
      'ClusterTriggerBinding',
      'TriggerTemplate',
      'EventListener',
      'Trigger',
      'Interceptor',
    ],
  },
  {
    wave: 4,
    title: 'tekton-dag portal',
    kinds: ['Deployment', 'StatefulSet', 'Service', 'Ingress'],
  },
];

/** Kinds that ride along with whatever needs them, in any wave. */
export const WAVELESS_KINDS = ['ConfigMap', 'Secret', 'Kustomization'];

/** The seed wave of a kind, or undefined for kinds the seed does not order. */
export function seedWaveOfKind(
  kind: string,
  waves = SEED_SYNC_WAVES,
): number | undefined {
  return waves.find(w => w.kinds.includes(kind))?.wave;
}
