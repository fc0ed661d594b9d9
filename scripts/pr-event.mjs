#!/usr/bin/env node
// The local demo of pull-request runs, no forge needed: builds a GitHub `pull_request` delivery
// from this checkout's git history, signs it as GitHub does (HMAC-SHA256 of the body with the
// webhook secret of app-config.yaml) and posts it to the running portal's events ingress. The
// portal lists the changed files with `git diff` in this checkout (tektonDag.forges' local
// `checkout`), plans what to build and test from the catalog, and starts the run.
//
//   yarn pr-event [--base main] [--head HEAD] [--number <n>] [--action opened|synchronize]
//                 [--repository tekton-dag/tekton-dag] [--portal http://localhost:7007]
//
// Commit your change first (on a branch): the run clones the head commit.
import { execFileSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);

function parseArgs(argv) {
  const options = {
    base: 'main',
    head: 'HEAD',
    action: 'opened',
    repository: 'tekton-dag/tekton-dag',
    host: 'github.com',
    portal: 'http://localhost:7007',
    repo: repoRoot,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (!(name in options) && name !== 'number' && name !== 'title')
      throw new Error(`Unknown option --${name}`);
    options[name] = value;
  }
  return options;
}

const git = (repo, ...args) =>
  execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

/** The secret from the environment, else the development one in app-config.yaml. */
function webhookSecret() {
  if (process.env.TEKTON_DAG_WEBHOOK_SECRET)
    return process.env.TEKTON_DAG_WEBHOOK_SECRET;
  const config = parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
  );
  const secret = config?.events?.modules?.github?.webhookSecret;
  if (typeof secret !== 'string' || secret.startsWith('${'))
    throw new Error(
      'No events.modules.github.webhookSecret in app-config.yaml; set TEKTON_DAG_WEBHOOK_SECRET',
    );
  return secret;
}

/** One number per branch, so a new push to the branch is the same pull request. */
function numberOf(branch) {
  let hash = 0;
  for (const char of branch) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return 1 + (hash % 9000);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const headSha = git(
    options.repo,
    'rev-parse',
    '--verify',
    `${options.head}^{commit}`,
  );
  const baseSha = git(options.repo, 'merge-base', options.base, headSha);
  const branch =
    options.head === 'HEAD'
      ? git(options.repo, 'rev-parse', '--abbrev-ref', 'HEAD')
      : options.head;
  const files = git(
    options.repo,
    'diff',
    '--name-only',
    `${baseSha}...${headSha}`,
  )
    .split('\n')
    .filter(Boolean);
  if (!files.length)
    console.warn(
      `No file changed between ${options.base} and ${options.head}: commit a change first (the portal will start nothing).`,
    );
  const number = Number(options.number ?? numberOf(branch));
  // The head commit's author, as a forge login would read (the part before the e-mail's @).
  const author =
    git(options.repo, 'log', '-1', '--format=%ae', headSha).split('@')[0] ||
    'developer';
  const htmlUrl = `https://${options.host}/${options.repository}`;
  const body = JSON.stringify({
    action: options.action,
    number,
    pull_request: {
      number,
      html_url: `${htmlUrl}/pull/${number}`,
      title:
        options.title ?? git(options.repo, 'log', '-1', '--format=%s', headSha),
      user: { login: author },
      head: { sha: headSha, ref: branch },
      base: { sha: baseSha, ref: options.base },
      merged: false,
    },
    repository: {
      full_name: options.repository,
      html_url: htmlUrl,
      clone_url: `${htmlUrl}.git`,
    },
    sender: { login: author },
  });
  const signature = createHmac('sha256', webhookSecret())
    .update(body)
    .digest('hex');
  const delivery = randomUUID();
  const url = `${options.portal.replace(/\/$/, '')}/api/events/http/github`;
  let res;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': delivery,
        'x-hub-signature-256': `sha256=${signature}`,
      },
      body,
    });
  } catch (error) {
    throw new Error(
      `Could not reach the portal at ${url} (${
        error.cause?.code ?? error.message
      }): is it running (./scripts/start.sh)?`,
    );
  }
  if (res.status !== 202)
    throw new Error(`The portal answered ${res.status}: ${await res.text()}`);
  console.log(
    `Sent pull request #${number} (${options.action}, ${headSha.slice(
      0,
      7,
    )} on ${branch}, ${files.length} changed file(s)) as delivery ${delivery}.`,
  );
  console.log(
    "The portal plans and starts the run: open the changed component's Pipelines tab (or Pipelines in the sidebar, trigger: Pull request).",
  );
  // For scripts (the browser test): what was sent, as JSON on the last line.
  if (process.env.TEKTON_DAG_PR_EVENT_JSON)
    console.log(JSON.stringify({ number, headSha, baseSha, delivery, files }));
}

main().catch(error => {
  console.error(`pr-event: ${error.message}`);
  process.exit(1);
});
