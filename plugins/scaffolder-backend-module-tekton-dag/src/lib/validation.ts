import { InputError } from '@backstage/errors';
import {
  formatValidationProblems,
  GitOpsValidationOptions,
  RepositoryFile,
  validateGitOpsRepository,
  ValidationProblem,
} from '@tekton-dag/plugin-tekton-dag-common';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Kubernetes names of Pipelines, Applications and namespaces: lower-case DNS labels. */
export function assertDnsLabel(value: string, what: string) {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    throw new InputError(
      `${what} "${value}" must be a DNS label: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
    );
  }
}

/**
 * The common validator's problems with the given files, validated together with `context`
 * (Tasks, the files an Application points at): only problems of `files` are returned, so
 * something wrong elsewhere in the workspace does not fail this step.
 */
export function validateFiles(
  files: RepositoryFile[],
  context: RepositoryFile[],
  options?: GitOpsValidationOptions,
): ValidationProblem[] {
  const own = new Set(files.map(f => f.path));
  const others = context.filter(f => !own.has(f.path));
  return validateGitOpsRepository([...others, ...files], options).filter(p =>
    own.has(p.file),
  );
}

/** An InputError with one line per problem, the validator's own words. */
export function validationError(
  what: string,
  problems: ValidationProblem[],
  hint?: string,
): InputError {
  return new InputError(
    `${what} is not valid:\n${formatValidationProblems(problems)}${
      hint ? `\n${hint}` : ''
    }`,
  );
}
