import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { RunStatus } from '@tekton-dag/plugin-tekton-dag-common';
import { RUN_STATUS_LABELS } from './runStatusLabels';
import { RunStatusIcon } from './RunStatusIcon';

const useStyles = makeStyles(
  theme => ({
    root: {
      display: 'inline-flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      verticalAlign: 'middle',
    },
  }),
  { name: 'TektonDagRunStatusLabel' },
);

/** A status as icon and word, so that it reads without colour. */
export function RunStatusLabel(props: { status: RunStatus; reason?: string }) {
  const classes = useStyles();
  return (
    <Typography
      component="span"
      variant="body2"
      className={classes.root}
      title={props.reason}
    >
      <RunStatusIcon status={props.status} fontSize="small" />
      {RUN_STATUS_LABELS[props.status] ?? props.status}
    </Typography>
  );
}
