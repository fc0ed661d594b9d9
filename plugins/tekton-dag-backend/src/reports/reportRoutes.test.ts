import fs from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { eventually } from '../__testUtils__/localCluster';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { recordingSignals } from '../__testUtils__/signals';
import { startTektonDagBackend } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const surefire = fs.readFileSync(
  path.join(__dirname, '__fixtures__', 'surefire.xml'),
  'utf8',
);

describe('test report routes', () => {
  const databases = createTestDatabases();
  const started: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map(b => b.stop()));
  });

  it.each(databases.eachSupportedId())(
    'take uploads from services only, refuse bad and oversized reports whole, and serve them, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const signals = recordingSignals();
      const backend = await startTektonDagBackend({
        knex,
        tektonDag: { clusters: [], reports: { maxBytes: 4000 } },
        features: [
          catalogServiceMock.factory({ entities: [] }),
          signals.factory,
          // No Authorization header means no credentials (the test default is a user).
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
        ],
      });
      started.push(backend);
      const { server } = backend;
      const url = '/api/tekton-dag/runs/run-1/reports';
      const upload = (body: string, header?: string, task = 'unit-tests') => {
        const req = request(server)
          .post(url)
          .query({ task })
          .set('Content-Type', 'application/xml');
        if (header) req.set('Authorization', header);
        return req.send(body);
      };
      const service = mockCredentials.service.header();
      const user = mockCredentials.user.header('user:default/ada');

      expect((await upload(surefire)).status).toBe(401);
      expect(
        (await upload(surefire, mockCredentials.user.invalidHeader())).status,
      ).toBe(401);
      expect((await upload(surefire, user)).status).toBe(403);

      const stored = await upload(surefire, service);
      expect(stored.status).toBe(201);
      // Open run pages hear of it; refused uploads below say nothing.
      expect(signals.published).toEqual([
        {
          channel: 'tekton-dag:run:run-1',
          message: {
            type: 'reports',
            runId: 'run-1',
            pipelineTask: 'unit-tests',
          },
        },
      ]);
      expect(stored.body.totals).toMatchObject({
        tests: 3,
        failed: 1,
        errored: 1,
      });

      // Bad input: a clear error, and the stored report is untouched.
      const truncated = await upload(surefire.slice(0, 300), service);
      expect(truncated.status).toBe(400);
      expect(truncated.body.error.message).toMatch(/not well-formed XML/);
      const hostile = await upload(
        '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><testsuite><testcase name="&x;"/></testsuite>',
        service,
      );
      expect(hostile.status).toBe(400);
      const big = await upload(
        `<testsuite>${'<testcase name="t"/>'.repeat(500)}</testsuite>`,
        service,
      );
      expect(big.status).toBe(413);
      expect(big.body.error.message).toMatch(/larger than 4000 bytes/);
      expect(signals.published).toHaveLength(1);
      expect((await upload(surefire, service, 'Not A Task!')).status).toBe(400);

      // Coverage comes in its own upload and joins the task's report.
      const coverage = await request(server)
        .post(url)
        .query({ task: 'unit-tests' })
        .set('Authorization', service)
        .send({
          total: {
            lines: { total: 200, covered: 163, pct: 81.5 },
            branches: { total: 40, covered: 30, pct: 75 },
          },
        });
      expect(coverage.status).toBe(201);
      expect(
        (
          await request(server)
            .post(url)
            .query({ task: 'unit-tests' })
            .set('Authorization', service)
            .send({ lines: 3 })
        ).status,
      ).toBe(400);

      const read = await request(server).get(url).set('Authorization', user);
      expect(read.status).toBe(200);
      expect(read.body.items).toHaveLength(1);
      expect(read.body.items[0]).toMatchObject({
        pipelineTask: 'unit-tests',
        totals: { tests: 3, passed: 1, failed: 1, errored: 1 },
        coverage: { lines: 81.5, branches: 75 },
      });
      const history = await request(server)
        .get('/api/tekton-dag/entities/component/default/shop-api/tests')
        .query({ limit: 10 })
        .set('Authorization', user);
      expect(history.status).toBe(200);
      expect(history.body).toEqual({ trend: [], flaky: [], slowest: [] });
      expect(
        (
          await request(server)
            .get('/api/tekton-dag/entities/component/default/shop-api/tests')
            .query({ limit: 1000 })
            .set('Authorization', user)
        ).status,
      ).toBe(400);
      expect(read.body.items[0].failures[0].message).toBe(
        'expected: <3> but was: <4>',
      );

      const tests = (task: string, query: object = {}) =>
        request(server)
          .get(`${url}/${task}/tests`)
          .query(query)
          .set('Authorization', user);
      const failing = await tests('unit-tests', { status: 'failed,errored' });
      expect(failing.status).toBe(200);
      expect(failing.body.total).toBe(2);
      expect(failing.body.items.map((c: any) => c.status)).toEqual([
        'failed',
        'errored',
      ]);
      expect((await tests('unit-tests', { status: 'broken' })).status).toBe(
        400,
      );
      expect((await tests('unit-tests', { limit: 0 })).status).toBe(400);
      const missing = await tests('lint');
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toMatch(
        /no test report for task lint/,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'store a streamed upload without holding the database: old report readable, a second upload 409, a failure leaves nothing, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTektonDagBackend({
        knex,
        tektonDag: { clusters: [] },
        features: [catalogServiceMock.factory({ entities: [] })],
      });
      started.push(backend);
      const { server } = backend;
      const url = '/api/tekton-dag/runs/run-2/reports';
      const service = mockCredentials.service.header();
      const user = mockCredentials.user.header('user:default/ada');
      const upload = (body: string) =>
        request(server)
          .post(url)
          .query({ task: 'unit-tests' })
          .set('Authorization', service)
          .set('Content-Type', 'application/xml')
          .send(body);
      const readTotals = async () =>
        (await request(server).get(url).set('Authorization', user)).body
          .items[0]?.totals.tests;
      expect((await upload(surefire)).status).toBe(201);

      // An upload whose body arrives slowly: half of 4,000 cases, then a pause.
      const cases = (from: number, to: number) =>
        Array.from(
          { length: to - from },
          (_, i) => `<testcase classname="c" name="t${from + i}"/>`,
        ).join('');
      const { port } = server.address() as AddressInfo;
      /** An upload over HTTP whose body the test writes bit by bit; `answered` is its status. */
      const slowUpload = () => {
        const req = http.request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `${url}?task=unit-tests`,
          headers: {
            Authorization: service,
            'Content-Type': 'application/xml',
          },
        });
        const answered = new Promise<number | undefined>(resolve => {
          req.on('response', res => {
            res.resume();
            res.on('end', () => resolve(res.statusCode));
          });
          req.on('error', () => resolve(undefined));
        });
        return { req, answered };
      };
      const { req: slow, answered } = slowUpload();
      slow.write(`<testsuite name="big">${cases(0, 2000)}`);
      const pendingCases = async () =>
        Number(
          (
            await knex('tekton_dag_test_cases')
              .whereIn(
                'report_id',
                knex('tekton_dag_test_reports')
                  .where({ state: 'pending' })
                  .select('id'),
              )
              .count({ n: '*' })
          )[0].n,
        );
      await eventually(pendingCases, n => n > 0, 'the first cases written');

      // Meanwhile (before, one transaction held SQLite's only connection for the whole upload
      // and these waited for it): readers see the previous report whole, nothing of the new.
      expect(await readTotals()).toBe(3);
      const listed = await request(server)
        .get(`${url}/unit-tests/tests`)
        .set('Authorization', user);
      expect(listed.body.total).toBe(3);
      // Other writes go on.
      await knex('tekton_dag_runs').where({ uid: 'none' }).delete();
      // A second upload for the same task is refused while the first is in progress.
      const second = await upload(surefire);
      expect(second.status).toBe(409);
      expect(second.body.error.message).toMatch(/being uploaded/);
      // Coverage for the task is taken meanwhile, and kept with the new report.
      const coverage = await request(server)
        .post(url)
        .query({ task: 'unit-tests' })
        .set('Authorization', service)
        .send({ total: { lines: { pct: 91 } } });
      expect(coverage.status).toBe(201);

      slow.end(`${cases(2000, 4000)}</testsuite>`);
      expect(await answered).toBe(201);
      expect(await readTotals()).toBe(4000);
      expect(
        (await request(server).get(url).set('Authorization', user)).body
          .items[0].coverage,
      ).toEqual({ lines: 91 });
      expect(await pendingCases()).toBe(0);
      const total = async () =>
        Number((await knex('tekton_dag_test_cases').count({ n: '*' }))[0].n);
      expect(await total()).toBe(4000);

      // An upload that fails late (bad XML after 3,000 good cases) leaves nothing of itself.
      const broken = await upload(
        `<testsuite name="broken">${cases(
          0,
          3000,
        )}<testcase name="x"></testsuite>`,
      );
      expect(broken.status).toBe(400);
      expect(await readTotals()).toBe(4000);
      expect(await total()).toBe(4000);
      expect(
        await knex('tekton_dag_test_reports').where({ state: 'pending' }),
      ).toEqual([]);

      // An upload that stalls (its replica froze) is taken for abandoned by the next one;
      // when it wakes up it is refused, and replaces nothing.
      const { req: stalled, answered: stalledAnswer } = slowUpload();
      stalled.write(`<testsuite name="stalled">${cases(0, 1000)}`);
      await eventually(pendingCases, n => n > 0, 'the stalled upload to start');
      await knex('tekton_dag_test_reports')
        .where({ state: 'pending' })
        .update({ heartbeat_at: new Date(Date.now() - 10 * 60_000) });
      const next = await upload(surefire);
      expect(next.status).toBe(201);
      expect(await readTotals()).toBe(3);
      stalled.end(`${cases(1000, 1500)}</testsuite>`);
      expect(await stalledAnswer).toBe(409);
      expect(await readTotals()).toBe(3);
      expect(await total()).toBe(3);
    },
  );
});
