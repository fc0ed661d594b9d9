'use strict';

// Builds dist/index.json: the search index of the catalogue, shipped with the service.
const fs = require('node:fs');
const path = require('node:path');
const { buildIndex } = require('../src/search');

function build(products, dist) {
  fs.mkdirSync(dist, { recursive: true });
  const index = buildIndex(products);
  const serialised = Object.fromEntries(
    [...index].map(([word, ids]) => [word, [...ids].sort()]),
  );
  fs.writeFileSync(
    path.join(dist, 'index.json'),
    `${JSON.stringify(serialised, null, 2)}\n`,
  );
  return serialised;
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const products = require('../../shop-api/data/products.json');
  const index = build(products, process.argv[2] ?? path.join(root, 'dist'));
  console.log(`built shop-search: ${Object.keys(index).length} words`);
}

module.exports = { build };
