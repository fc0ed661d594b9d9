/**
 * Where run history lives. Grows with the run tracker; today it owns the schema and answers
 * whether the database is reachable.
 */
export interface RunStore {
  /** Resolves when the database answers; rejects with the driver's error otherwise. */
  checkConnection(): Promise<void>;
}
