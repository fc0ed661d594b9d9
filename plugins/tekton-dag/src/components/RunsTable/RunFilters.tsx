import { useEffect, useState } from 'react';
import {
  Box,
  FormControl,
  InputLabel,
  makeStyles,
  MenuItem,
  Select,
  TextField,
} from '@material-ui/core';
import {
  RUN_STATUSES,
  RunStatus,
  TRIGGER_KINDS,
  TriggerKind,
} from '@tekton-dag/plugin-tekton-dag-common';
import { TRIGGER_KIND_LABELS } from './triggerKindLabels';
import { MultiSelectFilter } from './MultiSelectFilter';

export interface RunFiltersValue {
  pipeline?: string;
  status?: RunStatus[];
  trigger?: TriggerKind[];
  q?: string;
  entityRef?: string;
  owner?: string;
  cluster?: string;
  /** A preset of the time-range select: how far back runs go. */
  since?: TimeRange;
}

export type TimeRange = 'hour' | 'day' | 'week' | 'month';
const RANGES: Record<TimeRange, { label: string; ms: number }> = {
  hour: { label: 'Last hour', ms: 3600_000 },
  day: { label: 'Last 24 hours', ms: 86_400_000 },
  week: { label: 'Last 7 days', ms: 7 * 86_400_000 },
  month: { label: 'Last 30 days', ms: 30 * 86_400_000 },
};

/** The ISO start of a time range, rounded to the minute so the list query stays stable. */
export function sinceToFrom(since?: TimeRange, now = Date.now()) {
  if (!since) return undefined;
  const from = new Date(now - RANGES[since].ms);
  from.setSeconds(0, 0);
  return from.toISOString();
}

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'flex-end',
    marginBottom: theme.spacing(2),
  },
  select: { minWidth: 160 },
  search: { minWidth: 240 },
}));

const TEXT_FIELDS = ['q', 'entityRef', 'owner', 'pipeline'] as const;
type TextFieldName = (typeof TEXT_FIELDS)[number];

type Field =
  | 'pipeline'
  | 'status'
  | 'trigger'
  | 'q'
  | 'entityRef'
  | 'owner'
  | 'cluster'
  | 'since';

/** Filter controls of the run lists; which ones show depends on the page. */
export function RunFilters(props: {
  value: RunFiltersValue;
  onChange: (value: RunFiltersValue) => void;
  fields: Field[];
  pipelines?: string[];
  clusters?: string[];
}) {
  const { value, onChange, fields, pipelines = [], clusters = [] } = props;
  const classes = useStyles();
  const show = (field: Field) => fields.includes(field);

  // Typing waits for a pause before it queries. The pipeline is typed only portal-wide, where
  // there is no list to pick from.
  const typed = TEXT_FIELDS.filter(
    f => show(f) && (f !== 'pipeline' || !props.pipelines),
  );
  const [text, setText] = useState<Partial<Record<TextFieldName, string>>>(() =>
    Object.fromEntries(TEXT_FIELDS.map(f => [f, value[f]])),
  );
  useEffect(() => {
    const timer = setTimeout(() => {
      const next: RunFiltersValue = { ...value };
      for (const f of typed) next[f] = text[f] || undefined;
      if (typed.some(f => next[f] !== value[f])) onChange(next);
    }, 300);
    return () => clearTimeout(timer);
    // `typed` follows from props that do not change while a page is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, value, onChange]);

  const textField = (
    field: TextFieldName,
    label: string,
    placeholder: string,
  ) => (
    <TextField
      className={classes.search}
      label={label}
      placeholder={placeholder}
      value={text[field] ?? ''}
      onChange={e => setText(t => ({ ...t, [field]: e.target.value }))}
      inputProps={{ 'aria-label': label }}
    />
  );

  return (
    <Box className={classes.bar} role="search">
      {show('q') &&
        textField('q', 'Search runs', 'name, pipeline, entity or commit')}
      {show('entityRef') &&
        textField('entityRef', 'Entity', 'component:default/shop-api')}
      {show('owner') && textField('owner', 'Owner', 'group:default/shop-team')}
      {show('pipeline') &&
        (props.pipelines ? (
          <FormControl className={classes.select}>
            <InputLabel id="tekton-dag-filter-pipeline">Pipeline</InputLabel>
            <Select
              labelId="tekton-dag-filter-pipeline"
              value={value.pipeline ?? ''}
              onChange={e =>
                onChange({
                  ...value,
                  pipeline: (e.target.value as string) || undefined,
                })
              }
            >
              <MenuItem value="">All pipelines</MenuItem>
              {pipelines.map(p => (
                <MenuItem key={p} value={p}>
                  {p}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        ) : (
          // Portal-wide, pipelines are whatever the clusters run: typed, not picked.
          textField('pipeline', 'Pipeline', 'pr-pipeline')
        ))}
      {show('status') && (
        <MultiSelectFilter
          id="tekton-dag-filter-status"
          label="Status"
          options={RUN_STATUSES}
          value={value.status}
          onChange={status => onChange({ ...value, status })}
          className={classes.select}
        />
      )}
      {show('trigger') && (
        <MultiSelectFilter
          id="tekton-dag-filter-trigger"
          label="Trigger"
          options={TRIGGER_KINDS}
          labelOf={t => TRIGGER_KIND_LABELS[t]}
          value={value.trigger}
          onChange={trigger => onChange({ ...value, trigger })}
          className={classes.select}
        />
      )}
      {show('cluster') && (
        <FormControl className={classes.select}>
          <InputLabel id="tekton-dag-filter-cluster">Cluster</InputLabel>
          <Select
            labelId="tekton-dag-filter-cluster"
            value={value.cluster ?? ''}
            onChange={e =>
              onChange({
                ...value,
                cluster: (e.target.value as string) || undefined,
              })
            }
          >
            <MenuItem value="">All clusters</MenuItem>
            {clusters.map(c => (
              <MenuItem key={c} value={c}>
                {c}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      )}
      {show('since') && (
        <FormControl className={classes.select}>
          <InputLabel id="tekton-dag-filter-since">Time range</InputLabel>
          <Select
            labelId="tekton-dag-filter-since"
            value={value.since ?? ''}
            onChange={e =>
              onChange({
                ...value,
                since: ((e.target.value as string) || undefined) as
                  | TimeRange
                  | undefined,
              })
            }
          >
            <MenuItem value="">Any time</MenuItem>
            {(Object.keys(RANGES) as TimeRange[]).map(r => (
              <MenuItem key={r} value={r}>
                {RANGES[r].label}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      )}
    </Box>
  );
}
