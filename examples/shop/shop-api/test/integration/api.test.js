'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { createServer } = require('../../src/server');

// Starts the real HTTP server on a free port and talks to it with fetch.
test('the shop API over HTTP', async t => {
  const server = createServer();
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${server.address().port}`;

  await t.test('reports health', async () => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  await t.test('lists products, optionally only those in stock', async () => {
    const all = await (await fetch(`${base}/products`)).json();
    const inStock = await (await fetch(`${base}/products?inStock=true`)).json();
    assert.equal(all.items.length, 4);
    assert.ok(inStock.items.every(p => p.stock > 0));
    assert.equal(inStock.items.length, 3);
  });

  await t.test('returns 404 for an unknown product', async () => {
    const res = await fetch(`${base}/products/p-999`);
    assert.equal(res.status, 404);
  });

  await t.test('places an order and reserves stock', async () => {
    const res = await fetch(`${base}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lines: [{ productId: 'p-102', quantity: 2 }] }),
    });
    assert.equal(res.status, 201);
    const order = await res.json();
    assert.equal(order.netCents, 13800);
    const product = await (await fetch(`${base}/products/p-102`)).json();
    assert.equal(product.stock, 6);
  });

  await t.test('answers 400 with a message for a bad order', async () => {
    const res = await fetch(`${base}/orders`, {
      method: 'POST',
      body: 'not json',
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { error: 'Request body is not JSON' });
  });
});
