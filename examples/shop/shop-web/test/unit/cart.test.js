'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const cart = require('../../src/cart');

const mug = { id: 'p-101', name: 'Ceramic mug', priceCents: 1200, stock: 3 };
const beans = {
  id: 'p-100',
  name: 'Espresso beans',
  priceCents: 2400,
  stock: 10,
};

test('adds items and sums the subtotal', () => {
  let c = cart.addItem(cart.emptyCart(), mug, 2);
  c = cart.addItem(c, beans);
  assert.equal(cart.itemCount(c), 3);
  assert.equal(cart.subtotalCents(c), 4800);
  assert.deepEqual(cart.toOrderLines(c), [
    { productId: 'p-101', quantity: 2 },
    { productId: 'p-100', quantity: 1 },
  ]);
});

test('does not sell more than is in stock', () => {
  const c = cart.addItem(cart.emptyCart(), mug, 3);
  assert.throws(() => cart.addItem(c, mug), /Only 3 of Ceramic mug left/);
});

test('removes a line without touching the others', () => {
  const c = cart.removeItem(
    cart.addItem(cart.addItem(cart.emptyCart(), mug), beans),
    'p-101',
  );
  assert.deepEqual(Object.keys(c.lines), ['p-100']);
});

test('rejects quantities that are not positive whole numbers', () => {
  assert.throws(
    () => cart.addItem(cart.emptyCart(), mug, 0),
    /positive whole number/,
  );
});

test('formats prices in euros', () => {
  assert.equal(cart.formatPrice(123456), '€1,234.56');
});
