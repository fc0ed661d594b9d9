import { makeStyles, useTheme } from '@material-ui/core/styles';
import type { TestCaseStatus } from '@tekton-dag/plugin-tekton-dag-common';
import { testStatusColor } from './testStatus';

const useStyles = makeStyles(
  theme => ({
    swatch: {
      display: 'inline-block',
      width: 10,
      height: 10,
      borderRadius: 2,
      marginRight: theme.spacing(0.5),
    },
  }),
  { name: 'TektonDagTestStatusSwatch' },
);

/** A small square in a status's colour, keying a chart's or a bar's colours to the words beside it. */
export function TestStatusSwatch(props: { status: TestCaseStatus }) {
  const classes = useStyles();
  const theme = useTheme();
  return (
    <span
      className={classes.swatch}
      style={{ backgroundColor: testStatusColor(theme, props.status) }}
    />
  );
}
