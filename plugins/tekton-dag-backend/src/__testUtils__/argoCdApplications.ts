import type { LocalCluster } from '@tekton-dag/local-cluster';

/** The local cluster's Argo CD Application resource type. */
export function argoCdApplications(cluster: LocalCluster) {
  return cluster.store.findType('argoproj.io', 'v1alpha1', 'applications')!;
}

/**
 * Creates an Argo CD Application, in namespace argocd, of this repository's Tasks
 * (`tekton/tasks` at main), which the local cluster's Argo CD syncs from the checkout. It has
 * no automation: it stays OutOfSync until a sync is requested.
 */
export function createTasksApplication(
  cluster: LocalCluster,
  application: {
    name: string;
    labels?: Record<string, string>;
    destination: { server?: string; namespace: string };
  },
) {
  const { name, labels, destination } = application;
  return cluster.store.create(argoCdApplications(cluster), 'argocd', {
    metadata: { name, ...(labels && { labels }) },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://github.com/tekton-dag/tekton-dag.git',
        path: 'tekton/tasks',
        targetRevision: 'main',
      },
      destination,
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    },
  });
}
