'use strict';

const VAT_RATE = 0.2;
const FREE_SHIPPING_FROM_CENTS = 5000;
const SHIPPING_CENTS = 490;

class OrderError extends Error {}

/** Validates the requested lines: each names a product and a whole quantity of 1 to 99. */
function validateLines(lines) {
  if (!Array.isArray(lines) || lines.length === 0) {
    throw new OrderError('An order needs at least one line');
  }
  for (const line of lines) {
    if (!line || typeof line.productId !== 'string') {
      throw new OrderError('Each line needs a productId');
    }
    if (
      !Number.isInteger(line.quantity) ||
      line.quantity < 1 ||
      line.quantity > 99
    ) {
      throw new OrderError(
        `Quantity of ${line.productId} must be a whole number from 1 to 99`,
      );
    }
  }
}

/** Prices an order in cents: net, VAT (rounded per order), shipping free from 50.00. */
function priceOrder(lines, getProduct) {
  const net = lines.reduce((sum, line) => {
    const product = getProduct(line.productId);
    if (!product) throw new OrderError(`Unknown product ${line.productId}`);
    return sum + product.priceCents * line.quantity;
  }, 0);
  const vat = Math.round(net * VAT_RATE);
  const shipping = net >= FREE_SHIPPING_FROM_CENTS ? 0 : SHIPPING_CENTS;
  return {
    netCents: net,
    vatCents: vat,
    shippingCents: shipping,
    totalCents: net + vat + shipping,
  };
}

/** Places an order against the store: validates, prices, reserves stock, records it. */
function placeOrder(store, lines, now = new Date()) {
  validateLines(lines);
  const price = priceOrder(lines, id => store.getProduct(id));
  for (const line of lines) {
    if (!store.reserve(line.productId, line.quantity)) {
      throw new OrderError(`Not enough stock of ${line.productId}`);
    }
  }
  const id = `o-${store.listOrders().length + 1}`;
  return store.addOrder({ id, lines, ...price, placedAt: now.toISOString() });
}

module.exports = { OrderError, validateLines, priceOrder, placeOrder };
