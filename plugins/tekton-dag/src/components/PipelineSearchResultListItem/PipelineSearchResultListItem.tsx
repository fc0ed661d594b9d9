import type { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { PipelineDocument } from '@tekton-dag/plugin-tekton-dag-common';
import { entityPagePath } from '@tekton-dag/plugin-tekton-dag-common';
import { RUN_STATUS_LABELS, RunStatusIcon } from '../RunStatus';

const useStyles = makeStyles(
  theme => ({
    item: { display: 'flex', width: '100%' },
    content: { flex: 1, minWidth: 0 },
    itemText: { wordBreak: 'break-word', marginBottom: theme.spacing(1) },
    chips: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(0.5),
      alignItems: 'center',
    },
  }),
  { name: 'TektonDagPipelineSearchResultListItem' },
);

/** At most this many task names are listed; the rest are counted. */
const MAX_TASKS = 8;

/** "just now", "5m ago", "3h ago"; a date beyond two days. */
function sinceLabel(iso: string, now: number): string | undefined {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return undefined;
  const minutes = Math.floor(Math.max(0, now - at) / 60000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes}m ago`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h ago`;
  return `on ${new Date(at).toLocaleDateString()}`;
}

function entityPath(entityRef: string): string | undefined {
  try {
    return entityPagePath(parseEntityRef(entityRef));
  } catch {
    return undefined;
  }
}

/** The props search gives a result list item; `result` is a `PipelineDocument`. */
export interface PipelineSearchResultListItemProps {
  icon?: ReactNode;
  result?: Partial<PipelineDocument> &
    Pick<PipelineDocument, 'title' | 'text' | 'location'>;
  highlight?: {
    preTag: string;
    postTag: string;
    fields: Record<string, string>;
  };
  rank?: number;
  /** Lines of the description shown before it is cut (default 2). */
  lineClamp?: number;
}

/**
 * A pipeline in the search results (document type `tekton-dag`): its name, linking to the
 * entity's Pipelines tab, the entity and owner, the description, the tasks and the latest
 * run's status.
 */
export function PipelineSearchResultListItem(
  props: PipelineSearchResultListItemProps,
) {
  const classes = useStyles();
  const { highlight, result } = props;
  if (!result?.title || !result.location) return null;

  const tasks = result.tasks ?? [];
  const entityLink = result.entityRef
    ? entityPath(result.entityRef)
    : undefined;
  const lastRun = result.lastRunAt
    ? sinceLabel(result.lastRunAt, Date.now())
    : undefined;

  return (
    <div className={classes.item}>
      {props.icon && <ListItemIcon>{props.icon}</ListItemIcon>}
      <div className={classes.content}>
        <ListItemText
          className={classes.itemText}
          primaryTypographyProps={{ variant: 'h6' }}
          primary={
            <Link noTrack to={result.location}>
              {highlight?.fields.title ? (
                <HighlightedSearchResultText
                  text={highlight.fields.title}
                  preTag={highlight.preTag}
                  postTag={highlight.postTag}
                />
              ) : (
                result.title
              )}
            </Link>
          }
          secondaryTypographyProps={{ component: 'div' }}
          secondary={
            <>
              <Typography variant="body2" color="textSecondary">
                Pipeline of{' '}
                {entityLink ? (
                  <Link noTrack to={entityLink}>
                    {result.entityTitle ?? result.entityRef}
                  </Link>
                ) : (
                  result.entityTitle ?? result.entityRef
                )}
                {result.cluster && result.namespace
                  ? ` · ${result.cluster}/${result.namespace}`
                  : ''}
              </Typography>
              {result.description && (
                <Typography
                  variant="body2"
                  color="textPrimary"
                  style={{
                    display: '-webkit-box',
                    WebkitBoxOrient: 'vertical',
                    WebkitLineClamp: props.lineClamp ?? 2,
                    overflow: 'hidden',
                  }}
                >
                  {highlight?.fields.description ? (
                    <HighlightedSearchResultText
                      text={highlight.fields.description}
                      preTag={highlight.preTag}
                      postTag={highlight.postTag}
                    />
                  ) : (
                    result.description
                  )}
                </Typography>
              )}
              {tasks.length > 0 && (
                <Typography variant="body2" color="textSecondary">
                  Tasks: {tasks.slice(0, MAX_TASKS).join(' · ')}
                  {tasks.length > MAX_TASKS
                    ? ` and ${tasks.length - MAX_TASKS} more`
                    : ''}
                </Typography>
              )}
            </>
          }
        />
        <Box className={classes.chips}>
          {result.latestStatus ? (
            <Chip
              size="small"
              variant="outlined"
              icon={<RunStatusIcon status={result.latestStatus} />}
              label={`Latest run: ${
                RUN_STATUS_LABELS[result.latestStatus] ?? result.latestStatus
              }${lastRun ? `, ${lastRun}` : ''}`}
            />
          ) : (
            <Chip size="small" variant="outlined" label="No runs yet" />
          )}
          {result.owner && (
            <Chip size="small" label={`Owner: ${result.owner}`} />
          )}
        </Box>
      </div>
    </div>
  );
}
