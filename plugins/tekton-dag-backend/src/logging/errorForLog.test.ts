import { errorForLog } from './errorForLog';

describe('errorForLog', () => {
  it('keeps the database reason, not the statement and its values', () => {
    const error = new Error(
      "insert into tekton_dag_step_logs (content) values ('secret-token-123') - duplicate key value violates unique constraint",
    );
    error.name = 'DatabaseError';
    const logged = errorForLog(error);
    expect(logged.message).toBe(
      'duplicate key value violates unique constraint',
    );
    expect(logged.name).toBe('DatabaseError');
    expect(logged.stack).toBeUndefined();
    expect(JSON.stringify(logged)).not.toContain('secret-token');
  });

  it('keeps other messages to their first line and 300 characters', () => {
    expect(errorForLog(new Error('connect ECONNREFUSED\nmore')).message).toBe(
      'connect ECONNREFUSED',
    );
    expect(errorForLog(new Error('x'.repeat(1000))).message).toHaveLength(301);
    expect(errorForLog('plain').message).toBe('plain');
  });
});
