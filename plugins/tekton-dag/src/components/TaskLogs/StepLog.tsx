import {
  LogViewer,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  StepSummary,
  tektonDagLogsReadPermission,
} from '@tekton-dag/plugin-tekton-dag-common';
import { ReactNode, useState } from 'react';
import { downloadText } from './downloadText';
import { logErrorKind } from './logError';
import { useLogStream } from './useLogStream';

/** The log box's height: LogViewer is virtualised and fills whatever height it is given. */
export const LOG_HEIGHT = 480;

const useStyles = makeStyles(
  theme => ({
    toolbar: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(2),
      minHeight: 40,
    },
    box: {
      height: LOG_HEIGHT,
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
      overflow: 'hidden',
    },
    // LogViewer takes its parent's size border included: inside the border it fits the box
    // rather than lose its right and bottom edges (and scroll bars) under it.
    inner: {
      height: '100%',
    },
    // Breaks at spaces first and inside a word only when it does not fit, where LogViewer's
    // own wrapping breaks every line at its last character that fits.
    wrapped: {
      '& span': {
        wordBreak: 'normal',
        overflowWrap: 'anywhere',
      },
    },
    message: {
      height: '100%',
      display: 'flex',
      flexDirection: 'column',
      alignItems: 'center',
      justifyContent: 'center',
      gap: theme.spacing(2),
      padding: theme.spacing(2),
      textAlign: 'center',
    },
  }),
  { name: 'TektonDagStepLog' },
);

export interface StepLogProps {
  runId: string;
  taskRunName: string;
  step: StepSummary;
  /** Whether long lines wrap; otherwise they keep their layout and the log scrolls sideways. */
  wrapLines: boolean;
  onWrapLinesChange(wrapLines: boolean): void;
}

const isLive = (step: StepSummary) =>
  step.status === 'Running' || step.status === 'Pending';

/** One step's log: streamed while the step runs, archived afterwards, in a LogViewer. */
export function StepLog(props: StepLogProps) {
  const { runId, taskRunName, step, wrapLines, onWrapLinesChange } = props;
  const classes = useStyles();
  const live = isLive(step);
  const log = useLogStream({
    runId,
    taskRunName,
    step: step.name,
    follow: live,
    refetchKey: step.status,
  });
  // LogViewer always scrolls to its last line when its text changes, so "not following"
  // means holding the text still while the stream keeps filling the buffer.
  const [follow, setFollow] = useState(true);
  const [heldText, setHeldText] = useState('');
  const holding = live && !follow;
  const shownText = holding ? heldText : log.text;

  const toggleFollow = () => {
    setHeldText(log.text);
    setFollow(!follow);
  };

  const retryButton = (
    <Button variant="outlined" size="small" onClick={log.retry}>
      Retry
    </Button>
  );

  const message = (children: ReactNode) => (
    <div className={classes.message}>{children}</div>
  );

  let content: ReactNode;
  if (log.error && !log.text) {
    const kind = logErrorKind(log.error);
    if (kind === 'notFound' && step.status === 'Pending') {
      // The pod has not been scheduled yet; the status change to Running fetches again.
      content = message(
        <Typography>Waiting for the step to start…</Typography>,
      );
    } else if (kind === 'notFound') {
      content = message(
        <Alert severity="info">
          This step has no log: the pod is gone and nothing was archived.
        </Alert>,
      );
    } else if (kind === 'notAllowed') {
      content = message(
        <Alert severity="warning">
          You may not read logs ({tektonDagLogsReadPermission.name}).
        </Alert>,
      );
    } else {
      content = message(
        <>
          <ResponseErrorPanel error={log.error} />
          {retryButton}
        </>,
      );
    }
  } else if (!log.text && !log.done) {
    content = message(
      <>
        <Typography color="textSecondary">
          {live ? 'Waiting for output…' : 'Loading the log…'}
        </Typography>
        <Box width="50%">
          <Progress />
        </Box>
      </>,
    );
  } else if (!log.text) {
    content = message(
      <Typography color="textSecondary">
        {live ? 'No output yet.' : 'This step wrote no output.'}
      </Typography>,
    );
  } else {
    content = (
      <LogViewer
        // LogViewer cannot switch wrapping once drawn (its list would change kind under it),
        // so it is drawn afresh.
        key={wrapLines ? 'wrapped' : 'unwrapped'}
        text={shownText}
        textWrap={wrapLines}
        classes={{ root: wrapLines ? classes.wrapped : undefined }}
        onDownloadLog={() =>
          downloadText(log.text, `${taskRunName}-${step.name}.log`)
        }
      />
    );
  }

  return (
    <>
      <div className={classes.toolbar}>
        {live && (
          <FormControlLabel
            control={
              <Switch
                color="primary"
                checked={follow}
                onChange={toggleFollow}
              />
            }
            label="Follow"
          />
        )}
        {log.text && (
          <FormControlLabel
            control={
              <Switch
                color="primary"
                checked={wrapLines}
                onChange={(_event, checked) => onWrapLinesChange(checked)}
              />
            }
            label="Wrap lines"
          />
        )}
        {holding && log.text !== heldText && (
          <Typography variant="body2" color="textSecondary" role="status">
            New output is held back; switch Follow on to show it.
          </Typography>
        )}
        {log.truncated && (
          <Typography variant="body2" color="textSecondary">
            Earlier output was cut: only the last 5 MB of this log are kept.
          </Typography>
        )}
      </div>
      {log.error && log.text ? (
        <Alert severity="error" action={retryButton}>
          The log stream broke off: {log.error.message}
        </Alert>
      ) : null}
      <div className={classes.box}>
        <div className={classes.inner}>{content}</div>
      </div>
    </>
  );
}
