import { collectResources } from './resources';
import type { RepositoryFile, ValidationProblem } from './types';
import {
  ArgoCdValidationOptions,
  validateArgoCdApplications,
} from './validateArgoCd';
import { validateTektonResources } from './validateTekton';

export type GitOpsValidationOptions = ArgoCdValidationOptions;

/**
 * Validates a repository's GitOps content as a whole: Tekton Tasks, Pipelines and Triggers
 * against each other, and Argo CD Applications against the repository's paths and the sync
 * wave order. Pure: the caller reads and parses the files. An empty list means all is well.
 */
export function validateGitOpsRepository(
  files: RepositoryFile[],
  options: GitOpsValidationOptions = {},
): ValidationProblem[] {
  const resources = collectResources(files);
  return [
    ...validateTektonResources(resources),
    ...validateArgoCdApplications(
      resources,
      files.map(f => f.path),
      options,
    ),
  ];
}

/** One line per problem, for error messages and CLI output. */
export function formatValidationProblems(
  problems: ValidationProblem[],
): string {
  return problems
    .map(p => `${p.file}${p.resource ? ` ${p.resource}` : ''}: ${p.message}`)
    .join('\n');
}
