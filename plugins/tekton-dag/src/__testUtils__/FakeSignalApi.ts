import type { SignalApi } from '@backstage/plugin-signals-react';

/** Signals delivered by the test: `publish` reaches the components subscribed to a channel. */
export class FakeSignalApi implements SignalApi {
  private subscribers = new Map<string, Set<(message: any) => void>>();

  subscribe(channel: string, onMessage: (message: any) => void) {
    if (!this.subscribers.has(channel))
      this.subscribers.set(channel, new Set());
    this.subscribers.get(channel)!.add(onMessage);
    return {
      unsubscribe: () => this.subscribers.get(channel)?.delete(onMessage),
    };
  }

  channels() {
    return [...this.subscribers.entries()]
      .filter(([, s]) => s.size > 0)
      .map(([c]) => c);
  }

  publish(channel: string, message: any) {
    this.subscribers.get(channel)?.forEach(deliver => deliver(message));
  }
}
