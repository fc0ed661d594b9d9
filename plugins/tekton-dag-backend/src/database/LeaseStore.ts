/**
 * Named leases in the portal database: at most one replica holds each, for as long as it
 * renews it; when the holder stops renewing (it died), another takes it once it expires.
 */
export interface LeaseStore {
  /** Takes the lease, or renews it for its holder; true when `holder` holds it now. */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up at once (a replica shutting down), if `holder` holds it. */
  release(name: string, holder: string): Promise<void>;
  /** Who holds the lease now, if anyone. */
  holderOf(name: string): Promise<string | undefined>;
}
