'use strict';

// Builds dist/: every asset gets a content hash in its name (for long-lived caching) and
// index.html is rewritten to point at the hashed names.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

function build(root, dist) {
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });
  let html = fs.readFileSync(path.join(root, 'src', 'index.html'), 'utf8');
  const assets = {};
  for (const file of fs.readdirSync(path.join(root, 'src'))) {
    if (file === 'index.html') continue;
    const content = fs.readFileSync(path.join(root, 'src', file));
    const hash = crypto
      .createHash('sha256')
      .update(content)
      .digest('hex')
      .slice(0, 10);
    const ext = path.extname(file);
    const hashed = `${path.basename(file, ext)}.${hash}${ext}`;
    fs.writeFileSync(path.join(dist, hashed), content);
    assets[file] = hashed;
    html = html.split(`"${file}"`).join(`"${hashed}"`);
  }
  fs.writeFileSync(path.join(dist, 'index.html'), html);
  fs.writeFileSync(
    path.join(dist, 'manifest.json'),
    `${JSON.stringify(assets, null, 2)}\n`,
  );
  return assets;
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const assets = build(root, process.argv[2] ?? path.join(root, 'dist'));
  console.log(`built shop-web: ${Object.values(assets).join(', ')}`);
}

module.exports = { build };
