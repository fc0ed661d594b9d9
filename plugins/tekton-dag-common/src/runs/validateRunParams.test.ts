import { validateRunParams } from './validateRunParams';
import type { ParamSpec } from '../tekton/types';

const specs: ParamSpec[] = [
  { name: 'repo-url', type: 'string' },
  { name: 'revision', type: 'string', default: 'main' },
  { name: 'mode', type: 'string', default: 'fast', enum: ['fast', 'full'] },
  { name: 'targets', type: 'array', default: ['linux'] },
  {
    name: 'db',
    type: 'object',
    properties: { host: {}, port: {} },
    default: { host: 'localhost', port: '5432' },
  },
];

describe('validateRunParams', () => {
  it('fills defaults in the pipeline order', () => {
    expect(
      validateRunParams(specs, {
        'repo-url': 'https://git.example/x.git',
        targets: ['a', 'b'],
      }),
    ).toEqual({
      errors: [],
      problems: [],
      params: [
        { name: 'repo-url', value: 'https://git.example/x.git' },
        { name: 'revision', value: 'main' },
        { name: 'mode', value: 'fast' },
        { name: 'targets', value: ['a', 'b'] },
        { name: 'db', value: { host: 'localhost', port: '5432' } },
      ],
    });
  });

  it('names every problem in one go, each with its param and kind', () => {
    const { errors, problems } = validateRunParams(specs, {
      revison: 'main',
      revision: 42,
      mode: 'slow',
      targets: 'linux',
      db: { host: 'h', user: 'u' },
    });
    expect(errors).toEqual([
      'Unknown param "revison"; the pipeline takes "repo-url", "revision", "mode", "targets", "db"',
      'Param "repo-url" is required',
      'Param "revision" must be a string',
      'Param "mode" must be one of "fast", "full"',
      'Param "targets" must be an array of strings',
      'Param "db" has unknown keys "user"',
    ]);
    expect(problems.map(p => [p.param, p.kind])).toEqual([
      ['revison', 'unknown'],
      ['repo-url', 'missing'],
      ['revision', 'type'],
      ['mode', 'enum'],
      ['targets', 'type'],
      ['db', 'keys'],
    ]);
    expect(problems.map(p => p.message)).toEqual(errors);
  });

  it('treats a pipeline without params as taking none', () => {
    expect(validateRunParams(undefined, { x: '1' }).errors).toEqual([
      'Unknown param "x"; the pipeline takes no params',
    ]);
    expect(validateRunParams([], undefined)).toEqual({
      problems: [],
      params: [],
      errors: [],
    });
  });
});
