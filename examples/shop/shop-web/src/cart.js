'use strict';

// The shopping cart of the website: pure functions over a plain object, shared by the browser
// (src/app.js) and the tests.
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.cart = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  function emptyCart() {
    return { lines: {} };
  }

  function addItem(cart, product, quantity = 1) {
    if (!Number.isInteger(quantity) || quantity < 1)
      throw new Error('Quantity must be a positive whole number');
    const current = cart.lines[product.id]?.quantity ?? 0;
    const wanted = current + quantity;
    if (wanted > product.stock)
      throw new Error(`Only ${product.stock} of ${product.name} left`);
    return {
      lines: { ...cart.lines, [product.id]: { product, quantity: wanted } },
    };
  }

  function removeItem(cart, productId) {
    const { [productId]: _removed, ...rest } = cart.lines;
    return { lines: rest };
  }

  function itemCount(cart) {
    return Object.values(cart.lines).reduce(
      (sum, line) => sum + line.quantity,
      0,
    );
  }

  function subtotalCents(cart) {
    return Object.values(cart.lines).reduce(
      (sum, l) => sum + l.product.priceCents * l.quantity,
      0,
    );
  }

  function formatPrice(cents, locale = 'en-GB', currency = 'EUR') {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
    }).format(cents / 100);
  }

  function toOrderLines(cart) {
    return Object.values(cart.lines).map(l => ({
      productId: l.product.id,
      quantity: l.quantity,
    }));
  }

  return {
    emptyCart,
    addItem,
    removeItem,
    itemCount,
    subtotalCents,
    formatPrice,
    toOrderLines,
  };
});
