import { mockApis } from '@backstage/test-utils';
import { TektonDagClient } from './TektonDagClient';

const entity = { kind: 'Component', namespace: 'default', name: 'shop-api' };

/** A client whose fetch records each request and answers with `body` and `status`. */
function clientAnswering(body: unknown, status = 200) {
  const requests: Array<{ url: string; init?: RequestInit }> = [];
  const client = new TektonDagClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backend' }),
    fetchApi: {
      fetch: async (url: any, init?: RequestInit) => {
        requests.push({ url: String(url), init });
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json' },
        });
      },
    },
  });
  return { client, requests };
}

describe('TektonDagClient GitOps', () => {
  const base = 'http://backend/api/tekton-dag/entities/component/default';

  it("reads the entity's Applications", async () => {
    const { client, requests } = clientAnswering({ items: [], errors: [] });
    await expect(client.getEntityGitOps(entity)).resolves.toEqual({
      items: [],
      errors: [],
    });
    expect(requests[0].url).toBe(`${base}/shop-api/gitops`);
    expect(requests[0].init?.method).toBe('GET');
  });

  it.each([
    ['sync', 'syncApplication'],
    ['refresh', 'refreshApplication'],
  ] as const)(
    'asks to %s an Application with an empty JSON body',
    async (requested, method) => {
      const { client, requests } = clientAnswering(
        { application: 'shop api', requested },
        202,
      );
      await expect(client[method](entity, 'shop api')).resolves.toEqual({
        application: 'shop api',
        requested,
      });
      expect(requests[0].url).toBe(
        `${base}/shop-api/gitops/applications/shop%20api/${requested}`,
      );
      expect(requests[0].init).toMatchObject({ method: 'POST', body: '{}' });
    },
  );

  it('fails with the status when the policy denies the sync', async () => {
    const { client } = clientAnswering(
      { error: { name: 'NotAllowedError', message: 'Unauthorized' } },
      403,
    );
    await expect(
      client.syncApplication(entity, 'shop-api'),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 403 });
  });
});

describe('TektonDagClient runs', () => {
  it('lists runs with the list filters comma-separated, as the backend reads them', async () => {
    const { client, requests } = clientAnswering({ items: [] });
    await client.listRuns(
      {
        entityRef: 'component:default/shop-api',
        status: ['Failed', 'Cancelled'],
        trigger: ['pull_request', 'webhook'],
      },
      { limit: 20 },
    );
    const url = new URL(requests[0].url);
    expect(url.pathname).toBe('/api/tekton-dag/runs');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      entityRef: 'component:default/shop-api',
      status: 'Failed,Cancelled',
      trigger: 'pull_request,webhook',
      limit: '20',
    });
  });
});
