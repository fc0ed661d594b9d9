import { NotAllowedError, ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  StepSummary,
  TaskRunSummary,
} from '@tekton-dag/plugin-tekton-dag-common';
import { useState } from 'react';
import { LogRequest, tektonDagApiRef } from '../../api';
import { FakeTektonDagApi } from '../../__testUtils__/FakeTektonDagApi';
import { MAX_LOG_CHARS } from './cappedLog';
import { TaskLogs, TaskLogsProps } from './TaskLogs';

// jsdom lays nothing out: the log viewer gets a fixed size.
jest.mock('react-virtualized-auto-sizer', () =>
  require('../../__testUtils__/fixedSizeAutoSizer'),
);

const step = (
  name: string,
  status: StepSummary['status'],
  exitCode?: number,
): StepSummary => ({ name, status, exitCode });

const taskRun = (
  steps: StepSummary[],
  status: TaskRunSummary['status'] = 'Succeeded',
): TaskRunSummary => ({
  name: 'tr-build',
  pipelineTask: 'build',
  status,
  steps,
  results: {},
});

/** A stream the test feeds and ends, like a running pod's log. */
interface OpenStream {
  request: LogRequest;
  write(text: string): void;
  end(): Promise<void>;
}

/** Makes the fake's streams stay open until the test ends them. */
function holdStreams(api: FakeTektonDagApi): OpenStream[] {
  const streams: OpenStream[] = [];
  jest.spyOn(api, 'streamLogs').mockImplementation(
    (request, onText) =>
      new Promise<void>(resolve =>
        streams.push({
          request,
          write: text => act(() => onText(text)),
          // Async act, so that the promise's handlers run inside it.
          end: () =>
            act(async () => {
              resolve();
            }),
        }),
      ),
  );
  return streams;
}

function requests(api: FakeTektonDagApi) {
  return api.calls
    .filter(c => c.method === 'streamLogs')
    .map(c => c.args[0] as LogRequest);
}

/**
 * The white-space an element gets from the style sheets: its own or, as CSS inherits it, its
 * nearest ancestor's (jsdom computes no inherited values).
 */
function whiteSpace(element: Element): string {
  for (let e: Element | null = element; e; e = e.parentElement) {
    const value = getComputedStyle(e).whiteSpace;
    if (value) return value;
  }
  return 'normal';
}

/** Whether an ancestor of the element scrolls when its content is wider. */
function scrollsSideways(element: Element): boolean {
  for (let e = element.parentElement; e; e = e.parentElement) {
    const style = getComputedStyle(e);
    if (['auto', 'scroll'].includes(style.overflowX || style.overflow))
      return true;
  }
  return false;
}

async function renderLogs(api: FakeTektonDagApi, props: TaskLogsProps) {
  return renderInTestApp(
    <TestApiProvider apis={[[tektonDagApiRef, api]]}>
      <TaskLogs {...props} />
    </TestApiProvider>,
  );
}

