// Starts the portal the way the README's first command does (scripts/start.sh), or reuses one
// already serving on localhost:3000, and waits until the frontend and backend answer.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);
export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';

async function answers(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function waitFor(check, what, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(
        `The portal exited with code ${child.exitCode} before ${what}`,
      );
    }
    if (await check()) return;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}`);
}

/** Returns a function that stops the portal if this call started it. */
export async function startPortal({ timeoutMs = 240_000 } = {}) {
  if (
    (await answers(APP_URL)) &&
    (await answers(`${BACKEND_URL}/api/tekton-dag/health`))
  ) {
    return async () => {};
  }
  const child = spawn(path.join(repoRoot, 'scripts/start.sh'), [], {
    cwd: repoRoot,
    detached: true, // its own process group, so stopping it stops yarn, the app and the backend
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BROWSER: 'none' },
  });
  const output = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', chunk => {
      output.push(chunk.toString());
      if (output.length > 400) output.shift();
    });
  }
  try {
    await waitFor(
      () => answers(`${BACKEND_URL}/api/tekton-dag/health`),
      'the backend',
      timeoutMs,
      child,
    );
    await waitFor(() => answers(APP_URL), 'the frontend', timeoutMs, child);
  } catch (error) {
    process.kill(-child.pid, 'SIGTERM');
    throw new Error(
      `${error.message}\n--- portal output ---\n${output
        .join('')
        .slice(-6000)}`,
    );
  }
  return async () => {
    process.kill(-child.pid, 'SIGTERM');
    await new Promise(resolve =>
      child.exitCode !== null ? resolve() : child.once('exit', resolve),
    );
  };
}

/** A guest's Backstage token, as the browser gets it. */
export async function guestToken() {
  const response = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
    method: 'POST',
  });
  return (await response.json()).backstageIdentity.token;
}

/** Calls the tekton-dag REST API with a token; fails the test on an error status. */
export async function tektonDagApi(token, urlPath, init = {}) {
  const response = await fetch(`${BACKEND_URL}/api/tekton-dag${urlPath}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
  });
  if (!response.ok) throw new Error(`${urlPath}: ${response.status}`);
  return response.json();
}

/** Starts pr-pipeline for a component through the REST API and waits for the run's end. */
export async function runPipelineToTheEnd(token, component) {
  const run = await tektonDagApi(
    token,
    `/entities/component/default/${component}/runs`,
    { method: 'POST', body: JSON.stringify({ pipeline: 'pr-pipeline' }) },
  );
  for (let i = 0; i < 180; i++) {
    const current = await tektonDagApi(token, `/runs/${run.id}`);
    if (!['Pending', 'Running'].includes(current.status)) return current;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`${component}'s run ${run.id} did not finish`);
}
