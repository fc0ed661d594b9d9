import type { RunRecord } from '../database/RunStore';

/**
 * A finished run of shop-api's pr-pipeline on the local cluster, as the store keeps it; tests
 * override what they look at.
 */
export function testRunRecord(
  id: string,
  overrides: Partial<RunRecord> = {},
): RunRecord {
  return {
    id,
    name: `pr-pipeline-${id}`,
    namespace: 'shop',
    cluster: 'local',
    entityRef: 'component:default/shop-api',
    pipeline: 'pr-pipeline',
    status: 'Succeeded',
    createdAt: '2026-11-24T10:00:00.000Z',
    params: {},
    results: {},
    trigger: { kind: 'portal' },
    pruned: false,
    resourceVersion: 1,
    conditions: [],
    ...overrides,
  };
}
