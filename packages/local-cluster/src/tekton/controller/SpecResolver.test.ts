import fs from 'fs';
import os from 'os';
import path from 'path';
import { ObjectStore } from '../../apiserver/ObjectStore';
import { SpecResolver } from './SpecResolver';

describe('SpecResolver', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-resolver-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const resolver = new SpecResolver({ store: new ObjectStore(), workDir: dir });

  it("applies defaults, ignores params the spec does not declare, merges an object's keys", () => {
    expect(
      resolver.params(
        [
          { name: 'revision', default: 'main' },
          { name: 'targets', type: 'array' },
          {
            name: 'db',
            type: 'object',
            properties: { host: {}, port: {} },
            default: { host: 'localhost', port: '5432' },
          },
        ],
        [
          { name: 'targets', value: ['a', 'b'] },
          { name: 'db', value: { port: '6543' } },
          { name: 'passed-on', value: 'ignored' },
        ],
        'ParameterMissing',
        'PipelineRun default/x',
      ),
    ).toEqual({
      revision: 'main',
      targets: ['a', 'b'],
      db: { host: 'localhost', port: '6543' },
    });
  });

  it("fails with Tekton's reasons and common's messages", () => {
    const fails = (
      specs: any[],
      given: any[],
      reason: string,
      message: string,
    ) =>
      expect(() =>
        resolver.params(specs, given, 'ParameterMissing', 'TaskRun default/t'),
      ).toThrow(expect.objectContaining({ reason, message }));
    fails(
      [{ name: 'url' }],
      [],
      'ParameterMissing',
      'TaskRun default/t: Param "url" is required',
    );
    fails(
      [{ name: 'url' }],
      [{ name: 'url', value: ['a'] }],
      'ParameterTypeMismatch',
      'TaskRun default/t: Param "url" must be a string',
    );
    fails(
      [{ name: 'mode', enum: ['fast', 'full'] }],
      [{ name: 'mode', value: 'slow' }],
      'InvalidParamValue',
      'TaskRun default/t: Param "mode" must be one of "fast", "full"',
    );
  });

  it('fans a matrix out into one param set per combination, plus include', () => {
    const variables = new Map<string, any>([['params.oses', ['linux', 'mac']]]);
    expect(
      resolver
        .combinations(
          {
            name: 'build',
            params: [{ name: 'app', value: 'shop' }],
            matrix: {
              params: [
                { name: 'os', value: '$(params.oses[*])' },
                { name: 'arch', value: ['amd64', 'arm64'] },
              ],
              include: [{ params: [{ name: 'os', value: 'windows' }] }],
            },
          },
          variables,
        )
        .map(combo => combo.map(p => `${p.name}=${p.value}`).join(' ')),
    ).toEqual([
      'app=shop os=linux arch=amd64',
      'app=shop os=linux arch=arm64',
      'app=shop os=mac arch=amd64',
      'app=shop os=mac arch=arm64',
      'app=shop os=windows',
    ]);
  });

  it('binds workspaces to folders and refuses a required one the run does not bind', () => {
    const run = {
      metadata: { namespace: 'shop', name: 'r' },
      spec: { workspaces: [{ name: 'source', emptyDir: {} }] },
    };
    const runDir = path.join(dir, 'r');
    expect(
      resolver.workspaces(
        run,
        { workspaces: [{ name: 'source' }, { name: 'cache', optional: true }] },
        runDir,
      ),
    ).toEqual({ source: path.join(runDir, 'workspaces', 'source') });
    expect(() =>
      resolver.workspaces(run, { workspaces: [{ name: 'secrets' }] }, runDir),
    ).toThrow(expect.objectContaining({ reason: 'CouldntGetPipeline' }));
  });
});
