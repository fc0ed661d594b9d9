'use strict';

const fs = require('node:fs');
const path = require('node:path');

/**
 * An in-memory stand-in for shop-db: products seeded from data/products.json, orders kept in a
 * list. Stock is reserved when an order is placed.
 */
function createStore(seed = loadSeed()) {
  const products = new Map(seed.map(p => [p.id, { ...p }]));
  const orders = [];
  return {
    listProducts: () => [...products.values()],
    getProduct: id => products.get(id),
    reserve(id, quantity) {
      const product = products.get(id);
      if (!product || product.stock < quantity) return false;
      product.stock -= quantity;
      return true;
    },
    addOrder(order) {
      orders.push(order);
      return order;
    },
    listOrders: () => [...orders],
  };
}

function loadSeed() {
  const file = path.join(__dirname, '..', 'data', 'products.json');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

module.exports = { createStore };
