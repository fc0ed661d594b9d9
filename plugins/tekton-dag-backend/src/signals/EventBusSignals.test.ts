import http from 'http';
import type { AddressInfo } from 'net';
import { mockServices } from '@backstage/backend-test-utils';
import { EventBusSignals } from './EventBusSignals';

describe('EventBusSignals', () => {
  let server: http.Server;
  let status = 201;
  const received: Array<{ authorization?: string; body: any }> = [];
  let baseUrl: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let text = '';
      req.on('data', chunk => (text += chunk));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/api/events/bus/v1/events')
          received.push({
            authorization: req.headers.authorization,
            body: JSON.parse(text),
          });
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/events`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  const signal = {
    recipients: { type: 'broadcast' as const },
    channel: 'tekton-dag:runs',
    message: { type: 'run', runId: 'r', status: 'Running' },
  };

  it('writes to the event bus only, and falls back to the signals service where there is none', async () => {
    const local: unknown[] = [];
    const bus = new EventBusSignals({
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      auth: mockServices.auth(),
      signals: { publish: async s => void local.push(s) },
    });

    await bus.publish(signal);
    expect(received).toEqual([
      {
        authorization: expect.stringMatching(/^Bearer /),
        body: {
          event: { topic: 'signals', payload: signal },
          notifiedSubscribers: [],
        },
      },
    ]);
    // The bus took it: no browser is told locally first.
    expect(local).toEqual([]);

    // No bus subscriber (signals listen locally) or no events backend: the signals service.
    for (const answer of [204, 404]) {
      status = answer;
      await bus.publish(signal);
    }
    expect(local).toEqual([signal, signal]);

    // Refused: the caller (the outbox) tries again later; nobody was told.
    status = 500;
    await expect(bus.publish(signal)).rejects.toThrow(
      /refused a signal on tekton-dag:runs \(500\)/,
    );
    expect(local).toHaveLength(2);
  });
});
