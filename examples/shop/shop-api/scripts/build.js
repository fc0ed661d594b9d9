'use strict';

// Builds dist/: checks every source file compiles, copies sources and data, and records what
// was built in dist/build-info.json.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const dist = path.join(process.argv[2] ?? path.join(root, 'dist'));
fs.rmSync(dist, { recursive: true, force: true });

for (const dir of ['src', 'data']) {
  for (const file of fs.readdirSync(path.join(root, dir))) {
    const from = path.join(root, dir, file);
    if (file.endsWith('.js')) execFileSync(process.execPath, ['--check', from]);
    fs.mkdirSync(path.join(dist, dir), { recursive: true });
    fs.copyFileSync(from, path.join(dist, dir, file));
  }
}
const { name, version } = require(path.join(root, 'package.json'));
const info = {
  name,
  version,
  builtAt: new Date().toISOString(),
  node: process.version,
};
fs.writeFileSync(
  path.join(dist, 'build-info.json'),
  `${JSON.stringify(info, null, 2)}\n`,
);
console.log(
  `built ${name}@${version} into ${path.relative(process.cwd(), dist) || '.'}`,
);
