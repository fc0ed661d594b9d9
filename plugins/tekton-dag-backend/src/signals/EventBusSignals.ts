import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';

type Signal = Parameters<SignalsService['publish']>[0];

/**
 * Publishes signals through the events backend's bus only: `POST /bus/v1/events` with the
 * signals plugin's topic and payload, telling no subscriber locally first. Backstage's signals
 * service delivers to its own replica's browsers before it writes to the bus, so a publish
 * whose bus write fails (the database unreachable) has reached those browsers already, and a
 * retry tells them twice. Through the bus alone, a signal reaches every replica's browsers
 * once it is written, or none: the status-change outbox can retry it safely.
 *
 * Without an events backend (404), or when nobody subscribes through the bus (204: this
 * backend's signals plugin listens locally), it falls back to the signals service.
 */
export class EventBusSignals {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      signals: SignalsService;
    },
  ) {}

  async publish(signal: Signal): Promise<void> {
    const { discovery, auth, signals } = this.options;
    const baseUrl = await discovery.getBaseUrl('events');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'events',
    });
    const response = await fetch(`${baseUrl}/bus/v1/events`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        event: { topic: 'signals', payload: signal },
        notifiedSubscribers: [],
      }),
    });
    if (response.status === 201) return;
    if (response.status === 204 || response.status === 404) {
      await signals.publish(signal);
      return;
    }
    throw new Error(
      `The events backend refused a signal on ${signal.channel} (${response.status})`,
    );
  }
}
