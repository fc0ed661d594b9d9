import { mockServices } from '@backstage/backend-test-utils';
import { GiteaEventRouter } from './GiteaEventRouter';

describe('GiteaEventRouter', () => {
  const events = mockServices.events.mock();
  const router = new GiteaEventRouter({ events });

  beforeEach(() => jest.clearAllMocks());

  it('subscribes to the topic gitea', async () => {
    await router.subscribe();
    expect(events.subscribe).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'GiteaEventRouter', topics: ['gitea'] }),
    );
  });

  it('routes by x-gitea-event, else x-forgejo-event', async () => {
    const eventPayload = { action: 'opened' };
    await router.onEvent({
      topic: 'gitea',
      eventPayload,
      metadata: { 'x-gitea-event': 'pull_request', 'x-forgejo-event': 'x' },
    });
    await router.onEvent({
      topic: 'gitea',
      eventPayload,
      metadata: { 'x-forgejo-event': 'push' },
    });
    expect(events.publish.mock.calls.map(([e]) => e.topic)).toEqual([
      'gitea.pull_request',
      'gitea.push',
    ]);
    expect(events.publish.mock.calls[0][0]).toMatchObject({
      eventPayload,
      metadata: { 'x-gitea-event': 'pull_request' },
    });
  });

  it('drops events without an event header', async () => {
    await router.onEvent({ topic: 'gitea', eventPayload: {}, metadata: {} });
    await router.onEvent({ topic: 'gitea', eventPayload: {} });
    expect(events.publish).not.toHaveBeenCalled();
  });
});
