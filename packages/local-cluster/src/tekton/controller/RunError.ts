/** A reason Tekton gives when a run (or a TaskRun) cannot start; it fails with it. */
export class RunError extends Error {
  constructor(readonly reason: string, message: string) {
    super(message);
  }
}
