/** About 5 MB of ASCII: enough for any log a person reads in the browser. */
export const MAX_LOG_CHARS = 5 * 1024 * 1024;

/** A log's tail as kept in memory, and whether its beginning was cut off. */
export interface CappedLog {
  text: string;
  truncated: boolean;
}

export const emptyLog: CappedLog = { text: '', truncated: false };

/**
 * Appends a chunk, dropping the oldest output once the log outgrows `maxChars`. It cuts down
 * to 80 % of the cap (at a line start when one is near) so that a chatty step does not pay
 * for a cut, and a full re-render of the viewer, on every chunk.
 */
export function appendCapped(
  log: CappedLog,
  chunk: string,
  maxChars: number = MAX_LOG_CHARS,
): CappedLog {
  const text = log.text + chunk;
  if (text.length <= maxChars) return { text, truncated: log.truncated };
  let cut = text.length - Math.floor(maxChars * 0.8);
  const lineStart = text.indexOf('\n', cut) + 1;
  if (lineStart > 0 && lineStart - cut < maxChars * 0.1) cut = lineStart;
  return { text: text.slice(cut), truncated: true };
}
