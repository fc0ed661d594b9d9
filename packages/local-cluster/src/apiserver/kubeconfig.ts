import { stringify } from 'yaml';

/** A kubeconfig for kubectl and @kubernetes/client-node that points at the local cluster. */
export function renderKubeconfig(
  server: string,
  token: string,
  caCertificate: string,
  name = 'tekton-dag-local',
): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server,
          'certificate-authority-data':
            Buffer.from(caCertificate).toString('base64'),
        },
      },
    ],
    users: [{ name, user: { token } }],
    contexts: [
      { name, context: { cluster: name, user: name, namespace: 'default' } },
    ],
    'current-context': name,
    preferences: {},
  });
}
