import { ReconnectBackoff } from './ReconnectBackoff';

describe('ReconnectBackoff', () => {
  let now = 0;
  // No jitter (random() = 1): each delay is its ceiling.
  const backoff = () =>
    new ReconnectBackoff(
      () => now,
      () => 1,
    );

  it('doubles from 250 ms up to 30 s while the watch keeps failing', () => {
    const b = backoff();
    const delays = Array.from({ length: 10 }, () => b.failed());
    expect(delays).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('keeps backing off a watch that connects and fails at once', () => {
    const b = backoff();
    const delays = [];
    for (let i = 0; i < 4; i++) {
      b.connected();
      now += 100;
      delays.push(b.failed());
    }
    expect(delays).toEqual([250, 500, 1000, 2000]);
  });

  it('starts again at 250 ms once the watch stayed up for 30 s', () => {
    const b = backoff();
    b.failed();
    b.failed();
    b.connected();
    now += 29_000;
    b.connected(); // a relist while up does not restart the clock
    now += 1_000;
    expect(b.failed()).toBe(250);
  });

  it('jitters each delay between half and all of its ceiling', () => {
    const low = new ReconnectBackoff(
      () => now,
      () => 0,
    );
    expect([low.failed(), low.failed(), low.failed()]).toEqual([125, 250, 500]);
    const spread = Array.from({ length: 50 }, () =>
      new ReconnectBackoff(() => now).failed(),
    );
    expect(Math.min(...spread)).toBeGreaterThanOrEqual(125);
    expect(Math.max(...spread)).toBeLessThanOrEqual(250);
    expect(new Set(spread).size).toBeGreaterThan(1);
  });
});
