import type { TaskRunRecord } from '../database/RunStore';

export interface JUnitSummary {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/**
 * A finished task run's `junit-summary` result ({"tests":n,"failures":n,"errors":n,
 * "skipped":n}), the counts test Tasks report when no upload is configured; undefined when
 * it is missing or not such counts.
 */
export function junitSummaryOf(
  taskRun: TaskRunRecord,
): JUnitSummary | undefined {
  const done = ['Succeeded', 'Failed'].includes(taskRun.status);
  const raw = taskRun.results?.['junit-summary'];
  if (!done || typeof raw !== 'string' || !raw.trim()) return undefined;
  try {
    const parsed = JSON.parse(raw);
    const counts = ['tests', 'failures', 'errors', 'skipped'].map(
      k => parsed?.[k] ?? 0,
    );
    if (!counts.every(n => Number.isInteger(n) && n >= 0)) return undefined;
    const [tests, failures, errors, skipped] = counts;
    return { tests, failures, errors, skipped };
  } catch {
    return undefined;
  }
}
