import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { EventParams, eventsServiceRef } from '@backstage/plugin-events-node';
import { createHmac } from 'crypto';
import eventsPlugin from '@backstage/plugin-events-backend';
import request from 'supertest';
import eventsModuleGitea from './index';

const SECRET = 'xyz';

// A trimmed Gitea pull_request payload.
const body = JSON.stringify({
  action: 'opened',
  number: 1,
  pull_request: { id: 42, title: 'Add feature', head: { ref: 'feature' } },
  repository: { full_name: 'org/repo' },
});

function sign(payload: string, secret = SECRET) {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

// Records every event on the raw and the routed topics. The test backend's
// events service (mockServices.events) calls subscribers within `publish`,
// and the ingress awaits `publish` before it responds, so the recorder is
// complete by the time the response arrives.
function createRecorder() {
  const received: EventParams[] = [];
  const module = createBackendModule({
    pluginId: 'events',
    moduleId: 'test-recorder',
    register(env) {
      env.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'test-recorder',
            topics: ['gitea', 'gitea.pull_request'],
            onEvent: async params => {
              received.push(params);
            },
          });
        },
      });
    },
  });
  return { received, module };
}

async function startBackend(gitea: { webhookSecret?: string } = {}) {
  const recorder = createRecorder();
  const logger = mockServices.logger.mock();
  const { server } = await startTestBackend({
    features: [
      // A static import: Jest here runs without --experimental-vm-modules,
      // which dynamic import() of a package needs.
      eventsPlugin,
      eventsModuleGitea,
      recorder.module,
      logger.factory,
      mockServices.rootConfig.factory({
        data: { events: { modules: { gitea } } },
      }),
    ],
  });
  return { server, received: recorder.received, logger };
}

function routed(received: EventParams[]) {
  return received.filter(e => e.topic === 'gitea.pull_request');
}

function rejections(logger: ReturnType<typeof mockServices.logger.mock>) {
  return logger.warn.mock.calls.filter(([message]) =>
    String(message).startsWith('Rejected webhook request'),
  );
}

describe('eventsModuleGitea', () => {
  it('accepts a Gitea webhook with a valid signature and routes it', async () => {
    const { server, received, logger } = await startBackend({
      webhookSecret: SECRET,
    });

    const response = await request(server)
      .post('/api/events/http/gitea')
      .set('Content-Type', 'application/json')
      .set('X-Gitea-Event', 'pull_request')
      .set('X-Gitea-Delivery', 'delivery-1')
      .set('X-Gitea-Signature', sign(body))
      .send(body);

    expect(response.status).toBe(202);
    expect(received.map(e => e.topic)).toEqual(['gitea', 'gitea.pull_request']);
    const [event] = routed(received);
    expect(event.eventPayload).toEqual(JSON.parse(body));
    expect(event.metadata).toMatchObject({
      'x-gitea-event': 'pull_request',
      'x-gitea-delivery': 'delivery-1',
      'content-type': 'application/json',
    });
    expect(rejections(logger)).toEqual([]);
  });

  it('accepts a Forgejo webhook with a valid signature and routes it', async () => {
    const { server, received } = await startBackend({ webhookSecret: SECRET });

    const response = await request(server)
      .post('/api/events/http/gitea')
      .set('Content-Type', 'application/json')
      .set('X-Forgejo-Event', 'pull_request')
      .set('X-Forgejo-Signature', sign(body))
      .send(body);

    expect(response.status).toBe(202);
    expect(routed(received)).toHaveLength(1);
    expect(routed(received)[0].eventPayload).toEqual(JSON.parse(body));
  });

  it('rejects a signature made with another secret', async () => {
    const { server, received, logger } = await startBackend({
      webhookSecret: SECRET,
    });
    const signature = sign(body, 'not-the-secret');

    const response = await request(server)
      .post('/api/events/http/gitea')
      .set('Content-Type', 'application/json')
      .set('X-Gitea-Event', 'pull_request')
      .set('X-Gitea-Delivery', 'delivery-2')
      .set('X-Gitea-Signature', signature)
      .send(body);

    expect(response.status).toBe(403);
    expect(response.body).toEqual({ message: 'invalid signature' });
    expect(received).toEqual([]);

    const logged = rejections(logger);
    expect(logged).toEqual([
      [
        'Rejected webhook request on topic gitea: signature mismatch',
        {
          topic: 'gitea',
          deliveryId: 'delivery-2',
          reason: 'signature mismatch',
        },
      ],
    ]);
    // Neither the secret nor the signature may end up in the logs.
    const text = JSON.stringify(logger.warn.mock.calls);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(signature);
  });

  it('rejects a request without a signature header', async () => {
    const { server, received, logger } = await startBackend({
      webhookSecret: SECRET,
    });

    const response = await request(server)
      .post('/api/events/http/gitea')
      .set('Content-Type', 'application/json')
      .set('X-Gitea-Event', 'pull_request')
      .set('X-Forgejo-Delivery', 'delivery-3')
      .send(body);

    expect(response.status).toBe(403);
    expect(response.body).toEqual({ message: 'invalid signature' });
    expect(received).toEqual([]);
    expect(rejections(logger)).toEqual([
      [
        'Rejected webhook request on topic gitea: missing signature',
        {
          topic: 'gitea',
          deliveryId: 'delivery-3',
          reason: 'missing signature',
        },
      ],
    ]);
  });

  it('rejects a body altered after signing', async () => {
    const { server, received } = await startBackend({ webhookSecret: SECRET });
    const signature = sign(body);
    // One byte changed, and still valid JSON, so only the signature catches it.
    const altered = body.replace('"number":1', '"number":2');
    expect(altered).not.toBe(body);
    expect(altered).toHaveLength(body.length);

    const response = await request(server)
      .post('/api/events/http/gitea')
      .set('Content-Type', 'application/json')
      .set('X-Gitea-Event', 'pull_request')
      .set('X-Gitea-Signature', signature)
      .send(altered);

    expect(response.status).toBe(403);
    expect(received).toEqual([]);

    // Control: the unaltered body with the same signature goes through.
    const control = await request(server)
      .post('/api/events/http/gitea')
      .set('Content-Type', 'application/json')
      .set('X-Gitea-Event', 'pull_request')
      .set('X-Gitea-Signature', signature)
      .send(body);
    expect(control.status).toBe(202);
    expect(routed(received)).toHaveLength(1);
  });

  it('registers no endpoint without a secret', async () => {
    const { server, received, logger } = await startBackend();

    const response = await request(server)
      .post('/api/events/http/gitea')
      .set('Content-Type', 'application/json')
      .set('X-Gitea-Event', 'pull_request')
      .set('X-Gitea-Signature', sign(body))
      .send(body);

    expect(response.status).toBe(404);
    expect(received).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'No events.modules.gitea.webhookSecret configured',
      ),
    );
  });
});
