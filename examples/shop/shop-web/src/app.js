/* global cart, document, fetch */
'use strict';

// Renders the product list from shop-api and keeps a cart in memory.
let state = cart.emptyCart();
const apiBase = document.querySelector('meta[name="shop-api"]').content;

function render(products) {
  const list = document.getElementById('products');
  list.innerHTML = '';
  for (const product of products) {
    const item = document.createElement('li');
    item.textContent = `${product.name} — ${cart.formatPrice(
      product.priceCents,
    )} `;
    const button = document.createElement('button');
    button.textContent = 'Add to cart';
    button.disabled = product.stock === 0;
    button.onclick = () => {
      state = cart.addItem(state, product);
      document.getElementById('count').textContent = String(
        cart.itemCount(state),
      );
      document.getElementById('subtotal').textContent = cart.formatPrice(
        cart.subtotalCents(state),
      );
    };
    item.appendChild(button);
    list.appendChild(item);
  }
}

fetch(`${apiBase}/products`)
  .then(res => res.json())
  .then(body => render(body.items))
  .catch(() => {
    document.getElementById('products').textContent =
      'The shop is closed right now.';
  });
