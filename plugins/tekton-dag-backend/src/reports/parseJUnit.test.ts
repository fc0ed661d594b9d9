import fs from 'fs';
import path from 'path';
import { InputError } from '@backstage/errors';
import { parseJUnit, ReportTooLargeError } from './parseJUnit';

const limits = { maxBytes: 20 * 1024 * 1024, maxOutputBytes: 64 * 1024 };
const fixture = (name: string) =>
  fs.createReadStream(path.join(__dirname, '__fixtures__', name), {
    highWaterMark: 64, // small chunks: elements and texts cross chunk borders
  });
const parse = (xml: string, l = limits) => parseJUnit([xml], l);

describe('parseJUnit', () => {
  it('reads Maven Surefire: failure with type and trace, error, output', async () => {
    const report = await parseJUnit(fixture('surefire.xml'), limits);
    expect(report.totals).toEqual({
      tests: 3,
      passed: 1,
      failed: 1,
      errored: 1,
      skipped: 0,
      durationMs: 412,
    });
    const failed = report.cases.find(c => c.status === 'failed')!;
    expect(failed).toMatchObject({
      suite: 'com.example.shop.OrderServiceTest',
      className: 'com.example.shop.OrderServiceTest',
      name: 'refusesOversell',
      message: 'expected: <3> but was: <4>',
      type: 'org.opentest4j.AssertionFailedError',
      systemOut: 'reserving 4 of 3\n',
    });
    expect(failed.trace).toContain('OrderServiceTest.java:42');
    expect(report.cases.find(c => c.status === 'errored')!.message).toBe(
      'Connection refused',
    );
  });

  it('reads Gradle: skipped tests, suite-level output not given to a test', async () => {
    const report = await parseJUnit(fixture('gradle.xml'), limits);
    expect(report.totals).toMatchObject({ tests: 2, passed: 1, skipped: 1 });
    expect(report.cases.every(c => c.systemOut === undefined)).toBe(true);
  });

  it('reads jest-junit: testsuites wrapper, failure without message', async () => {
    const report = await parseJUnit(fixture('jest-junit.xml'), limits);
    expect(report.totals).toMatchObject({
      tests: 3,
      passed: 1,
      failed: 1,
      skipped: 1,
    });
    const failed = report.cases.find(c => c.status === 'failed')!;
    expect(failed.suite).toBe('cart');
    expect(failed.trace).toContain('src/cart.test.js:12:5');
  });

  it('reads pytest: everything on one line, skip with a message', async () => {
    const report = await parseJUnit(fixture('pytest.xml'), limits);
    expect(report.totals).toMatchObject({ tests: 3, failed: 1, skipped: 1 });
    expect(report.cases.find(c => c.status === 'skipped')!.message).toBe(
      'slow',
    );
    expect(report.cases.find(c => c.status === 'failed')).toMatchObject({
      className: 'tests.test_orders',
      message: 'assert 19 == 20',
    });
  });

  it('reads go-junit-report and Playwright', async () => {
    const go = await parseJUnit(fixture('go-junit-report.xml'), limits);
    expect(go.suites).toEqual([
      expect.objectContaining({
        name: 'example.com/shop/orders',
        tests: 2,
        failed: 1,
      }),
    ]);
    const playwright = await parseJUnit(fixture('playwright.xml'), limits);
    expect(playwright.totals).toMatchObject({
      tests: 2,
      failed: 1,
      durationMs: 3900,
    });
    expect(playwright.cases[1].trace).toContain('Timed out 5000ms');
    expect(playwright.cases[1].systemOut).toContain('trace.zip');
  });

  it('reads node --test: cases outside any suite (their file is their suite), and nested suites', async () => {
    const report = await parseJUnit(fixture('node-test.xml'), limits);
    expect(
      report.cases.map(c => [c.suite, c.className, c.name, c.status]),
    ).toEqual([
      // Not a suite named "test": node's placeholder classname names no class.
      ['orders.test.js', '', 'prices an order', 'passed'],
      ['stock', '', 'reserves', 'passed'],
      ['stock', '', 'refuses to oversell', 'failed'],
    ]);
    expect(report.suites.map(s => s.name)).toEqual(['orders.test.js', 'stock']);
    expect(report.cases[2].message).toBe(
      'Expected values to be strictly equal:\n\n3 !== 4\n',
    );
    const nested = await parse(
      '<testsuites><testsuite name="api"><testsuite name="orders"><testcase name="a"/></testsuite></testsuite></testsuites>',
    );
    expect(nested.cases[0].suite).toBe('api › orders');
  });

  it('caps test output and traces, saying so', async () => {
    const report = await parse(
      `<testsuite><testcase name="noisy"><system-out>${'x'.repeat(
        5000,
      )}</system-out></testcase></testsuite>`,
      { ...limits, maxOutputBytes: 100 },
    );
    expect(report.cases[0].systemOut).toMatch(
      /^x{100}\n… \(cut at 100 bytes\)$/,
    );
  });

  it('refuses DTDs: billion laughs and external entities never expand', async () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<testsuite name="&lol3;"><testcase name="x"/></testsuite>`;
    await expect(parse(laughs)).rejects.toThrow(InputError);
    const external = `<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<testsuite><testcase name="&xxe;"/></testsuite>`;
    await expect(parse(external)).rejects.toThrow(/DOCTYPE|entity/);
    // Even without a DTD, an undeclared entity is an error, not a lookup.
    await expect(
      parse('<testsuite><testcase name="&xxe;"/></testsuite>'),
    ).rejects.toThrow(InputError);
  });

  it('refuses truncated and non-JUnit XML with a message naming the problem', async () => {
    await expect(
      parse('<testsuite name="a"><testcase name="b">'),
    ).rejects.toThrow(/not well-formed XML/);
    await expect(parse('<html><body/></html>')).rejects.toThrow(
      /Not a JUnit report/,
    );
    await expect(parse('')).rejects.toThrow(InputError);
  });

  it('stops reading a report over the size cap (30 MB against 20 MB)', async () => {
    const chunk = Buffer.from(
      `<testcase name="t" classname="c" time="0.001"/>`.repeat(20_000),
    ); // ~0.9 MB
    let sent = 0;
    async function* thirtyMegabytes() {
      yield Buffer.from('<testsuite name="big">');
      for (let i = 0; i < 30; i++) {
        sent += 1;
        yield chunk;
      }
      yield Buffer.from('</testsuite>');
    }
    await expect(parseJUnit(thirtyMegabytes(), limits)).rejects.toThrow(
      ReportTooLargeError,
    );
    // It stopped at the cap, without reading the rest.
    expect(sent).toBe(Math.ceil(limits.maxBytes / chunk.length));
  });
});
