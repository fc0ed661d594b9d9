import type { Knex } from 'knex';
import type { LeaseStore } from './LeaseStore';
import { TABLES } from './tables';

const LEASES = TABLES.leases;

/**
 * Leases as rows. On PostgreSQL the database's clock decides expiry, so replicas whose clocks
 * differ still agree; SQLite serves a single replica, whose clock it uses.
 */
export class DatabaseLeaseStore implements LeaseStore {
  constructor(private readonly db: Knex) {}

  private get postgres() {
    return this.db.client.config.client === 'pg';
  }

  private now() {
    return this.postgres ? this.db.raw('now()') : new Date();
  }

  private inMs(ms: number) {
    return this.postgres
      ? this.db.raw("now() + ? * interval '1 millisecond'", [ms])
      : new Date(Date.now() + ms);
  }

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    // One statement: take a free or expired lease, or renew our own; never someone else's.
    const rows = await this.db(LEASES)
      .insert({
        name,
        holder,
        acquired_at: this.now(),
        expires_at: this.inMs(ttlMs),
      })
      .onConflict('name')
      .merge({
        holder: this.db.raw('excluded.holder'),
        expires_at: this.db.raw('excluded.expires_at'),
        acquired_at: this.db.raw(
          `case when ?? = excluded.holder then ?? else excluded.acquired_at end`,
          [`${LEASES}.holder`, `${LEASES}.acquired_at`],
        ),
      })
      .where(inner =>
        inner
          .where(`${LEASES}.holder`, holder)
          .orWhere(`${LEASES}.expires_at`, '<', this.now()),
      )
      .returning('holder');
    return rows.length === 1 && rows[0].holder === holder;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db(LEASES).where({ name, holder }).delete();
  }

  async holderOf(name: string): Promise<string | undefined> {
    const row = await this.db(LEASES)
      .where({ name })
      .where('expires_at', '>', this.now())
      .first('holder');
    return row?.holder;
  }
}
