import { ApiError } from './errors';
import { matches, parseFieldSelector, parseLabelSelector } from './selectors';

describe('selectors', () => {
  const object = {
    metadata: {
      name: 'shop-api',
      namespace: 'shop',
      labels: { team: 'shop', tier: 'backend' },
    },
  };

  it.each([
    [undefined, undefined, true],
    ['', '', true],
    ['team=shop,tier in (backend, web)', 'metadata.namespace=shop', true],
    ['!missing', 'metadata.name!=other', true],
    ['team notin (shop)', undefined, false],
    [undefined, 'metadata.name=other', false],
  ])(
    'label selector %p and field selector %p match: %p',
    (labels, fields, expected) => {
      expect(
        matches(object, parseLabelSelector(labels), parseFieldSelector(fields)),
      ).toBe(expected);
    },
  );

  const thrownBy = (parse: () => unknown) => {
    try {
      parse();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it.each([
    ['label', () => parseLabelSelector('team in shop')],
    ['field', () => parseFieldSelector('spec.nodeName=a')],
  ])('answers 400 Bad Request for a %s selector it cannot read', (_, parse) => {
    const error = thrownBy(parse);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 400, reason: 'BadRequest' });
  });
});
