// The console check itself, in Chromium on a page of its own (no portal): what must fail a
// browser test fails it, library noise does not.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { launchBrowser } from './browser.mjs';
import { watchConsole } from './consoleProblems.mjs';

let browser;
let server;
let origin;

before(async () => {
  browser = await launchBrowser();
  server = http.createServer((request, response) => {
    if (request.url === '/missing') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>page</p>');
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  origin = `http://localhost:${server.address().port}`;
});

after(async () => {
  await browser?.close();
  await new Promise(resolve => server?.close(resolve));
});

/** Opens a page, runs `script` in it, and returns the check's verdict. */
async function verdict(script, options) {
  const page = await browser.newPage();
  try {
    const monitor = watchConsole(page, options);
    await page.goto(origin);
    await page.evaluate(script);
    await page.waitForTimeout(200);
    await monitor.assertNoConsoleProblems();
    return 'clean';
  } catch (error) {
    return error.message;
  } finally {
    await page.close();
  }
}

// React's warnings as React logs them: a format string, its values, the component stack.
const ourStack =
  '\n    at RunActions (webpack-internal:///../../plugins/tekton-dag/src/components/RunPage/RunActions.tsx:12:3)';
const libraryStack =
  '\n    at CatalogTableToolbar (webpack-internal:///../../node_modules/@backstage/plugin-catalog/dist/x.esm.js:3:1)';

test('a React warning whose component stack passes through our code fails', async () => {
  const result = await verdict(
    `console.error('Warning: Each child in a list should have a unique "key" prop.%s', ${JSON.stringify(
      ourStack,
    )})`,
  );
  assert.match(result, /unique "key" prop/);
  assert.match(result, /RunActions/);
});

test("a library's warning does not count for the app's wrapper around it", async () => {
  const wrapped = `${libraryStack}\n    at CatalogBreadcrumb (webpack-internal:///../../packages/app/src/modules/catalogBreadcrumb/CatalogBreadcrumb.tsx:30:3)`;
  assert.equal(
    await verdict(
      `console.error('Warning: Each child in a list should have a unique "key" prop.%s', ${JSON.stringify(
        wrapped,
      )})`,
    ),
    'clean',
  );
});

test('a warning inside a Material UI building block counts for our component that rendered it', async () => {
  const stack = `\n    at h2\n    at Typography (webpack-internal:///../../node_modules/@material-ui/core/esm/Typography/Typography.js:167:28)${ourStack}`;
  assert.match(
    await verdict(
      `console.error('Warning: validateDOMNesting(...): %s cannot appear as a child of <%s>.%s', '<h5>', 'h2', ${JSON.stringify(
        stack,
      )})`,
    ),
    /validateDOMNesting/,
  );
});

test("a React warning from a library's own component does not", async () => {
  assert.equal(
    await verdict(
      `console.error('Warning: validateDOMNesting(...): %s cannot appear as a child of <%s>.%s', '<h5>', 'h2', ${JSON.stringify(
        libraryStack,
      )})`,
    ),
    'clean',
  );
});

test("Material UI's findDOMNode warning does not, even under our components", async () => {
  assert.equal(
    await verdict(
      `console.error('Warning: findDOMNode is deprecated and will be removed in the next major release.%s', ${JSON.stringify(
        ourStack,
      )})`,
    ),
    'clean',
  );
});

test('an uncaught error and a plain console error fail', async () => {
  assert.match(
    await verdict(`setTimeout(() => { throw new Error('boom'); })`),
    /uncaught error .*boom/,
  );
  assert.match(
    await verdict(`console.error('Could not load the runs')`),
    /Could not load the runs/,
  );
});

test('a request to the portal that gets no answer fails', async () => {
  // A port nothing listens on: the connection is refused.
  const closed = http.createServer();
  await new Promise(resolve => closed.listen(0, '127.0.0.1', resolve));
  const port = closed.address().port;
  await new Promise(resolve => closed.close(resolve));
  assert.match(
    await verdict(`fetch('http://localhost:${port}/api').catch(() => {})`),
    /failed \(net::ERR_CONNECTION_REFUSED\)/,
  );
});

test('a failed request to the portal fails, unless the test provokes it', async () => {
  const script = `fetch('/missing')`;
  assert.match(await verdict(script), /HTTP 404 for GET .*\/missing/);
  assert.equal(
    await verdict(script, { expectHttpErrors: [/\/missing$/] }),
    'clean',
  );
});
