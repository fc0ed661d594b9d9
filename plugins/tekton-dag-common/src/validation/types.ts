/** A YAML file of a repository, parsed into its documents. */
export interface RepositoryFile {
  /** Path relative to the repository root, with `/` separators. */
  path: string;
  documents: unknown[];
}

/** One thing wrong with the GitOps content, named so a person can find and fix it. */
export interface ValidationProblem {
  file: string;
  /** `Kind/name` of the resource at fault, when there is one. */
  resource?: string;
  message: string;
  /**
   * For a reference to something the repository does not hold (a Task, Pipeline,
   * TriggerBinding, TriggerTemplate or AppProject): what is missing, so that a caller can tell
   * "not in these files, maybe on the cluster" from other problems without reading the message.
   */
  missing?: { kind: string; name: string };
}
