'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { build } = require('../../scripts/build');
const { search } = require('../../src/search');

test('the shipped index finds every product of the shop by each word of its name', () => {
  const products = require('../../../shop-api/data/products.json');
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-search-'));
  try {
    build(products, dist);
    const shipped = JSON.parse(
      fs.readFileSync(path.join(dist, 'index.json'), 'utf8'),
    );
    const index = new Map(
      Object.entries(shipped).map(([word, ids]) => [word, new Set(ids)]),
    );
    for (const product of products) {
      const [first] = search(products, index, product.name);
      assert.equal(first.product.id, product.id, product.name);
    }
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
  }
});
