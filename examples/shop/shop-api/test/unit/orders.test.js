'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { createStore } = require('../../src/store');
const {
  OrderError,
  placeOrder,
  priceOrder,
  validateLines,
} = require('../../src/orders');

const products = [
  { id: 'a', name: 'A', priceCents: 1000, stock: 5 },
  { id: 'b', name: 'B', priceCents: 2500, stock: 1 },
];

test('prices an order with VAT and shipping below the free-shipping threshold', () => {
  const store = createStore(products);
  const price = priceOrder([{ productId: 'a', quantity: 2 }], id =>
    store.getProduct(id),
  );
  assert.deepEqual(price, {
    netCents: 2000,
    vatCents: 400,
    shippingCents: 490,
    totalCents: 2890,
  });
});

test('ships for free from 50.00 net', () => {
  const store = createStore(products);
  const price = priceOrder(
    [
      { productId: 'a', quantity: 3 },
      { productId: 'b', quantity: 1 },
    ],
    id => store.getProduct(id),
  );
  assert.equal(price.shippingCents, 0);
  assert.equal(price.totalCents, 5500 + 1100);
});

test('rejects empty orders and bad quantities', () => {
  assert.throws(() => validateLines([]), OrderError);
  assert.throws(
    () => validateLines([{ productId: 'a', quantity: 0 }]),
    /whole number from 1 to 99/,
  );
  assert.throws(
    () => validateLines([{ productId: 'a', quantity: 1.5 }]),
    OrderError,
  );
  assert.throws(() => validateLines([{ quantity: 1 }]), /needs a productId/);
});

test('reserves stock and refuses to oversell', () => {
  const store = createStore(products);
  const order = placeOrder(
    store,
    [{ productId: 'b', quantity: 1 }],
    new Date('2026-01-01T00:00:00Z'),
  );
  assert.equal(order.id, 'o-1');
  assert.equal(order.placedAt, '2026-01-01T00:00:00.000Z');
  assert.equal(store.getProduct('b').stock, 0);
  assert.throws(
    () => placeOrder(store, [{ productId: 'b', quantity: 1 }]),
    /Not enough stock of b/,
  );
});

test('rejects unknown products', () => {
  assert.throws(
    () => placeOrder(createStore(products), [{ productId: 'zz', quantity: 1 }]),
    /Unknown product zz/,
  );
});
