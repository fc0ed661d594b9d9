// What a page says went wrong while a test used it: uncaught errors, console errors and React
// warnings from this repository's code, and failed requests to the portal. Each test file checks
// after every test that there were none (see `assertNoConsoleProblems`).
import assert from 'node:assert/strict';

/** Source paths of this repository's frontend code, as they appear in React's component stacks. */
const OUR_SOURCES = /\/(plugins\/[^/]+|packages\/app)\/src\//;
/** Material UI's building blocks: a warning inside one is caused by whoever rendered it. */
const PRIMITIVES = /\/node_modules\/@material-ui\//;

/**
 * Whether a React warning comes from our code: the innermost component in its stack that is
 * not a Material UI building block is ours. (Any frame of ours would count the app's wrappers,
 * which sit around every page, for every library's warning.)
 */
function fromOurCode(text) {
  for (const line of text.split('\n')) {
    const source = /^\s*at \S+ \((.+)\)$/.exec(line)?.[1];
    if (!source || PRIMITIVES.test(source)) continue;
    return OUR_SOURCES.test(source);
  }
  return false;
}

/**
 * Warnings a library raises from its own internals whoever renders it; no change of ours can
 * silence them. Each says where it comes from. Any other warning that names our code fails.
 */
const LIBRARY_WARNINGS = [
  // Material UI v4 (Backstage's design system) calls findDOMNode in ButtonBase, Tooltip and
  // friends; React warns about it in StrictMode.
  /findDOMNode is deprecated/,
  // @material-table/core (Backstage's Table) declares defaultProps on function components.
  /Support for defaultProps will be removed/,
];

function isReactWarning(text) {
  return text.startsWith('Warning: ');
}

/** React leaves its `%s` placeholders in the first argument: fill them from the others. */
async function messageText(message) {
  const args = await Promise.all(
    message.args().map(arg => arg.jsonValue().catch(() => '')),
  );
  if (typeof args[0] !== 'string') return message.text();
  let rest = args.slice(1);
  const text = args[0].replace(/%[sdoO]/g, () => String(rest.shift() ?? ''));
  return [text, ...rest.map(String)].join(' ');
}

/**
 * Starts recording a page's problems. `expectHttpErrors` lists URL patterns a test provokes on
 * purpose (e.g. a run that does not exist).
 */
export function watchConsole(page, { expectHttpErrors = [] } = {}) {
  const problems = [];
  const pending = [];
  page.on('pageerror', error => {
    problems.push(`uncaught error on ${page.url()}: ${error.message}`);
  });
  page.on('console', message => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    pending.push(
      messageText(message).then(text => {
        if (text.startsWith('Failed to load resource')) return; // reported by 'response'
        if (isReactWarning(text) || message.type() === 'error') {
          const ours = fromOurCode(text);
          const fromLibrary = LIBRARY_WARNINGS.some(p => p.test(text));
          // A React warning counts when its component stack passes through our code; a plain
          // console error counts always (our code logs errors only when something is wrong).
          if (isReactWarning(text) ? ours && !fromLibrary : true) {
            problems.push(
              `console ${message.type()} on ${page.url()}: ${text}`,
            );
          }
        }
      }),
    );
  });
  page.on('requestfailed', request => {
    const url = request.url();
    const failure = request.failure()?.errorText ?? '';
    // Aborted requests are the page's own doing (navigation, a superseded fetch).
    if (!url.startsWith('http://localhost:') || failure === 'net::ERR_ABORTED')
      return;
    problems.push(
      `${request.method()} ${url} failed (${failure}) on ${page.url()}`,
    );
  });
  page.on('response', response => {
    const url = response.url();
    if (response.status() < 400 || !url.startsWith('http://localhost:')) return;
    if (expectHttpErrors.some(pattern => pattern.test(url))) return;
    problems.push(
      `HTTP ${response.status()} for ${response
        .request()
        .method()} ${url} on ${page.url()}`,
    );
  });
  return {
    /** Adds URL patterns the next steps provoke on purpose. */
    expectHttpErrors(...patterns) {
      expectHttpErrors.push(...patterns);
    },
    /** Fails with every problem recorded since the last call, then starts afresh. */
    async assertNoConsoleProblems() {
      await Promise.all(pending.splice(0));
      const found = problems.splice(0);
      assert.deepEqual(
        found,
        [],
        `The page reported problems:\n${found.join('\n\n')}`,
      );
    },
  };
}
