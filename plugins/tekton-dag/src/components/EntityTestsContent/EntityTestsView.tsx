import { useEffect, useRef, useState } from 'react';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Box,
  FormControl,
  Grid,
  InputLabel,
  makeStyles,
  MenuItem,
  Select,
} from '@material-ui/core';
import {
  ANNOTATION_PIPELINES,
  getEntityPipelineNames,
  tektonDagEntityChannel,
} from '@tekton-dag/plugin-tekton-dag-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { tektonDagApiRef } from '../../api';
import { useLiveUpdates } from '../../hooks/useLiveUpdates';
import type { RunLink } from '../RunPage';
import { FlakyTestsTable } from './FlakyTestsTable';
import { SlowestTestsTable } from './SlowestTestsTable';
import { lastRuns } from './lastRuns';
import { TestTrendChart } from './TestTrendChart';

const capitalize = (text: string) => text[0].toUpperCase() + text.slice(1);

const useStyles = makeStyles(theme => ({
  filters: { display: 'flex', gap: theme.spacing(3) },
  select: { minWidth: 200, marginBottom: theme.spacing(2) },
  runs: { minWidth: 120, marginBottom: theme.spacing(2) },
}));

/** How many of the entity's latest runs the history can cover (the backend allows 1 to 100). */
const RUN_COUNTS = [10, 20, 50, 100];
const DEFAULT_RUNS = 20;

/** The pipeline and run count picked, and the entity they were picked on. */
interface Picks {
  entityRef: string;
  pipeline?: string;
  runs: number;
}

/**
 * The entity's tests over its latest runs: a trend of passed, failed and skipped per run
 * (each bar opens the run when `runLink` says where runs are), flaky tests and the slowest
 * tests, for all pipelines or one. Live: reloads when the entity's runs change.
 */
export function EntityTestsView(props: { runLink?: RunLink }) {
  const { runLink } = props;
  const { entity } = useEntity();
  const api = useApi(tektonDagApiRef);
  const classes = useStyles();
  const entityRef = stringifyEntityRef(entity);
  // The picker's choices are the annotation's Pipelines: no request needed.
  const names = getEntityPipelineNames(entity);
  const hasPipelines = names.length > 0;
  // The picks belong to the entity: another entity starts from all pipelines, default runs.
  const [picked, setPicked] = useState<Picks>({
    entityRef,
    runs: DEFAULT_RUNS,
  });
  const current: Picks =
    picked.entityRef === entityRef ? picked : { entityRef, runs: DEFAULT_RUNS };
  const { pipeline, runs } = current;
  const setPipeline = (value?: string) =>
    setPicked({ ...current, pipeline: value });
  const setRuns = (value: number) => setPicked({ ...current, runs: value });

  const history = useAsyncRetry(
    async () =>
      hasPipelines
        ? api.getEntityTests(getCompoundEntityRef(entity), {
            pipeline,
            limit: runs,
          })
        : undefined,
    [api, entityRef, pipeline, runs, hasPipelines],
  );

  // A run's tasks finishing signal in bursts: one reload after the burst.
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useLiveUpdates(
    hasPipelines ? tektonDagEntityChannel(entityRef) : undefined,
    () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(history.retry, 250);
    },
  );
  useEffect(() => () => clearTimeout(timer.current), []);

  if (!hasPipelines) {
    return (
      <EmptyState
        missing="field"
        title="No pipelines for this entity"
        description={`Add the ${ANNOTATION_PIPELINES} annotation with a comma-separated list of Tekton Pipeline names to catalog-info.yaml.`}
      />
    );
  }

  const value = history.value;
  return (
    <>
      <Box className={classes.filters}>
        <FormControl className={classes.select}>
          <InputLabel id="tekton-dag-tests-pipeline" shrink>
            Pipeline
          </InputLabel>
          <Select
            displayEmpty
            labelId="tekton-dag-tests-pipeline"
            value={pipeline ?? ''}
            onChange={e => setPipeline((e.target.value as string) || undefined)}
          >
            <MenuItem value="">All pipelines</MenuItem>
            {names.map(name => (
              <MenuItem key={name} value={name}>
                {name}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <FormControl className={classes.runs}>
          <InputLabel id="tekton-dag-tests-runs" shrink>
            Runs
          </InputLabel>
          <Select
            labelId="tekton-dag-tests-runs"
            value={runs}
            onChange={e => setRuns(e.target.value as number)}
          >
            {RUN_COUNTS.map(count => (
              <MenuItem key={count} value={count}>
                Last {count}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      </Box>

      {history.error && <ResponseErrorPanel error={history.error} />}
      {!value && !history.error && <Progress />}
      {value && value.trend.length === 0 && (
        <EmptyState
          missing="data"
          title="No test reports yet"
          description={`None of ${
            pipeline ? `${pipeline}'s` : "this entity's"
          } last ${runs} runs has a test report. Reports arrive when the pipeline's publish-results task uploads the JUnit XML its test tasks wrote under reports/<pipeline-task>/ in the workspace, or when a test task sets a junit-summary result.`}
        />
      )}
      {value && value.trend.length > 0 && (
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <InfoCard
              title="Test results per run"
              subheader={`${capitalize(
                lastRuns(value.trend.length),
              )} with reports${
                pipeline ? ` of ${pipeline}` : ''
              }, oldest left. Open a run from its bar.`}
            >
              <Box overflow="auto">
                <TestTrendChart trend={value.trend} runLink={runLink} />
              </Box>
            </InfoCard>
          </Grid>
          <Grid item xs={12} lg={6}>
            <InfoCard title="Flaky tests">
              <FlakyTestsTable flaky={value.flaky} />
            </InfoCard>
          </Grid>
          <Grid item xs={12} lg={6}>
            <InfoCard title="Slowest tests">
              <SlowestTestsTable slowest={value.slowest} />
            </InfoCard>
          </Grid>
        </Grid>
      )}
    </>
  );
}
