'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { productText, words } = require('./search');

// Type-ahead suggestions: every word of the catalogue, looked up by prefix. Building the word
// list is the slow part, so it is cached in a file that the next process reuses once (then
// removes, so a stale cache cannot outlive one reuse).
//
// The default cache file is shared by every process on the machine. That is the bug behind this
// example's flaky test: a test that expects a cold cache passes on one run, leaves the file
// behind, and fails on the next run, which consumes it.
const DEFAULT_CACHE_FILE = path.join(
  os.tmpdir(),
  'shop-search-suggestions.json',
);

function createSuggester(products, { cacheFile = DEFAULT_CACHE_FILE } = {}) {
  const stats = { hits: 0, misses: 0 };
  let vocabulary;

  function load() {
    if (vocabulary) return vocabulary;
    if (fs.existsSync(cacheFile)) {
      vocabulary = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
      fs.rmSync(cacheFile, { force: true });
      stats.hits += 1;
      return vocabulary;
    }
    stats.misses += 1;
    vocabulary = [
      ...new Set(products.flatMap(p => words(productText(p)))),
    ].sort();
    fs.writeFileSync(cacheFile, JSON.stringify(vocabulary));
    return vocabulary;
  }

  return {
    stats,
    suggest(prefix, { limit = 5 } = {}) {
      const [start] = words(prefix);
      if (!start) return [];
      return load()
        .filter(word => word.startsWith(start))
        .slice(0, limit);
    },
  };
}

module.exports = { createSuggester, DEFAULT_CACHE_FILE };
