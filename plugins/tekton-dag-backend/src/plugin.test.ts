import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { recordingSignals } from './__testUtils__/signals';
import { startTektonDagBackend } from './__testUtils__/testBackend';
import { createTestDatabases } from './__testUtils__/testDatabases';

jest.setTimeout(60_000);

describe('tektonDagPlugin', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'serves its API over HTTP on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTektonDagBackend({
        knex,
        tektonDag: {
          clusters: [
            {
              name: 'local',
              type: 'local',
              kubeconfigPath: '/nonexistent/kubeconfig',
            },
            {
              name: 'prod',
              type: 'url',
              // A closed local port: the tracker's connection attempts stay on this machine.
              url: 'https://127.0.0.1:1',
              serviceAccountToken: 'sa-token-value',
            },
          ],
        },
        features: [
          recordingSignals().factory,
          // Requests without a token are anonymous, as they are in a real backend.
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
        ],
      });

      const { server } = backend;
      // The health check needs no credentials and touches the database.
      const health = await request(server).get('/api/tekton-dag/health');
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok' });
      expect(await knex.schema.hasTable('tekton_dag_runs')).toBe(true);

      // Everything else does.
      const anonymous = await request(server).get('/api/tekton-dag/clusters');
      expect(anonymous.status).toBe(401);

      const clusters = await request(server)
        .get('/api/tekton-dag/clusters')
        .set('Authorization', mockCredentials.user.header());
      expect(clusters.status).toBe(200);
      expect(clusters.body.items).toEqual([
        { name: 'local', type: 'local', reachable: false },
        { name: 'prod', type: 'url', reachable: false },
      ]);
      expect(clusters.text).not.toContain('sa-token-value');
      // Its trackers stop before the test databases close.
      await backend.stop();
    },
  );
});
