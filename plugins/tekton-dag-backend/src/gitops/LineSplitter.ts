/**
 * Splits text that arrives in chunks (a streamed answer) into lines as they complete, holding
 * at most one unfinished line: one longer than `maxLength` is reported and skipped up to its
 * end instead of being buffered. `\r\n` ends a line too. An unfinished last line is dropped,
 * since a stream cut mid-line did not send it whole.
 */
export class LineSplitter {
  private partial = '';
  /** Inside a line that grew too long: everything up to the next newline is dropped. */
  private skipping = false;

  constructor(
    private readonly options: {
      maxLength: number;
      onLine(line: string): void;
      onTooLong(): void;
    },
  ) {}

  push(chunk: string): void {
    const { maxLength, onLine, onTooLong } = this.options;
    let start = 0;
    for (
      let end = chunk.indexOf('\n');
      end !== -1;
      end = chunk.indexOf('\n', start)
    ) {
      const line = this.partial + chunk.slice(start, end);
      this.partial = '';
      start = end + 1;
      if (this.skipping) this.skipping = false;
      else if (line.length > maxLength) onTooLong();
      else onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    if (this.skipping) return;
    this.partial += chunk.slice(start);
    if (this.partial.length > maxLength) {
      this.partial = '';
      this.skipping = true;
      onTooLong();
    }
  }
}
