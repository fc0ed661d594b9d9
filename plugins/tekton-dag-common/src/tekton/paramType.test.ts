import { paramTypeOf } from './paramType';

describe('paramTypeOf', () => {
  it("names a value's Tekton type", () => {
    expect(paramTypeOf(['a', 'b'])).toBe('array');
    expect(paramTypeOf({ team: 'shop' })).toBe('object');
    expect(paramTypeOf('main')).toBe('string');
  });
});
