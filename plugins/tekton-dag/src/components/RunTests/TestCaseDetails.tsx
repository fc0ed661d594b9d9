import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { TestCase } from '@tekton-dag/plugin-tekton-dag-common';

const useStyles = makeStyles(
  theme => ({
    message: {
      fontFamily: 'monospace',
      whiteSpace: 'pre-wrap',
      wordBreak: 'break-word',
    },
    pre: {
      fontFamily: 'monospace',
      fontSize: theme.typography.caption.fontSize,
      whiteSpace: 'pre-wrap',
      wordBreak: 'break-word',
      maxHeight: 400,
      overflow: 'auto',
      margin: theme.spacing(0.5, 0, 1),
      padding: theme.spacing(1),
      backgroundColor: theme.palette.background.default,
      borderRadius: theme.shape.borderRadius,
    },
    heading: { marginTop: theme.spacing(1) },
  }),
  { name: 'TektonDagTestCaseDetails' },
);

/** One of the test's output streams under its title; nothing when the stream is empty. */
function TestOutput(props: { title: string; text?: string }) {
  const { title, text } = props;
  const classes = useStyles();
  if (!text) return null;
  return (
    <>
      <Typography variant="caption" component="div" className={classes.heading}>
        {title}
      </Typography>
      <pre className={classes.pre}>{text}</pre>
    </>
  );
}

/**
 * What a failed, errored or skipped test said: its message and type, and behind a toggle its
 * stack trace and output, which can run to hundreds of lines.
 */
export function TestCaseDetails(props: { test: TestCase }) {
  const { test } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const hasMore = Boolean(test.trace || test.systemOut || test.systemErr);
  const what = [
    test.trace && 'stack trace',
    (test.systemOut || test.systemErr) && 'output',
  ]
    .filter(Boolean)
    .join(' and ');

  return (
    <div>
      {(test.type || test.message) && (
        <Typography variant="body2" className={classes.message}>
          {test.type && <strong>{test.type}</strong>}
          {test.type && test.message && ': '}
          {test.message}
        </Typography>
      )}
      {hasMore && (
        <>
          <Button
            size="small"
            onClick={() => setOpen(o => !o)}
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} the ${what} of ${test.name}`}
            startIcon={open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
          >
            {open ? 'Hide' : 'Show'} {what}
          </Button>
          <Collapse in={open} unmountOnExit>
            {test.trace && (
              <pre className={classes.pre} aria-label="Stack trace">
                {test.trace}
              </pre>
            )}
            <TestOutput title="System out" text={test.systemOut} />
            <TestOutput title="System err" text={test.systemErr} />
          </Collapse>
        </>
      )}
    </div>
  );
}
