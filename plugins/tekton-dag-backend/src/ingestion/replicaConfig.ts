import os from 'os';
import { randomBytes } from 'crypto';
import type { Config } from '@backstage/config';
import { DEFAULT_OWNERSHIP_TIMING, OwnershipTiming } from './ClusterIngestion';

/** This replica's name in leases and logs: host (the pod's name), process and a nonce. */
export function replicaId(): string {
  return `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** `tektonDag.clusterWatch.leaseSeconds`: how long a dead replica's clusters go unwatched. */
export function readOwnershipTiming(config: Config): OwnershipTiming {
  const seconds = config.getOptionalNumber(
    'tektonDag.clusterWatch.leaseSeconds',
  );
  if (seconds === undefined) return DEFAULT_OWNERSHIP_TIMING;
  if (!(seconds >= 2))
    throw new Error(
      `tektonDag.clusterWatch.leaseSeconds must be at least 2, not ${seconds}`,
    );
  return { leaseMs: seconds * 1000, renewMs: (seconds * 1000) / 4 };
}
