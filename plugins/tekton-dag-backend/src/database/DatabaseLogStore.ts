import type { Knex } from 'knex';
import { gunzipSync, gzipSync } from 'zlib';
import type { ArchivedLog, LogStore } from './LogStore';
import { TABLES } from './tables';

const TABLE = TABLES.stepLogs;
/** UIDs per IN list: well under every database's parameter limit. */
const CHUNK = 500;

/**
 * Step logs kept in the portal database, gzip-compressed, at most `maxBytes` per step (the end
 * of a log is what people read, so a long log keeps its tail).
 */
export class DatabaseLogStore implements LogStore {
  constructor(private readonly db: Knex, private readonly maxBytes: number) {}

  async archive(entry: {
    taskRunUid: string;
    runUid: string;
    step: string;
    text: string;
  }) {
    let text = entry.text;
    let truncated = false;
    const bytes = Buffer.byteLength(text);
    if (bytes > this.maxBytes) {
      const buffer = Buffer.from(text).subarray(bytes - this.maxBytes);
      text = `[log cut to its last ${this.maxBytes} bytes]\n${buffer.toString(
        'utf8',
      )}`;
      truncated = true;
    }
    await this.db(TABLE)
      .insert({
        task_run_uid: entry.taskRunUid,
        run_uid: entry.runUid,
        step: entry.step,
        content: gzipSync(text),
        size: Buffer.byteLength(text),
        truncated,
        archived_at: new Date(),
      })
      .onConflict(['task_run_uid', 'step'])
      .merge();
  }

  async listUnarchived(taskRunUids: string[]): Promise<Set<string>> {
    const unarchived = new Set(taskRunUids);
    for (let i = 0; i < taskRunUids.length; i += CHUNK) {
      const rows = await this.db(TABLE)
        .whereIn('task_run_uid', taskRunUids.slice(i, i + CHUNK))
        .distinct('task_run_uid');
      for (const row of rows) unarchived.delete(row.task_run_uid);
    }
    return unarchived;
  }

  async deleteForRuns(runUids: string[], tx: Knex.Transaction): Promise<void> {
    for (let i = 0; i < runUids.length; i += CHUNK)
      await tx(TABLE)
        .whereIn('run_uid', runUids.slice(i, i + CHUNK))
        .delete();
  }

  async get(
    taskRunUid: string,
    step: string,
  ): Promise<ArchivedLog | undefined> {
    const row = await this.db(TABLE)
      .where({ task_run_uid: taskRunUid, step })
      .first();
    if (!row) return undefined;
    return {
      text: gunzipSync(row.content).toString('utf8'),
      truncated: !!row.truncated,
    };
  }
}
