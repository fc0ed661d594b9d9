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
}
