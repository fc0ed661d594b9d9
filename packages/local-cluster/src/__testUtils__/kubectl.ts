import { execFile } from 'child_process';
import { promisify } from 'util';

const run = promisify(execFile);

/** Runs the real kubectl against a kubeconfig; resolves with stdout, rejects with stderr. */
export function kubectlFor(kubeconfig: string) {
  return async (...args: string[]): Promise<string> => {
    try {
      const { stdout } = await run(
        'kubectl',
        ['--kubeconfig', kubeconfig, ...args],
        {
          timeout: 60_000,
        },
      );
      return stdout;
    } catch (error: any) {
      throw new Error(
        `kubectl ${args.join(' ')} failed: ${error.stderr || error.message}`,
      );
    }
  };
}
