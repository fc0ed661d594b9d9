import { InputError } from '@backstage/errors';
import { SaxesParser } from 'saxes';

import type {
  ReportTotals,
  TestCase,
} from '@tekton-dag/plugin-tekton-dag-common';

export type ParsedTestCase = TestCase;

export interface ParsedReport {
  totals: ReportTotals;
  suites: Array<{ name: string } & ReportTotals>;
  /** Every case; empty when they were handed to `onCases` instead. */
  cases: ParsedTestCase[];
}

export interface JUnitLimits {
  /** Bytes of XML accepted; more is refused with {@link ReportTooLargeError}. */
  maxBytes: number;
  /** Bytes kept of each test's output and of each trace; the rest is cut with a marker. */
  maxOutputBytes: number;
}

export interface JUnitStreaming {
  /**
   * Receives the cases in batches as they are read, instead of the result holding them all:
   * the input is not read further until the returned promise settles, so a large report
   * costs one batch of memory. A later parse error still fails the whole parse.
   */
  onCases?(cases: ParsedTestCase[]): Promise<void>;
  /** Cases per `onCases` call (at least; a batch is handed over between input chunks). */
  batchSize?: number;
}

/** Why a report was refused for its size. */
export const tooLarge = (maxBytes: number) =>
  `The JUnit report is larger than ${maxBytes} bytes (tektonDag.reports.maxBytes)`;

/** The report is larger than the configured cap (HTTP 413). */
export class ReportTooLargeError extends Error {
  name = 'ReportTooLargeError';
}

/** Appends to a text without letting it grow past `max` bytes (roughly: UTF-16 units). */
class CappedText {
  private parts: string[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly max: number) {}
  add(text: string) {
    if (this.size >= this.max) {
      this.truncated ||= text.length > 0;
      return;
    }
    const room = this.max - this.size;
    const part = text.length > room ? text.slice(0, room) : text;
    this.truncated ||= part.length < text.length;
    this.parts.push(part);
    this.size += part.length;
  }
  value(): string | undefined {
    const text = this.parts.join('');
    if (!text.trim()) return undefined;
    return this.truncated ? `${text}\n… (cut at ${this.max} bytes)` : text;
  }
}

const seconds = (value: string | undefined) => {
  const parsed = value === undefined ? NaN : Number(value.replace(/,/g, ''));
  return Number.isFinite(parsed) && parsed >= 0 ? Math.round(parsed * 1000) : 0;
};

/** Zero of everything: the start of a sum. */
export function emptyTotals(): ReportTotals {
  return {
    tests: 0,
    passed: 0,
    failed: 0,
    errored: 0,
    skipped: 0,
    durationMs: 0,
  };
}

function count(totals: ReportTotals, test: ParsedTestCase) {
  totals.tests += 1;
  totals[test.status] += 1;
  totals.durationMs += test.durationMs;
}

/** The classname node --test's JUnit reporter gives every test: it names no class. */
const NODE_TEST_CLASSNAME = 'test';

/** The last part of a test file's path (either separator), or '' when there is none. */
function fileName(file: string | undefined): string {
  return file ? file.split(/[\\/]/).pop() ?? '' : '';
}

/**
 * Reads a JUnit XML report as a stream, in the dialects tools produce (Maven Surefire, Gradle,
 * jest-junit, pytest, go-junit-report, Playwright, node --test): `testsuites` or a bare
 * `testsuite`, suites nested in suites, `failure`/`error`/`skipped`, `system-out`/`system-err`,
 * times in seconds. Memory stays bounded: outputs and traces are capped, the XML is never held
 * whole. Entities other than XML's five and character references are refused, so DTD tricks
 * (billion laughs, external entities) cannot expand or reach the file system or network.
 * Malformed XML is an `InputError` naming the line; nothing partial is returned.
 */
