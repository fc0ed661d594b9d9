import { appendCapped, emptyLog } from './cappedLog';

describe('appendCapped', () => {
  it('keeps everything below the cap', () => {
    const log = appendCapped(appendCapped(emptyLog, 'a\n', 100), 'b\n', 100);
    expect(log).toEqual({ text: 'a\nb\n', truncated: false });
  });

  it('drops the oldest lines once over the cap, cutting at a line start', () => {
    let log = emptyLog;
    for (let i = 0; i < 20; i++) log = appendCapped(log, `line ${i}\n`, 100);
    expect(log.truncated).toBe(true);
    expect(log.text.length).toBeLessThanOrEqual(100);
    expect(log.text.startsWith('line ')).toBe(true);
    expect(log.text.endsWith('line 19\n')).toBe(true);
  });

  it('cuts inside a line that is longer than the cap', () => {
    const log = appendCapped(emptyLog, 'x'.repeat(250), 100);
    expect(log).toEqual({ text: 'x'.repeat(80), truncated: true });
  });
});