describe('TaskLogs', () => {
  it("streams the step's log and renders ANSI colours without escape codes", async () => {
    const api = new FakeTektonDagApi();
    api.logs['tr-build/compile'] =
      'compiling 12 files\n\u001b[31merror: out of memory\u001b[0m\n';
    await renderLogs(api, {
      runId: 'run-1',
      taskRun: taskRun([step('compile', 'Succeeded', 0)]),
    });

    expect(await screen.findByText('compiling 12 files')).toBeInTheDocument();
    const red = screen.getByText('error: out of memory');
    expect(red.className).toMatch(/modifierForegroundRed/);
    expect(document.body.textContent).not.toContain('\u001b');
    expect(document.body.textContent).not.toContain('[31m');
    expect(requests(api)).toEqual([
      expect.objectContaining({
        runId: 'run-1',
        taskRunName: 'tr-build',
        step: 'compile',
        follow: false,
      }),
    ]);
  });

  it('opens the first failed step, and another one when its tab is chosen', async () => {
    const api = new FakeTektonDagApi();
    api.logs['tr-build/clone'] = 'cloned\n';
    api.logs['tr-build/compile'] = 'compile failed\n';
    api.logs['tr-build/push'] = 'push failed\n';
    const onStepChange = jest.fn();
    await renderLogs(api, {
      runId: 'run-1',
      taskRun: taskRun(
        [
          step('clone', 'Succeeded', 0),
          step('compile', 'Failed', 2),
          step('push', 'Failed', 1),
        ],
        'Failed',
      ),
      onStepChange,
    });

    expect(await screen.findByText('compile failed')).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'compile (Failed)' }),
    ).toHaveAttribute('aria-selected', 'true');

    await userEvent.click(
      screen.getByRole('tab', { name: 'clone (Succeeded)' }),
    );
    expect(await screen.findByText('cloned')).toBeInTheDocument();
    expect(screen.queryByText('compile failed')).not.toBeInTheDocument();
    expect(onStepChange).toHaveBeenCalledWith('clone');
    expect(requests(api).map(r => r.step)).toEqual(['compile', 'clone']);
  });

  it('shows the step a parent chooses', async () => {
    const api = new FakeTektonDagApi();
    api.logs['tr-build/push'] = 'pushed\n';
    await renderLogs(api, {
      runId: 'run-1',
      taskRun: taskRun([step('compile', 'Failed'), step('push', 'Succeeded')]),
      step: 'push',
    });
    expect(await screen.findByText('pushed')).toBeInTheDocument();
  });

  it('follows a running step, then shows the archived log once it has finished', async () => {
    const api = new FakeTektonDagApi();
    const streams = holdStreams(api);
    let setRun: (t: TaskRunSummary) => void = () => {};
    function Harness() {
      const [current, set] = useState(
        taskRun([step('compile', 'Running')], 'Running'),
      );
      setRun = set;
      return <TaskLogs runId="run-1" taskRun={current} />;
    }
    await renderInTestApp(
      <TestApiProvider apis={[[tektonDagApiRef, api]]}>
        <Harness />
      </TestApiProvider>,
    );

    expect(streams).toHaveLength(1);
    expect(streams[0].request).toMatchObject({ step: 'compile', follow: true });
    expect(screen.getByText('Waiting for output…')).toBeInTheDocument();
    streams[0].write('step 1 of 2\n');
    expect(screen.getByText('step 1 of 2')).toBeInTheDocument();
    streams[0].write('step 2 of 2\n');
    expect(screen.getByText('step 2 of 2')).toBeInTheDocument();

    act(() => setRun(taskRun([step('compile', 'Succeeded', 0)])));
    expect(streams[0].request.signal?.aborted).toBe(true);
    expect(streams).toHaveLength(2);
    expect(streams[1].request).toMatchObject({
      step: 'compile',
      follow: false,
    });
    streams[1].write('archived: step 1 of 2\narchived: step 2 of 2\n');
    await streams[1].end();
    expect(screen.getByText('archived: step 2 of 2')).toBeInTheDocument();
    expect(screen.queryByText('step 1 of 2')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('checkbox', { name: 'Follow' }),
    ).not.toBeInTheDocument();
  });

  it('holds the text still while Follow is off', async () => {
    const api = new FakeTektonDagApi();
    const streams = holdStreams(api);
    await renderLogs(api, {
      runId: 'run-1',
      taskRun: taskRun([step('compile', 'Running')], 'Running'),
    });
    streams[0].write('first line\n');

    await userEvent.click(screen.getByRole('checkbox', { name: 'Follow' }));
    streams[0].write('second line\n');
    expect(screen.getByText('first line')).toBeInTheDocument();
    expect(screen.queryByText('second line')).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      'New output is held back',
    );

    await userEvent.click(screen.getByRole('checkbox', { name: 'Follow' }));
    expect(screen.getByText('second line')).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('wraps long lines when asked, for every step, and scrolls them sideways otherwise', async () => {
    const api = new FakeTektonDagApi();
    const longLine = `not ok 1 - checks out${' with a voucher'.repeat(12)}`;
    api.logs['tr-build/test'] = `${longLine}\n`;
    api.logs['tr-build/push'] = 'pushed\n';
    await renderLogs(api, {
      runId: 'run-1',
      taskRun: taskRun([step('test', 'Failed', 1), step('push', 'Failed', 1)]),
    });
    const wrapLines = () =>
      screen.getByRole('checkbox', { name: 'Wrap lines' });

    // Unwrapped by default: a line keeps its layout and its box scrolls sideways.
    expect(whiteSpace(await screen.findByText(longLine))).toBe('pre');
    expect(scrollsSideways(screen.getByText(longLine))).toBe(true);
    expect(wrapLines()).not.toBeChecked();

    await userEvent.click(wrapLines());
    expect(wrapLines()).toBeChecked();
    expect(whiteSpace(screen.getByText(longLine))).toBe('pre-wrap');

    // The choice holds for the task's other steps.
    await userEvent.click(screen.getByRole('tab', { name: 'push (Failed)' }));
    expect(whiteSpace(await screen.findByText('pushed'))).toBe('pre-wrap');
    expect(wrapLines()).toBeChecked();

    await userEvent.click(wrapLines());
    expect(whiteSpace(screen.getByText('pushed'))).toBe('pre');
  });

  it('aborts the stream when it unmounts', async () => {
    const api = new FakeTektonDagApi();
    const streams = holdStreams(api);
    const { unmount } = await renderLogs(api, {
      runId: 'run-1',
      taskRun: taskRun([step('compile', 'Running')], 'Running'),
    });
    const signal = streams[0].request.signal!;
    expect(signal.aborted).toBe(false);
    unmount();
    expect(signal.aborted).toBe(true);
  });

  it('keeps only the last 5 MB of a huge log and says so', async () => {
    const api = new FakeTektonDagApi();
    const streams = holdStreams(api);
    await renderLogs(api, {
      runId: 'run-1',
      taskRun: taskRun([step('compile', 'Running')], 'Running'),
    });
    streams[0].write('the very first line\n');
    streams[0].write(`${'x'.repeat(MAX_LOG_CHARS)}\nthe last line\n`);
    expect(screen.getByText('the last line')).toBeInTheDocument();
    expect(screen.queryByText('the very first line')).not.toBeInTheDocument();
    expect(screen.getByText(/Earlier output was cut/)).toBeInTheDocument();
  });

  it('downloads the text as <task run>-<step>.log', async () => {
    const api = new FakeTektonDagApi();
    api.logs['tr-build/compile'] = 'line 1\n\u001b[32mline 2\u001b[0m\n';
    const blobs: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:tekton-dag/log';
    });
    const revokeObjectURL = jest.fn();
    // jsdom has no object URLs; these stand in for the browser's.
    const original = {
      createObjectURL: URL.createObjectURL,
      revokeObjectURL: URL.revokeObjectURL,
    };
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const saved: Array<{ href: string; download: string }> = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function save(this: HTMLAnchorElement) {
        saved.push({ href: this.href, download: this.download });
      });

    try {
      await renderLogs(api, {
        runId: 'run-1',
        taskRun: taskRun([step('compile', 'Succeeded', 0)]),
      });
      await screen.findByText('line 1');
      await userEvent.click(
        screen.getByRole('button', { name: 'Download logs' }),
      );

      expect(saved).toEqual([
        { href: 'blob:tekton-dag/log', download: 'tr-build-compile.log' },
      ]);
      expect(blobs).toHaveLength(1);
      expect(await blobs[0].text()).toBe(api.logs['tr-build/compile']);
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:tekton-dag/log');
    } finally {
      click.mockRestore();
      Object.assign(URL, original);
    }
  });

  it('explains a step without a log (404)', async () => {
    const api = new FakeTektonDagApi(); // knows no logs: it throws NotFoundError
    await renderLogs(api, {
      runId: 'run-1',
      taskRun: taskRun([step('compile', 'Succeeded', 0)]),
    });
    expect(
      await screen.findByText(
        'This step has no log: the pod is gone and nothing was archived.',
      ),
    ).toBeInTheDocument();
  });

  it('waits for a pending step whose pod has no log yet', async () => {
    const api = new FakeTektonDagApi();
    await renderLogs(api, {
      runId: 'run-1',
      taskRun: taskRun([step('compile', 'Pending')], 'Pending'),
    });
    expect(
      await screen.findByText('Waiting for the step to start…'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/the pod is gone/)).not.toBeInTheDocument();
  });

  it.each([
    ['a NotAllowedError', async () => new NotAllowedError('denied')],
    [
      'a ResponseError with status 403',
      () =>
        ResponseError.fromResponse({
          status: 403,
          statusText: 'Forbidden',
          headers: new Headers({ 'content-type': 'application/json' }),
          text: async () =>
            JSON.stringify({
              error: {
                name: 'NotAllowedError',
                message: 'You are not allowed to logs read',
              },
              response: { statusCode: 403 },
            }),
        } as unknown as Response),
    ],
  ])('explains a permission denial given as %s', async (_kind, makeError) => {
    const error = await makeError();
    const api = new FakeTektonDagApi();
    jest.spyOn(api, 'streamLogs').mockRejectedValue(error);
    await renderLogs(api, {
      runId: 'run-1',
      taskRun: taskRun([step('compile', 'Succeeded', 0)]),
    });
    expect(
      await screen.findByText('You may not read logs (tekton-dag.logs.read).'),
    ).toBeInTheDocument();
  });

  it('shows other errors with a retry', async () => {
    const api = new FakeTektonDagApi();
    api.logs['tr-build/compile'] = 'at last\n';
    jest
      .spyOn(api, 'streamLogs')
      .mockRejectedValueOnce(new Error('cluster unreachable'));
    await renderLogs(api, {
      runId: 'run-1',
      taskRun: taskRun([step('compile', 'Succeeded', 0)]),
    });
    expect(
      await screen.findByText('Error: cluster unreachable', { selector: 'h6' }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('at last')).toBeInTheDocument();
  });

  it('says so when a step wrote nothing', async () => {
    const api = new FakeTektonDagApi();
    api.logs['tr-build/compile'] = '';
    await renderLogs(api, {
      runId: 'run-1',
      taskRun: taskRun([step('compile', 'Succeeded', 0)]),
    });
    expect(
      await screen.findByText('This step wrote no output.'),
    ).toBeInTheDocument();
  });

  it('says so when the task run has no steps yet', async () => {
    const api = new FakeTektonDagApi();
    await renderLogs(api, {
      runId: 'run-1',
      taskRun: taskRun([], 'Pending'),
    });
    expect(screen.getByText(/has no steps yet/)).toBeInTheDocument();
    expect(requests(api)).toEqual([]);
  });
});
