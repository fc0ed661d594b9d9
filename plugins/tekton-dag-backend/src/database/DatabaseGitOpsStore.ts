import { createHash } from 'crypto';
import type { Knex } from 'knex';
import type { GitOpsSource } from '@tekton-dag/plugin-tekton-dag-common';
import type { GitOpsInterest, GitOpsStore } from './GitOpsStore';
import { TABLES } from './tables';

const INTERESTS = TABLES.gitopsInterests;
const CLAIMS = TABLES.signalClaims;

/** A source and namespace as one key (namespace names cannot contain a newline). */
export function interestSourceKey(source: GitOpsSource, namespace?: string) {
  const where = source.kind === 'kubernetes' ? source.cluster : source.instance;
  return [source.kind, where, namespace ?? '*'].join('\n');
}

export class DatabaseGitOpsStore implements GitOpsStore {
  constructor(private readonly db: Knex) {}

  async saveInterest(interest: GitOpsInterest): Promise<void> {
    const { source } = interest;
    await this.db(INTERESTS)
      .insert({
        entity_ref: interest.entityRef,
        source_key: interestSourceKey(source, interest.namespace),
        source_kind: source.kind,
        source_name:
          source.kind === 'kubernetes' ? source.cluster : source.instance,
        namespace: interest.namespace ?? null,
        names: JSON.stringify(interest.names),
        selector: interest.selector ?? null,
        seen_at: new Date(),
      })
      .onConflict(['entity_ref', 'source_key'])
      .merge();
  }

  async listInterests(): Promise<GitOpsInterest[]> {
    const rows = await this.db(INTERESTS).select();
    return rows.map(row => ({
      entityRef: row.entity_ref,
      source:
        row.source_kind === 'kubernetes'
          ? { kind: 'kubernetes', cluster: row.source_name }
          : { kind: 'argocd', instance: row.source_name },
      namespace: row.namespace ?? undefined,
      names: JSON.parse(row.names),
      selector: row.selector ?? undefined,
    }));
  }

  async claim(key: string): Promise<boolean> {
    const claim = createHash('sha256').update(key).digest('hex');
    const rows = await this.db(CLAIMS)
      .insert({ claim, claimed_at: new Date() })
      .onConflict('claim')
      .ignore()
      .returning('claim');
    return rows.length === 1;
  }

  async deleteStale(options: {
    interestsSeenBefore: Date;
    claimsBefore: Date;
  }): Promise<void> {
    await this.db(INTERESTS)
      .where('seen_at', '<', options.interestsSeenBefore)
      .delete();
    await this.db(CLAIMS)
      .where('claimed_at', '<', options.claimsBefore)
      .delete();
  }
}
