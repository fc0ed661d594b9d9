import type { Knex } from 'knex';
import type { DeliveryStore } from './DeliveryStore';
import { TABLES } from './tables';

const DELIVERIES = TABLES.webhookDeliveries;

/** Deliveries as rows keyed by `forge:delivery id`; the primary key makes recording atomic. */
export class DatabaseDeliveryStore implements DeliveryStore {
  constructor(private readonly db: Knex) {}

  async recordDelivery(key: string, at = new Date()): Promise<boolean> {
    const rows = await this.db(DELIVERIES)
      .insert({ delivery_key: key, received_at: at })
      .onConflict('delivery_key')
      .ignore()
      .returning('delivery_key');
    // SQLite and PostgreSQL both return only the rows inserted.
    return rows.length === 1;
  }

  async setOutcome(key: string, outcome: string, detail?: string) {
    await this.db(DELIVERIES)
      .where({ delivery_key: key })
      .update({ outcome, detail: detail?.slice(0, 2000) ?? null });
  }

  async forgetDelivery(key: string) {
    await this.db(DELIVERIES).where({ delivery_key: key }).delete();
  }

  async deleteBefore(before: Date): Promise<number> {
    return this.db(DELIVERIES).where('received_at', '<', before).delete();
  }
}
