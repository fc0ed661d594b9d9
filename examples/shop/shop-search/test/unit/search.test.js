'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { buildIndex, search, words } = require('../../src/search');

const products = [
  { id: 'p-1', name: 'Espresso beans, 1 kg', tags: ['coffee'] },
  { id: 'p-2', name: 'Café crème beans', tags: ['coffee', 'mild'] },
  { id: 'p-3', name: 'Ceramic mug' },
];
const index = buildIndex(products);

test('splits text into lower-case words without accents', () => {
  assert.deepEqual(words('Café Crème, 1 kg!'), ['cafe', 'creme', '1', 'kg']);
});

test('finds products by any word of their name or tags', () => {
  assert.deepEqual(
    search(products, index, 'coffee').map(r => r.product.id),
    ['p-2', 'p-1'],
  );
  assert.deepEqual(
    search(products, index, 'MUG').map(r => r.product.id),
    ['p-3'],
  );
});

test('ranks products matching more words first', () => {
  const results = search(products, index, 'mild coffee beans');
  assert.deepEqual(
    results.map(r => [r.product.id, r.score]),
    [
      ['p-2', 3],
      ['p-1', 2],
    ],
  );
});

test('finds nothing for an empty query', () => {
  assert.deepEqual(search(products, index, ' , '), []);
});
