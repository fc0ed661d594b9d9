const test = require('node:test');
const assert = require('node:assert');
const { greeting } = require('../../src/greeting');

test('greets with the service name', () => {
  const answer = greeting('${{ values.name }}', new Date('2026-01-01T00:00:00Z'));
  assert.deepStrictEqual(answer, {
    service: '${{ values.name }}',
    message: 'Hello from ${{ values.name }}',
    time: '2026-01-01T00:00:00.000Z',
  });
});

test('refuses to greet without a name', () => {
  assert.throws(() => greeting(''), /needs a name/);
});
