import { parseEntityRef } from '@backstage/catalog-model';
import { makeStyles, Typography } from '@material-ui/core';
import type { RunPlan } from '@tekton-dag/plugin-tekton-dag-common';

const useStyles = makeStyles(
  theme => ({
    sentences: { margin: theme.spacing(1, 0), paddingLeft: theme.spacing(3) },
  }),
  { name: 'TektonDagRunPlanSummary' },
);

const HEADING_ID = 'tekton-dag-run-plan';

/** "shop-api" for `component:default/shop-api`; a ref that does not parse shows as it is. */
function entityName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

const names = (refs: string[]) =>
  refs.length ? refs.map(entityName).join(', ') : 'none';

/** What a generated run builds and tests, and the planner's reasons, so the run explains itself. */
export function RunPlanSummary(props: { plan: RunPlan }) {
  const { plan } = props;
  const classes = useStyles();
  return (
    <section aria-labelledby={HEADING_ID}>
      <Typography variant="h6" component="h3" id={HEADING_ID}>
        Plan
      </Typography>
      {plan.explanation.length > 0 && (
        <Typography
          variant="body2"
          component="ul"
          className={classes.sentences}
        >
          {plan.explanation.map(sentence => (
            <li key={sentence}>{sentence}</li>
          ))}
        </Typography>
      )}
      <Typography variant="body2">Builds: {names(plan.build)}</Typography>
      <Typography variant="body2">Tests: {names(plan.test)}</Typography>
      {plan.systems && plan.systems.length > 0 && (
        <Typography variant="body2">
          Systems affected: {names(plan.systems)}
        </Typography>
      )}
    </section>
  );
}
