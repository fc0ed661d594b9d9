import {
  parseLabelSelector,
  parseLabelSelectorRequirements,
} from './labelSelector';

describe('parseLabelSelector', () => {
  const labels = {
    'app.kubernetes.io/part-of': 'shop',
    team: 'shop-team',
    tier: 'backend',
  };

  it.each([
    ['team=shop-team', true],
    ['team==shop-team', true],
    ['team=other', false],
    ['team!=other', true],
    ['app.kubernetes.io/part-of=shop,team=shop-team', true],
    ['app.kubernetes.io/part-of=shop, team=other', false],
    ['tier in (backend, frontend)', true],
    ['tier in (frontend)', false],
    ['tier notin (frontend),team=shop-team', true],
    ['missing notin (a)', true],
    ['missing in (a,b)', false],
    ['team', true],
    ['!team', false],
    ['!missing', true],
  ])('%s matches: %p', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it.each(['team=a=b', 'tier in backend', '', ' , '])(
    'refuses %p',
    selector => {
      expect(() => parseLabelSelector(selector)).toThrow();
    },
  );
});

describe('parseLabelSelectorRequirements', () => {
  it('reads one matcher per requirement, commas inside sets included', () => {
    const requirements = parseLabelSelectorRequirements(
      'tier in (backend,frontend), team!=other',
    );
    expect(requirements).toHaveLength(2);
    expect(requirements.map(test => test({ tier: 'frontend' }))).toEqual([
      true,
      true,
    ]);
  });

  it.each(['', ' , '])('finds no requirement in %p', selector => {
    expect(parseLabelSelectorRequirements(selector)).toEqual([]);
  });

  it('names the requirement it cannot read', () => {
    expect(() => parseLabelSelectorRequirements('team=shop,tier in x')).toThrow(
      'cannot parse the requirement "tier in x"',
    );
  });
});
