import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { ResponseErrorPanel } from '@backstage/core-components';
import {
  Box,
  Button,
  Chip,
  LinearProgress,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import type {
  TaskReport,
  TestCaseStatus,
} from '@tekton-dag/plugin-tekton-dag-common';
import { formatTestDuration } from './formatTestDuration';
import { TestCaseDetails } from './TestCaseDetails';
import { testLocation } from './testLocation';
import {
  TEST_STATUS_LABELS,
  TEST_STATUSES,
  TestStatusLabel,
} from './testStatus';
import { useTestCases } from './useTestCases';

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  search: { minWidth: 260, marginLeft: theme.spacing(1) },
  nowrap: { whiteSpace: 'nowrap' },
  where: { color: theme.palette.text.secondary },
  footer: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1),
  },
}));

const PAGE_SIZE = 50;

/**
 * Every test case of a task, filtered by status and searched by suite, class or name on the
 * server (typing waits for a pause), failures first, a page at a time.
 */
export function TestCaseBrowser(props: { runId: string; report: TaskReport }) {
  const { runId, report } = props;
  const classes = useStyles();
  const [status, setStatus] = useState<TestCaseStatus[]>([]);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useDebounce(() => setQ(text.trim()), 300, [text]);
  const cases = useTestCases({
    runId,
    pipelineTask: report.pipelineTask,
    status,
    q,
    pageSize: PAGE_SIZE,
    refreshKey: report.receivedAt,
  });
  const toggle = (s: TestCaseStatus) =>
    setStatus(current =>
      current.includes(s) ? current.filter(c => c !== s) : [...current, s],
    );

  return (
    <>
      <Box
        className={classes.filters}
        role="search"
        aria-label={`Filter the tests of ${report.pipelineTask}`}
      >
        {TEST_STATUSES.map(s => (
          <Chip
            key={s}
            label={`${TEST_STATUS_LABELS[s]} ${report.totals[s]}`}
            color={status.includes(s) ? 'primary' : 'default'}
            variant={status.includes(s) ? 'default' : 'outlined'}
            onClick={() => toggle(s)}
            aria-pressed={status.includes(s)}
          />
        ))}
        <TextField
          className={classes.search}
          label="Search tests"
          placeholder="suite, class or test name"
          value={text}
          onChange={e => setText(e.target.value)}
          inputProps={{ 'aria-label': 'Search tests' }}
        />
      </Box>
      {cases.loading && <LinearProgress aria-label="Loading tests" />}
      {cases.error ? (
        <ResponseErrorPanel error={cases.error} />
      ) : (
        <TableContainer>
          <Table size="small" aria-label={`Tests of ${report.pipelineTask}`}>
            <TableHead>
              <TableRow>
                <TableCell>Status</TableCell>
                <TableCell>Test</TableCell>
                <TableCell>Suite / class</TableCell>
                <TableCell align="right">Duration</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {cases.total === 0 && (
                <TableRow>
                  <TableCell colSpan={4}>
                    <Typography color="textSecondary">
                      No tests match
                      {status.length || q ? ' the filter' : ''}.
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
              {cases.items.map((test, i) => (
                <TableRow key={i}>
                  <TableCell className={classes.nowrap}>
                    <TestStatusLabel status={test.status} />
                  </TableCell>
                  <TableCell>
                    {test.name}
                    {test.status !== 'passed' && (
                      <TestCaseDetails test={test} />
                    )}
                  </TableCell>
                  <TableCell className={classes.where}>
                    {testLocation(test)}
                  </TableCell>
                  <TableCell align="right" className={classes.nowrap}>
                    {formatTestDuration(test.durationMs)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {cases.total !== undefined && cases.total > 0 && (
        <Box className={classes.footer}>
          <Typography variant="caption" role="status">
            Showing {cases.items.length} of {cases.total}
          </Typography>
          {cases.items.length < cases.total && (
            <Button
              size="small"
              disabled={cases.loading}
              onClick={cases.loadMore}
            >
              Show more
            </Button>
          )}
        </Box>
      )}
    </>
  );
}
