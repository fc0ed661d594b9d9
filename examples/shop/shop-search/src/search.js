'use strict';

// Full-text search over the product catalogue: an inverted index of lower-cased, accent-free
// words, ranked by how many query words a product matches, then by name.

function words(text) {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

// What a product is found by: its name and its tags, if it has any.
function productText(product) {
  return [product.name, ...(product.tags ?? [])].join(' ');
}

function buildIndex(products) {
  const index = new Map();
  for (const product of products) {
    for (const word of new Set(words(productText(product)))) {
      if (!index.has(word)) index.set(word, new Set());
      index.get(word).add(product.id);
    }
  }
  return index;
}

function search(products, index, query, { limit = 10 } = {}) {
  const terms = words(query);
  if (!terms.length) return [];
  const scores = new Map();
  for (const term of terms) {
    for (const id of index.get(term) ?? [])
      scores.set(id, (scores.get(id) ?? 0) + 1);
  }
  const byId = new Map(products.map(p => [p.id, p]));
  return [...scores]
    .map(([id, score]) => ({ product: byId.get(id), score }))
    .sort(
      (a, b) =>
        b.score - a.score || a.product.name.localeCompare(b.product.name),
    )
    .slice(0, limit);
}

module.exports = { words, productText, buildIndex, search };
