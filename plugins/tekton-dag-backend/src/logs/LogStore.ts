import type { Knex } from 'knex';
import { gunzipSync, gzipSync } from 'zlib';

const TABLE = 'tekton_dag_step_logs';

export interface ArchivedLog {
  text: string;
  truncated: boolean;
}

/**
 * Step logs kept in the portal database, gzip-compressed, at most `maxBytes` per step (the end
 * of a log is what people read, so a long log keeps its tail).
 */
export class DatabaseLogStore {
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

  async has(taskRunUid: string): Promise<boolean> {
    return !!(await this.db(TABLE)
      .where({ task_run_uid: taskRunUid })
      .first('step'));
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
