'use strict';

const http = require('node:http');
const { createStore } = require('./store');
const { OrderError, placeOrder } = require('./orders');

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 64 * 1024) throw new OrderError('Request body too large');
  }
  try {
    return JSON.parse(text || '{}');
  } catch {
    throw new OrderError('Request body is not JSON');
  }
}

/** The API: GET /healthz, GET /products, GET /products/:id, POST /orders. */
function createServer(store = createStore()) {
  return http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    try {
      if (req.method === 'GET' && url.pathname === '/healthz') {
        return send(res, 200, { status: 'ok' });
      }
      if (req.method === 'GET' && url.pathname === '/products') {
        const inStock = url.searchParams.get('inStock') === 'true';
        const products = store
          .listProducts()
          .filter(p => !inStock || p.stock > 0);
        return send(res, 200, { items: products });
      }
      const product = url.pathname.match(/^\/products\/([\w-]+)$/);
      if (req.method === 'GET' && product) {
        const found = store.getProduct(product[1]);
        return found
          ? send(res, 200, found)
          : send(res, 404, { error: 'No such product' });
      }
      if (req.method === 'POST' && url.pathname === '/orders') {
        const body = await readJson(req);
        return send(res, 201, placeOrder(store, body.lines));
      }
      return send(res, 404, { error: 'Not found' });
    } catch (error) {
      if (error instanceof OrderError)
        return send(res, 400, { error: error.message });
      return send(res, 500, { error: 'Internal error' });
    }
  });
}

module.exports = { createServer };
