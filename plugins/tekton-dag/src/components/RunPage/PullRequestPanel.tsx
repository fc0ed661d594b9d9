import { Grid, makeStyles, Paper } from '@material-ui/core';
import type { Run } from '@tekton-dag/plugin-tekton-dag-common';
import { PullRequestSummary } from './PullRequestSummary';
import { RunPlanSummary } from './RunPlanSummary';

const useStyles = makeStyles(
  theme => ({
    root: { padding: theme.spacing(2), marginBottom: theme.spacing(2) },
  }),
  { name: 'TektonDagPullRequestPanel' },
);

/**
 * Below the run's header, for runs started by a pull request: which pull request, and what the
 * generated pipeline builds and tests and why. Nothing for other runs.
 */
export function PullRequestPanel(props: {
  run: Pick<Run, 'pullRequest' | 'plan'>;
}) {
  const { pullRequest, plan } = props.run;
  const classes = useStyles();
  if (!pullRequest && !plan) return null;
  const both = Boolean(pullRequest && plan);
  return (
    <Paper className={classes.root}>
      <Grid container spacing={2}>
        {pullRequest && (
          <Grid item xs={12} md={both ? 5 : 12}>
            <PullRequestSummary pullRequest={pullRequest} />
          </Grid>
        )}
        {plan && (
          <Grid item xs={12} md={both ? 7 : 12}>
            <RunPlanSummary plan={plan} />
          </Grid>
        )}
      </Grid>
    </Paper>
  );
}
