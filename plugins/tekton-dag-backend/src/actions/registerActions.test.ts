import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { testRunRecord } from '../__testUtils__/runRecord';
import type { TektonDagActionsOptions } from './helpers';
import { registerTektonDagActions } from './registerActions';

/**
 * Through Backstage's own actions registry, as an MCP client or the Backstage CLI reaches it:
 * ids are `tekton-dag:<name>`, the caller's token is the credentials, a denial is a 403.
 */
describe('tekton-dag actions in the actions registry', () => {
  const shopApi = shopComponent('shop-api', {
    'tekton-dag/pipelines': 'pr-pipeline',
  });

  async function backend(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
    const listRuns = jest.fn(async () => ({
      items: [testRunRecord('run-1', { status: 'Failed' })],
    }));
    const getEntityByRef = jest.fn(async () => shopApi);
    const { server } = await startTestBackend({
      features: [
        mockServices.permissions.factory({ result }),
        createBackendPlugin({
          pluginId: 'tekton-dag',
          register(env) {
            env.registerInit({
              deps: {
                actionsRegistry: actionsRegistryServiceRef,
                permissions: coreServices.permissions,
              },
              async init({ actionsRegistry, permissions }) {
                registerTektonDagActions({
                  actionsRegistry,
                  permissions,
                  store: { listRuns } as any,
                  catalog: { getEntityByRef },
                } as unknown as TektonDagActionsOptions & {
                  actionsRegistry: typeof actionsRegistry;
                });
              },
            });
          },
        }),
      ],
    });
    return { server, listRuns, getEntityByRef };
  }

  const invoke = (server: any, id: string, input: object) =>
    request(server)
      .post(`/api/tekton-dag/.backstage/actions/v1/actions/${id}/invoke`)
      .set('Authorization', mockCredentials.user.header('user:default/ada'))
      .send(input);

  it('lists and invokes them with the caller’s credentials', async () => {
    const { server, getEntityByRef } = await backend(AuthorizeResult.ALLOW);
    const listed = await request(server)
      .get('/api/tekton-dag/.backstage/actions/v1/actions')
      .set('Authorization', mockCredentials.user.header());
    expect(listed.status).toBe(200);
    expect(listed.body.actions.map((a: any) => a.id).sort()).toEqual([
      'tekton-dag:get-tekton-dag-run',
      'tekton-dag:get-tekton-dag-step-log',
      'tekton-dag:list-tekton-dag-runs',
      'tekton-dag:start-tekton-dag-run',
    ]);

    const res = await invoke(server, 'tekton-dag:list-tekton-dag-runs', {
      entityRef: 'shop-api',
    });
    expect(res.status).toBe(200);
    expect(res.body.output.runs).toEqual([
      expect.objectContaining({ id: 'run-1', status: 'Failed' }),
    ]);
    expect(getEntityByRef).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'shop-api' },
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({
            userEntityRef: 'user:default/ada',
          }),
        }),
      },
    );
  });

  it('answers 403 to a caller without permission', async () => {
    const { server, listRuns } = await backend(AuthorizeResult.DENY);
    const res = await invoke(server, 'tekton-dag:list-tekton-dag-runs', {
      entityRef: 'shop-api',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(listRuns).not.toHaveBeenCalled();
  });
});
