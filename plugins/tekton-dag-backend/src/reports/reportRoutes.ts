import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { TestCaseStatus } from '@tekton-dag/plugin-tekton-dag-common';
import type express from 'express';
import { parseJUnit, ReportTooLargeError, tooLarge } from './parseJUnit';
import type { ReportStore } from '../database/ReportStore';
import type { RunStore } from '../database/RunStore';

const TEST_STATUSES: TestCaseStatus[] = [
  'passed',
  'failed',
  'errored',
  'skipped',
];
const PIPELINE_TASK = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Test report routes. Uploads come from the `publish-results` Task with a Backstage
 * external-access token (a service principal), streamed straight into the parser: the body is
 * never held whole, a body over the cap is a 413, bad XML a 400, and either way nothing is
 * stored. A report for a run not recorded yet is kept under the run's UID.
 */
export function addReportRoutes(
  router: express.Router,
  options: {
    httpAuth: HttpAuthService;
    reports: ReportStore;
    /** The runs an entity's test history covers. */
    runs: Pick<RunStore, 'listRecentRuns'>;
    onStored?(runId: string, pipelineTask: string): void;
    maxBytes: number;
    maxOutputBytes: number;
    /** Checks tekton-dag.run.read for reading reports. */
    authorizeRead(req: express.Request): Promise<void>;
  },
) {
  const { httpAuth, reports, maxBytes, maxOutputBytes } = options;

  router.post('/runs/:id/reports', async (req, res) => {
    // Only services (the pipeline's token) upload; people read.
    await httpAuth.credentials(req, { allow: ['service'] });
    const task = req.query.task;
    if (typeof task !== 'string' || !PIPELINE_TASK.test(task))
      throw new InputError(
        '"task" must name the pipeline task whose tests the report holds, e.g. ?task=unit-tests',
      );
    // Istanbul's coverage-summary.json (already parsed by the JSON body parser, 1 MB cap).
    if (req.is('application/json')) {
      const total = req.body?.total;
      const pct = (metric: any) =>
        typeof metric?.pct === 'number' ? metric.pct : undefined;
      if (!total || typeof total !== 'object')
        throw new InputError(
          'A coverage upload must be an Istanbul coverage-summary.json with a "total" object',
        );
      const coverage = Object.fromEntries(
        ['lines', 'statements', 'functions', 'branches']
          .map(metric => [metric, pct(total[metric])])
          .filter(([, value]) => value !== undefined),
      );
      await reports.saveCoverage(req.params.id, task, coverage);
      options.onStored?.(req.params.id, task);
      res.status(201).json({ pipelineTask: task, coverage });
      return;
    }
    let totals;
    try {
      // A declared length over the cap is refused before reading a byte.
      if (Number(req.headers['content-length']) > maxBytes)
        throw new ReportTooLargeError(tooLarge(maxBytes));
      // Cases are inserted as they are parsed, in the store's transaction: a bad or oversized
      // body rolls it all back.
      totals = await reports.storeReport({
        runUid: req.params.id,
        pipelineTask: task,
        source: 'upload',
        parse: onCases =>
          parseJUnit(req, { maxBytes, maxOutputBytes, onCases }),
      });
    } catch (error) {
      if (!(error instanceof ReportTooLargeError)) throw error;
      // Backstage's error handler has no 413; answer in its shape.
      res.status(413).json({
        error: { name: error.name, message: error.message },
      });
      req.destroy();
      return;
    }
    options.onStored?.(req.params.id, task);
    res.status(201).json({ pipelineTask: task, totals });
  });

  router.get('/entities/:kind/:namespace/:name/tests', async (req, res) => {
    await options.authorizeRead(req);
    const limit = req.query.limit === undefined ? 20 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw new InputError('"limit" must be a whole number from 1 to 100');
    const pipeline =
      typeof req.query.pipeline === 'string' && req.query.pipeline
        ? req.query.pipeline
        : undefined;
    const { kind, namespace, name } = req.params;
    const runs = await options.runs.listRecentRuns({
      entityRef: stringifyEntityRef({ kind, namespace, name }),
      pipeline,
      limit,
    });
    res.json(await reports.getTestHistory(runs));
  });

  router.get('/runs/:id/reports', async (req, res) => {
    await options.authorizeRead(req);
    res.json({ items: await reports.getRunReports(req.params.id) });
  });

  router.get('/runs/:id/reports/:task/tests', async (req, res) => {
    await options.authorizeRead(req);
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    const offset =
      req.query.offset === undefined ? 0 : Number(req.query.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new InputError('"limit" must be a whole number from 1 to 500');
    if (!Number.isInteger(offset) || offset < 0)
      throw new InputError('"offset" must be a whole number, 0 or more');
    const status =
      typeof req.query.status === 'string' && req.query.status
        ? req.query.status.split(',')
        : undefined;
    const unknown = status?.filter(s => !TEST_STATUSES.includes(s as any));
    if (unknown?.length)
      throw new InputError(
        `Unknown test status ${unknown.join(', ')}; use ${TEST_STATUSES.join(
          ', ',
        )}`,
      );
    const page = await reports.listTestCases({
      runUid: req.params.id,
      pipelineTask: req.params.task,
      status: status as TestCaseStatus[] | undefined,
      q: typeof req.query.q === 'string' ? req.query.q.trim() : undefined,
      limit,
      offset,
    });
    if (!page)
      throw new NotFoundError(
        `Run ${req.params.id} has no test report for task ${req.params.task}`,
      );
    res.json(page);
  });
}
