import { substitutedWhen, whenHolds } from './whenExpressions';

describe('when expressions', () => {
  const variables = new Map<string, any>([
    ['params.branch', 'main'],
    ['params.allowed', ['main', 'release']],
  ]);

  it('hold when every expression holds, with variables and arrays substituted', () => {
    expect(
      whenHolds(
        [
          {
            input: '$(params.branch)',
            operator: 'in',
            values: ['$(params.allowed[*])'],
          },
        ],
        variables,
      ),
    ).toBe(true);
    expect(
      whenHolds(
        [
          { input: '$(params.branch)', operator: 'in', values: ['main'] },
          { input: '$(params.branch)', operator: 'notin', values: ['main'] },
        ],
        variables,
      ),
    ).toBe(false);
    expect(whenHolds(undefined, variables)).toBe(true);
  });

  it('are reported substituted', () => {
    expect(
      substitutedWhen(
        [
          {
            input: '$(params.branch)',
            operator: 'in',
            values: ['$(params.allowed[*])'],
          },
        ],
        variables,
      ),
    ).toEqual([{ input: 'main', operator: 'in', values: ['main', 'release'] }]);
  });
});
