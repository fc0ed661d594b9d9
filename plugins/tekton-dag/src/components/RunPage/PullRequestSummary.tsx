import { Link } from '@backstage/core-components';
import { makeStyles, Typography } from '@material-ui/core';
import type { RunPullRequest } from '@tekton-dag/plugin-tekton-dag-common';

const useStyles = makeStyles(
  theme => ({
    facts: {
      display: 'grid',
      gridTemplateColumns: 'max-content 1fr',
      columnGap: theme.spacing(2),
      rowGap: theme.spacing(0.5),
      margin: theme.spacing(1, 0, 0),
      '& dt': { color: theme.palette.text.secondary },
      '& dd': { margin: 0 },
    },
    mono: { fontFamily: 'monospace' },
  }),
  { name: 'TektonDagPullRequestSummary' },
);

const HEADING_ID = 'tekton-dag-run-pull-request';

/** The pull request a run was started for: link, author, head commit, branches and event. */
export function PullRequestSummary(props: { pullRequest: RunPullRequest }) {
  const { pullRequest: pr } = props;
  const classes = useStyles();
  // A base branch alone would read as the branch that was pushed to: show it only as a target.
  const branch =
    pr.headRef && pr.baseRef ? `${pr.headRef} → ${pr.baseRef}` : pr.headRef;
  return (
    <section aria-labelledby={HEADING_ID}>
      <Typography variant="h6" component="h3" id={HEADING_ID}>
        Pull request
      </Typography>
      <Typography variant="body1">
        <Link to={pr.url}>
          {pr.title ? `PR #${pr.number}: ${pr.title}` : `PR #${pr.number}`}
        </Link>
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {pr.repository}
        {pr.author && ` · by ${pr.author}`}
      </Typography>
      <Typography variant="body2" component="dl" className={classes.facts}>
        <dt>Head commit</dt>
        <dd className={classes.mono} title={pr.headSha}>
          {pr.headSha.slice(0, 7)}
        </dd>
        {branch && (
          <>
            <dt>Branch</dt>
            <dd className={classes.mono}>{branch}</dd>
          </>
        )}
        <dt>Event</dt>
        <dd className={classes.mono}>{pr.event}</dd>
      </Typography>
    </section>
  );
}