export async function parseJUnit(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  limits: JUnitLimits & JUnitStreaming,
): Promise<ParsedReport> {
  const parser = new SaxesParser({ position: true });
  const { onCases, batchSize = 500 } = limits;
  let cases: ParsedTestCase[] = [];
  const totals = emptyTotals();
  const bySuite = new Map<string, ReportTotals>();
  const suiteStack: string[] = [];
  let current:
    | {
        test: ParsedTestCase;
        trace?: CappedText;
        out?: CappedText;
        err?: CappedText;
      }
    | undefined;
  let capture: CappedText | undefined;
  let sawRoot = false;
  let error: Error | undefined;

  parser.on('doctype', () => {
    // A report has no business with a DTD; refusing it outright is the simplest safe answer.
    error ??= new InputError('JUnit reports may not contain a DOCTYPE');
  });
  parser.on('opentag', tag => {
    const attrs = tag.attributes as Record<string, string>;
    switch (tag.name) {
      case 'testsuites':
        sawRoot = true;
        break;
      case 'testsuite':
        sawRoot = true;
        suiteStack.push(attrs.name ?? '');
        break;
      case 'testcase': {
        sawRoot = true;
        // node --test writes its top-level tests outside any suite, with their file: the
        // file's name is their suite. Its classname is always the placeholder "test".
        const suite =
          suiteStack.filter(Boolean).join(' › ') || fileName(attrs.file);
        const className = attrs.classname ?? attrs.class ?? '';
        current = {
          test: {
            suite,
            className: className === NODE_TEST_CLASSNAME ? '' : className,
            name: attrs.name ?? '(unnamed)',
            status: 'passed',
            durationMs: seconds(attrs.time),
          },
        };
        break;
      }
      case 'failure':
      case 'error':
        if (current) {
          // An error wins over a failure: it says the test could not even run to its assertion.
          if (current.test.status !== 'errored')
            current.test.status = tag.name === 'error' ? 'errored' : 'failed';
          current.test.message ??= attrs.message;
          current.test.type ??= attrs.type;
          current.trace ??= new CappedText(limits.maxOutputBytes);
          capture = current.trace;
        }
        break;
      case 'skipped':
        if (current && current.test.status === 'passed') {
          current.test.status = 'skipped';
          current.test.message ??= attrs.message;
        }
        break;
      case 'system-out':
        if (current) {
          current.out ??= new CappedText(limits.maxOutputBytes);
          capture = current.out;
        }
        break;
      case 'system-err':
        if (current) {
          current.err ??= new CappedText(limits.maxOutputBytes);
          capture = current.err;
        }
        break;
      default:
        break;
    }
  });
  const onText = (text: string) => capture?.add(text);
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', tag => {
    switch (tag.name) {
      case 'testsuite':
        suiteStack.pop();
        break;
      case 'failure':
      case 'error':
      case 'system-out':
      case 'system-err':
        capture = undefined;
        break;
      case 'testcase':
        if (current) {
          current.test.trace = current.trace?.value();
          current.test.systemOut = current.out?.value();
          current.test.systemErr = current.err?.value();
          cases.push(current.test);
          count(totals, current.test);
          const suite = current.test.suite;
          if (!bySuite.has(suite)) bySuite.set(suite, emptyTotals());
          count(bySuite.get(suite)!, current.test);
        }
        current = undefined;
        break;
      default:
        break;
    }
  });
  parser.on('error', e => {
    error ??= new InputError(
      `The JUnit report is not well-formed XML: ${e.message.split('\n')[0]}`,
    );
  });

  let bytes = 0;
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks as AsyncIterable<Buffer | string>) {
    bytes +=
      typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (bytes > limits.maxBytes)
      throw new ReportTooLargeError(tooLarge(limits.maxBytes));
    parser.write(
      typeof chunk === 'string'
        ? chunk
        : decoder.decode(chunk, { stream: true }),
    );
    if (error) throw error;
    if (onCases && cases.length >= batchSize) {
      const batch = cases;
      cases = [];
      await onCases(batch);
    }
  }
  parser.write(decoder.decode());
  parser.close();
  if (error) throw error;
  if (!sawRoot)
    throw new InputError(
      'Not a JUnit report: no testsuites, testsuite or testcase element',
    );

  if (onCases && cases.length) {
    await onCases(cases);
    cases = [];
  }
  return {
    totals,
    suites: [...bySuite].map(([name, suiteTotals]) => ({
      name,
      ...suiteTotals,
    })),
    cases,
  };
}
