import { Link } from '@backstage/core-components';
import type { Run } from '@tekton-dag/plugin-tekton-dag-common';
import { formatTrigger, formatTriggeredBy } from './formatTrigger';

/**
 * What started a run. A pull request's run names the pull request, linked to the forge (a new
 * tab: Backstage's Link opens external URLs there), since "Pull request by alice" would not
 * say which one.
 */
export function RunTriggerLabel(props: {
  run: Pick<Run, 'trigger' | 'pullRequest'>;
}) {
  const { trigger, pullRequest } = props.run;
  if (trigger.kind !== 'pull_request' || !pullRequest)
    return <>{formatTrigger(trigger)}</>;
  const author = pullRequest.author ?? trigger.by;
  // One string, so that the link's text is "PR #42 by alice" and not three text nodes.
  const text = `PR #${pullRequest.number}${
    author ? ` by ${formatTriggeredBy(author)}` : ''
  }`;
  return (
    <Link to={pullRequest.url} title={pullRequest.title}>
      {text}
    </Link>
  );
}
