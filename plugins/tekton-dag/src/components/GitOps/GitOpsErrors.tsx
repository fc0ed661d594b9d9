import { Box } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import type {
  EntityGitOps,
  GitOpsSource,
} from '@tekton-dag/plugin-tekton-dag-common';

/** Where an Application was read from, in words: "cluster local", "Argo CD instance main". */
export function describeSource(source: GitOpsSource): string {
  return source.kind === 'kubernetes'
    ? `cluster ${source.cluster}`
    : `Argo CD instance ${source.instance}`;
}

/** The sources that could not be read, one warning per source with its messages. */
export function GitOpsErrors(props: { errors: EntityGitOps['errors'] }) {
  const groups = new Map<string, string[]>();
  for (const error of props.errors) {
    const where = describeSource(error.source);
    groups.set(where, [
      ...(groups.get(where) ?? []),
      error.application
        ? `${error.application}: ${error.message}`
        : error.message,
    ]);
  }
  return (
    <>
      {[...groups].map(([where, messages]) => (
        <Box key={where} mb={2}>
          <Alert severity="warning" aria-label={`Warnings from ${where}`}>
            <AlertTitle>Could not read from {where}</AlertTitle>
            {messages.length === 1 ? (
              messages[0]
            ) : (
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {messages.map((message, i) => (
                  <li key={i}>{message}</li>
                ))}
              </ul>
            )}
          </Alert>
        </Box>
      ))}
    </>
  );
}
