/** A kind of object the API server serves, built in or defined by a CustomResourceDefinition. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Whether `status` is a subresource: ignored on create/update, written via `/status`. */
  statusSubresource: boolean;
  /** Columns for `kubectl get` (CRD additionalPrinterColumns). */
  printerColumns?: Array<{ name: string; type: string; jsonPath: string }>;
  /** A custom resource's OpenAPI v3 schema (its CRD's openAPIV3Schema for this version). */
  schema?: Record<string, any>;
}

export const groupVersionOf = (type: ResourceType) =>
  type.group ? `${type.group}/${type.version}` : type.version;

export const typeKey = (group: string, version: string, plural: string) =>
  `${group}/${version}/${plural}`;

const core = (
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType => ({
  group: '',
  version: 'v1',
  kind,
  plural,
  singular: kind.toLowerCase(),
  namespaced,
  statusSubresource: false,
  ...extra,
});

/** The built-in kinds: what kubectl, Argo CD's manifests and the Tekton executor need. */
export const BUILT_IN_TYPES: ResourceType[] = [
  core('Namespace', 'namespaces', false, {
    shortNames: ['ns'],
    statusSubresource: true,
  }),
  core('ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  core('Secret', 'secrets', true),
  core('ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'] }),
  core('Pod', 'pods', true, {
    shortNames: ['po'],
    categories: ['all'],
    statusSubresource: true,
    printerColumns: [
      { name: 'Status', type: 'string', jsonPath: '.status.phase' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ],
  }),
  core('Service', 'services', true, {
    shortNames: ['svc'],
    categories: ['all'],
    statusSubresource: true,
  }),
  core('PersistentVolumeClaim', 'persistentvolumeclaims', true, {
    shortNames: ['pvc'],
    statusSubresource: true,
  }),
  core('Event', 'events', true, { shortNames: ['ev'] }),
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    statusSubresource: true,
  },
  {
    group: 'policy',
    version: 'v1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    namespaced: true,
    shortNames: ['pdb'],
    statusSubresource: true,
  },
  ...(
    [
      ['Role', 'roles', true],
      ['RoleBinding', 'rolebindings', true],
      ['ClusterRole', 'clusterroles', false],
      ['ClusterRoleBinding', 'clusterrolebindings', false],
    ] as const
  ).map(([kind, plural, namespaced]) => ({
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    statusSubresource: false,
  })),
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    statusSubresource: true,
  },
];

/** The resource types a CustomResourceDefinition object defines (one per served version). */
export function typesFromCrd(crd: any): ResourceType[] {
  const spec = crd?.spec ?? {};
  const names = spec.names ?? {};
  return (spec.versions ?? [])
    .filter((v: any) => v.served !== false)
    .map((v: any) => ({
      group: spec.group,
      version: v.name,
      kind: names.kind,
      plural: names.plural,
      singular: names.singular ?? String(names.kind).toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      shortNames: names.shortNames,
      categories: names.categories,
      statusSubresource: !!v.subresources?.status,
      printerColumns: v.additionalPrinterColumns,
      schema: v.schema?.openAPIV3Schema,
    }));
}

const crd = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  options: {
    shortNames?: string[];
    categories?: string[];
    status?: boolean;
    printerColumns?: Array<{ name: string; type: string; jsonPath: string }>;
    description?: string;
    /** The spec's fields, described for kubectl explain: name to [type, description]. */
    specFields?: Record<string, [string, string]>;
  } = {},
) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: {
      kind,
      listKind: `${kind}List`,
      plural,
      singular: kind.toLowerCase(),
      shortNames: options.shortNames,
      categories: options.categories,
    },
    versions: [
      {
        name: version,
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            description: options.description,
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              // Argo CD validates the rest itself: deeper fields, and any not listed, are kept.
              spec: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
                properties: Object.fromEntries(
                  Object.entries(options.specFields ?? {}).map(
                    ([name, [type, description]]) => [
                      name,
                      type === 'string[]'
                        ? {
                            type: 'array',
                            description,
                            items: { type: 'string' },
                          }
                        : {
                            type,
                            description,
                            ...(type === 'array'
                              ? {
                                  items: {
                                    type: 'object',
                                    'x-kubernetes-preserve-unknown-fields':
                                      true,
                                  },
                                }
                              : {}),
                            ...(type === 'object'
                              ? { 'x-kubernetes-preserve-unknown-fields': true }
                              : {}),
                          },
                    ],
                  ),
                ),
              },
              status: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
              },
              // Argo CD's sync operation lives beside spec and status.
              operation: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
              },
            },
          },
        },
        subresources: options.status ? { status: {} } : undefined,
        additionalPrinterColumns: options.printerColumns,
      },
    ],
  },
});

/**
 * Argo CD's CRDs, which the local cluster starts with because it embeds Argo CD's syncer.
 * Tekton's come from the repository (argocd/tekton-crds), the same files Argo CD installs.
 */
export const ARGOCD_CRDS = [
  crd('argoproj.io', 'v1alpha1', 'Application', 'applications', {
    shortNames: ['app', 'apps'],
    categories: ['argocd'],
    description:
      'Application is a group of Kubernetes resources defined in a git repository, which Argo CD keeps in sync.',
    specFields: {
      project: ['string', 'The AppProject the application belongs to.'],
      source: [
        'object',
        'Where the manifests are: repoURL, targetRevision and path.',
      ],
      sources: ['array', 'Several sources, instead of source.'],
      destination: [
        'object',
        'The cluster (server or name) and namespace to deploy to.',
      ],
      syncPolicy: [
        'object',
        'When and how to sync: automated (prune, selfHeal) and syncOptions.',
      ],
      ignoreDifferences: [
        'array',
        'Differences to ignore when comparing with the cluster.',
      ],
      info: ['array', 'Extra information shown with the application.'],
      revisionHistoryLimit: [
        'integer',
        'How many past syncs are kept in status.history.',
      ],
    },
    // As Argo CD's own CRD prints them.
    printerColumns: [
      { name: 'Sync Status', type: 'string', jsonPath: '.status.sync.status' },
      {
        name: 'Health Status',
        type: 'string',
        jsonPath: '.status.health.status',
      },
      { name: 'Revision', type: 'string', jsonPath: '.status.sync.revision' },
    ],
    status: true,
  }),
  crd('argoproj.io', 'v1alpha1', 'AppProject', 'appprojects', {
    shortNames: ['appproj'],
    categories: ['argocd'],
    description:
      'AppProject groups applications and restricts what they may deploy, and where.',
    specFields: {
      description: ['string', 'What the project is for.'],
      sourceRepos: [
        'string[]',
        'Repositories the applications may deploy from.',
      ],
      destinations: [
        'array',
        'Clusters and namespaces the applications may deploy to.',
      ],
      clusterResourceWhitelist: [
        'array',
        'Cluster-scoped kinds the applications may deploy.',
      ],
      namespaceResourceWhitelist: [
        'array',
        'Namespaced kinds the applications may deploy.',
      ],
      roles: ['array', 'Roles of the project, with their policies.'],
    },
  }),
];
