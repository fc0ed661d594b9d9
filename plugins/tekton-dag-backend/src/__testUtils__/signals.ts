import { createServiceFactory } from '@backstage/backend-plugin-api';
import { signalsServiceRef } from '@backstage/plugin-signals-node';

/** A signals service that keeps what was published, for asserting live updates. */
export function recordingSignals() {
  const published: Array<{ channel: string; message: any }> = [];
  const factory = createServiceFactory({
    service: signalsServiceRef,
    deps: {},
    factory: () => ({
      publish: async (signal: { channel: string; message: any }) => {
        published.push({ channel: signal.channel, message: signal.message });
      },
    }),
  });
  return { published, factory };
}
