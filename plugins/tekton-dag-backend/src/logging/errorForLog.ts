/**
 * An error as it may be logged: its name and the first line of its message, at most 300
 * characters, no stack. A database driver's message (knex puts the SQL with its values in
 * front) can hold run data, a step's log or a token; the end of the line is the database's
 * own reason.
 */
export function errorForLog(error: unknown): Error {
  const source = error as { name?: string; message?: string; code?: unknown };
  let text = String(source?.message ?? error).split('\n')[0];
  // knex: "<sql with values> - <the database's message>"
  const sqlEnd = text.lastIndexOf(' - ');
  if (/^(insert|update|delete|select|with)\b/i.test(text) && sqlEnd > 0)
    text = text.slice(sqlEnd + 3);
  const logged = new Error(text.length > 300 ? `…${text.slice(-300)}` : text);
  logged.name = source?.name ?? 'Error';
  logged.stack = undefined;
  return logged;
}
