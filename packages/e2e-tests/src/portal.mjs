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
