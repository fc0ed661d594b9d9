import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  LocalCluster,
  LocalClusterOptions,
  startLocalCluster,
} from '../startLocalCluster';

/**
 * A local cluster for the tests of one file, with its kubeconfig and data in a temporary folder:
 * started before them, stopped and removed after. Read `cluster` and `dir` inside tests.
 */
export function useTemporaryCluster(
  options: Omit<LocalClusterOptions, 'kubeconfigPath' | 'executor'> & {
    /** Run PipelineRuns and Pods (workDir in the temporary folder). */
    executor?: boolean;
  } = {},
) {
  const handle = {} as { cluster: LocalCluster; dir: string };
  beforeAll(async () => {
    handle.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cluster-test-'));
    const { executor, ...rest } = options;
    handle.cluster = await startLocalCluster({
      ...rest,
      kubeconfigPath: path.join(handle.dir, 'kubeconfig'),
      ...(executor
        ? {
            executor: { enabled: true, workDir: path.join(handle.dir, 'runs') },
          }
        : {}),
    });
  });
  afterAll(async () => {
    await handle.cluster?.stop();
    if (handle.dir) fs.rmSync(handle.dir, { recursive: true, force: true });
  });
  return handle;
}
