import { Chip, Typography } from '@material-ui/core';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { healthLook, phaseLook, StatusLook, syncLook } from './gitopsStatus';

const useStyles = makeStyles(
  theme => ({
    label: {
      display: 'inline-flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      verticalAlign: 'middle',
      // Backstage's theme lets table cells break words anywhere ("Sync ed").
      whiteSpace: 'nowrap',
    },
  }),
  { name: 'TektonDagGitOpsBadge' },
);

/**
 * A status as a chip with icon, word and colour; `role="img"` with a label that says what
 * the status is of, e.g. "Sync status: Synced".
 */
function Badge(props: { look: StatusLook; name: string; title?: string }) {
  const { look, name, title } = props;
  const theme = useTheme();
  const color = look.color(theme);
  return (
    <Chip
      size="small"
      variant="outlined"
      role="img"
      aria-label={`${name}: ${look.label}`}
      title={title}
      icon={<look.Icon style={{ color }} />}
      label={look.label}
      style={{ borderColor: color }}
    />
  );
}

/** An Application's sync status badge (Synced, OutOfSync, Unknown). */
export function SyncStatusBadge(props: { status?: string; title?: string }) {
  return (
    <Badge
      look={syncLook(props.status)}
      name="Sync status"
      title={props.title}
    />
  );
}

/** An Application's health badge (Healthy, Progressing, Degraded, …), its message as title. */
export function HealthBadge(props: { status?: string; message?: string }) {
  return (
    <Badge
      look={healthLook(props.status)}
      name="Health"
      title={props.message}
    />
  );
}

/** A status as icon and word in its colour, for tables and lines of text (no label of its own). */
export function StatusText(props: {
  kind: 'sync' | 'health' | 'phase';
  status?: string;
  title?: string;
}) {
  const classes = useStyles();
  const theme = useTheme();
  const look = { sync: syncLook, health: healthLook, phase: phaseLook }[
    props.kind
  ](props.status);
  return (
    <Typography
      component="span"
      variant="body2"
      className={classes.label}
      title={props.title}
    >
      <look.Icon fontSize="small" style={{ color: look.color(theme) }} />
      {look.label}
    </Typography>
  );
}
