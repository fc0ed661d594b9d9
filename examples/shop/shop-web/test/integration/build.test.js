'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { build } = require('../../scripts/build');

test('the built site refers only to assets that exist, under hashed names', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-web-'));
  try {
    const assets = build(path.join(__dirname, '..', '..'), dist);
    const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    const referenced = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(
      m => m[1],
    );
    assert.equal(referenced.length, 3);
    for (const file of referenced) {
      assert.match(file, /\.[0-9a-f]{10}\.(js|css)$/);
      assert.ok(fs.existsSync(path.join(dist, file)), `${file} is missing`);
    }
    assert.deepEqual(Object.keys(assets).sort(), [
      'app.js',
      'cart.js',
      'styles.css',
    ]);
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
  }
});

test('building twice gives the same names (hashes depend on content only)', () => {
  const a = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-web-'));
  const b = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-web-'));
  try {
    const root = path.join(__dirname, '..', '..');
    assert.deepEqual(build(root, a), build(root, b));
  } finally {
    fs.rmSync(a, { recursive: true, force: true });
    fs.rmSync(b, { recursive: true, force: true });
  }
});
