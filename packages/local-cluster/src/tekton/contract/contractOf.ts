import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';

/** The folder of the Tekton v1 contract fixtures (see its README). */
export const TEKTON_V1_FIXTURES_DIR = path.join(
  path.dirname(require.resolve('@tekton-dag/local-cluster/package.json')),
  'src/__fixtures__/tekton-v1',
);

/** One fixture: a PipelineRun and its TaskRuns as Tekton writes them when the run has ended. */
export interface TektonFixture {
  scenario: string;
  pipelineRun: any;
  taskRuns: any[];
}

/** Every fixture, by scenario name (the file name without .yaml). */
export function readTektonFixtures(): TektonFixture[] {
  return fs
    .readdirSync(TEKTON_V1_FIXTURES_DIR)
    .filter(file => file.endsWith('.yaml'))
    .sort()
    .map(file => {
      const documents = parseAllDocuments(
        fs.readFileSync(path.join(TEKTON_V1_FIXTURES_DIR, file), 'utf8'),
      ).map(d => d.toJS());
      return {
        scenario: file.replace(/\.yaml$/, ''),
        pipelineRun: documents.find(d => d.kind === 'PipelineRun'),
        taskRuns: documents.filter(d => d.kind === 'TaskRun'),
      };
    });
}

const succeeded = (object: any) =>
  (object?.status?.conditions ?? []).find((c: any) => c.type === 'Succeeded');

const byName = (a: { name: string }, b: { name: string }) =>
  a.name < b.name ? -1 : Number(a.name > b.name);

function stepState(step: any) {
  if (step.terminated)
    return {
      exitCode: step.terminated.exitCode,
      reason: step.terminated.reason,
    };
  return step.running ? 'running' : 'waiting';
}

function stepStates(steps: any[] | undefined) {
  return (steps ?? []).map(step => ({
    name: step.name,
    container: step.container,
    state: stepState(step),
  }));
}

/**
 * What the portal relies on of a finished run, and so what the local cluster must write as
 * Tekton does: names and ownership, the Succeeded condition (status, reason, message),
 * childReferences, skippedTasks (with their when expressions), results, each TaskRun's spec
 * cancellation fields, step states and retries. Uids, timestamps and resource versions are
 * left out; so are the step states of a cancelled TaskRun (how a killed container ends is the
 * container runtime's, not Tekton's).
 */
export function contractOf(pipelineRun: any, taskRuns: any[]) {
  const condition = succeeded(pipelineRun);
  return {
    name: pipelineRun.metadata.name,
    condition: {
      status: condition?.status,
      reason: condition?.reason,
      message: condition?.message,
    },
    childReferences: (pipelineRun.status?.childReferences ?? [])
      .map((c: any) => ({
        apiVersion: c.apiVersion,
        kind: c.kind,
        name: c.name,
        pipelineTaskName: c.pipelineTaskName,
      }))
      .sort(byName),
    skippedTasks: (pipelineRun.status?.skippedTasks ?? [])
      .map((s: any) => ({
        name: s.name,
        reason: s.reason,
        ...(s.whenExpressions ? { whenExpressions: s.whenExpressions } : {}),
      }))
      .sort(byName),
    results: pipelineRun.status?.results ?? [],
    taskRuns: taskRuns
      .map(taskRun => {
        const taskCondition = succeeded(taskRun);
        const cancelled = taskCondition?.reason === 'TaskRunCancelled';
        const owner = (taskRun.metadata.ownerReferences ?? [])[0] ?? {};
        return {
          name: taskRun.metadata.name,
          pipelineRun: taskRun.metadata.labels?.['tekton.dev/pipelineRun'],
          pipelineTask: taskRun.metadata.labels?.['tekton.dev/pipelineTask'],
          owner: {
            kind: owner.kind,
            name: owner.name,
            controller: owner.controller,
          },
          spec: {
            status: taskRun.spec?.status,
            statusMessage: taskRun.spec?.statusMessage,
          },
          condition: {
            status: taskCondition?.status,
            reason: taskCondition?.reason,
            message: taskCondition?.message,
          },
          podName: taskRun.status?.podName,
          steps: cancelled ? 'not compared' : stepStates(taskRun.status?.steps),
          retries: (taskRun.status?.retriesStatus ?? []).map((r: any) => ({
            podName: r.podName,
            reason: succeeded(r)?.reason,
            steps: stepStates(r.steps),
          })),
          results: (taskRun.status?.results ?? []).map((r: any) => ({
            name: r.name,
            value: r.value,
          })),
        };
      })
      .sort(byName),
  };
}
