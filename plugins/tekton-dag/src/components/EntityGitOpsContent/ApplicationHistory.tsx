import { makeStyles, Typography } from '@material-ui/core';
import {
  Timeline,
  TimelineConnector,
  TimelineContent,
  TimelineDot,
  TimelineItem,
  TimelineOppositeContent,
  TimelineSeparator,
} from '@material-ui/lab';
import type { GitOpsHistoryEntry } from '@tekton-dag/plugin-tekton-dag-common';
import type { RunLink } from '../RunPage';
import { BuiltByText, formatTime, shortRevision } from '../GitOps';

const useStyles = makeStyles(
  theme => ({
    timeline: { padding: 0, margin: 0 },
    when: {
      flex: '0 0 12rem',
      paddingLeft: 0,
      color: theme.palette.text.secondary,
    },
    revision: { fontFamily: 'monospace', fontWeight: 'bold' },
  }),
  { name: 'TektonDagGitOpsHistory' },
);

/** Who started a deployment, in words. */
function initiator(by: string | undefined): string {
  if (!by) return '';
  return by === 'automated' ? ' by automated sync' : ` by ${by}`;
}

/**
 * The Application's deployments, newest first: when, which revision, who started it and the
 * tekton-dag run that built the revision (with its tests).
 */
export function ApplicationHistory(props: {
  application: string;
  history: GitOpsHistoryEntry[];
  runLink?: RunLink;
}) {
  const { application, runLink } = props;
  const classes = useStyles();
  const history = [...props.history].sort((a, b) => b.id - a.id);
  if (!history.length) {
    return (
      <Typography color="textSecondary">
        {application} has no deployments in its history yet.
      </Typography>
    );
  }
  return (
    <Timeline
      className={classes.timeline}
      aria-label={`Deployment history of ${application}`}
    >
      {history.map((entry, i) => (
        <TimelineItem key={entry.id}>
          <TimelineOppositeContent className={classes.when}>
            <Typography variant="body2" title={entry.deployedAt}>
              {entry.deployedAt ? formatTime(entry.deployedAt) : '—'}
            </Typography>
          </TimelineOppositeContent>
          <TimelineSeparator>
            <TimelineDot color={i === 0 ? 'primary' : 'grey'} />
            {i < history.length - 1 && <TimelineConnector />}
          </TimelineSeparator>
          <TimelineContent>
            <Typography variant="body2">
              <span className={classes.revision} title={entry.revision}>
                {shortRevision(entry.revision)}
              </span>
              {initiator(entry.initiatedBy)}
            </Typography>
            <Typography variant="body2" color="textSecondary" component="div">
              <BuiltByText builtBy={entry.builtBy} runLink={runLink} />
            </Typography>
          </TimelineContent>
        </TimelineItem>
      ))}
    </Timeline>
  );
}
