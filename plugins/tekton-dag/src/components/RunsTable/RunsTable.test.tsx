import { act, render, screen, waitFor, within } from '@testing-library/react';
import { NotAllowedError } from '@backstage/errors';
import userEvent from '@testing-library/user-event';
import {
  FakeTektonDagApi,
  pullRequestRunFields,
} from '../../__testUtils__/FakeTektonDagApi';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { RunsTable } from './RunsTable';
import { RunFilters } from './RunFilters';

const entityRef = 'component:default/shop-api';
const runLink = (run: { id: string }) => `/runs/${run.id}`;

function backendWithRuns(count: number) {
  const api = new FakeTektonDagApi();
  for (let i = 0; i < count; i++)
    api.addRun({
      entityRef,
      status: i % 5 === 0 ? 'Failed' : 'Succeeded',
      revision: `${String(i).padStart(4, '0')}${'a'.repeat(36)}`,
    });
  return api;
}

const rows = () => screen.getAllByRole('row').slice(1);

describe('RunsTable', () => {
  it('shows a page of runs with status, trigger, revision and duration, and pages with the cursor', async () => {
    const api = backendWithRuns(25);
    await renderWithApis(
      <RunsTable filter={{ entityRef }} runLink={runLink} pageSize={10} />,
      { api },
    );
    expect(await screen.findByText('pr-pipeline-00025')).toBeInTheDocument();
    expect(rows()).toHaveLength(10);
    const first = within(rows()[0]);
    expect(first.getByText('Succeeded')).toBeInTheDocument();
    expect(within(rows()[4]).getByText('Failed')).toBeInTheDocument();
    expect(first.getByText('Started in the portal by ada')).toBeInTheDocument();
    expect(first.getByText('0024aaa')).toBeInTheDocument();
    expect(first.getByText('3m')).toBeInTheDocument();
    expect(
      first.getByRole('link', { name: 'pr-pipeline-00025' }),
    ).toHaveAttribute('href', '/runs/run-25');

    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(await screen.findByText('pr-pipeline-00015')).toBeInTheDocument();
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(await screen.findByText('pr-pipeline-00005')).toBeInTheDocument();
    expect(rows()).toHaveLength(5);
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Newer' }));
    expect(await screen.findByText('pr-pipeline-00015')).toBeInTheDocument();
    // Every page came from the server with the previous page's cursor.
    const cursors = api.calls
      .filter(c => c.method === 'listRuns')
      .map(c => (c.args[1] as any).cursor);
    expect(cursors).toEqual(expect.arrayContaining([undefined, '10', '20']));
  });

  it('links each run to its entity portal-wide, by the catalog entity page', async () => {
    const api = backendWithRuns(2);
    api.addRun({ entityRef: undefined });
    await renderWithApis(
      <RunsTable filter={{}} runLink={runLink} showEntity />,
      {
        api,
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    await screen.findByText('pr-pipeline-00003');
    const [orphan, second] = rows();
    expect(within(orphan).getByText('—')).toBeInTheDocument();
    expect(
      within(second).getByRole('link', { name: /shop-api/ }),
    ).toHaveAttribute('href', '/catalog/default/component/shop-api');
    // The Duration heading stays on one line.
    expect(screen.getByRole('columnheader', { name: 'Duration' })).toHaveClass(
      /nowrap/,
    );
  });

  it('asks the server for the filtered runs and says when none match', async () => {
    const api = backendWithRuns(7);
    await renderWithApis(
      <RunsTable
        filter={{ entityRef, status: ['Failed'] }}
        runLink={runLink}
      />,
      { api },
    );
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(api.calls.find(c => c.method === 'listRuns')!.args[0]).toEqual({
      entityRef,
      status: ['Failed'],
    });
  });

  it('names the pull request a run was started for, linked to the forge', async () => {
    const api = backendWithRuns(1);
    api.addRun({ entityRef, ...pullRequestRunFields() });
    await renderWithApis(
      <RunsTable filter={{ entityRef }} runLink={runLink} />,
      {
        api,
      },
    );
    const link = await screen.findByRole('link', {
      name: /^PR #42 by alice/, // and ", Opens in a new window"
    });
    expect(link).toHaveAttribute(
      'href',
      'https://github.com/tekton-dag/shop/pull/42',
    );
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('title', 'Search by brand');
    // Other runs keep the generic trigger text.
    expect(
      within(rows()[1]).getByText('Started in the portal by ada'),
    ).toBeInTheDocument();
  });

  it('reloads when the backend signals a change, and shows it is live', async () => {
    const api = backendWithRuns(1);
    const { signals } = await renderWithApis(
      <RunsTable
        filter={{ entityRef }}
        runLink={runLink}
        liveChannel={`tekton-dag:entity:${entityRef}`}
      />,
      { api },
    );
    expect(await screen.findByText('pr-pipeline-00001')).toBeInTheDocument();
    expect(screen.getByLabelText('Live updates on')).toBeInTheDocument();
    api.addRun({ entityRef, status: 'Running' });
    expect(screen.queryByText('pr-pipeline-00002')).not.toBeInTheDocument();
    act(() =>
      signals!.publish(`tekton-dag:entity:${entityRef}`, {
        type: 'run',
        runId: 'run-2',
        status: 'Running',
      }),
    );
    expect(await screen.findByText('pr-pipeline-00002')).toBeInTheDocument();
  });

  it('says live updates are off, and offers a refresh, without the signals plugin', async () => {
    const api = backendWithRuns(1);
    await renderWithApis(
      <RunsTable
        filter={{ entityRef }}
        runLink={runLink}
        liveChannel={`tekton-dag:entity:${entityRef}`}
      />,
      { api, signals: null },
    );
    expect(
      await screen.findByText(/Live updates are unavailable/),
    ).toBeInTheDocument();
    api.addRun({ entityRef });
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('pr-pipeline-00002')).toBeInTheDocument();
  });

  it('says which permission is missing when the policy denies reading runs', async () => {
    const api = backendWithRuns(1);
    api.listRuns = async () => {
      throw new NotAllowedError('Access denied');
    };
    await renderWithApis(<RunsTable filter={{}} runLink={runLink} />, { api });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'tekton-dag.run.read',
    );
  });
});

describe('RunFilters', () => {
  it('types the pipeline portal-wide and picks it from a list on an entity', async () => {
    const onChange = jest.fn();
    const { unmount } = render(
      <RunFilters value={{}} onChange={onChange} fields={['pipeline', 'q']} />,
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Pipeline' }),
      'nightly',
    );
    await waitFor(() =>
      expect(onChange).toHaveBeenLastCalledWith({ pipeline: 'nightly' }),
    );
    unmount();
    render(
      <RunFilters
        value={{}}
        onChange={onChange}
        fields={['pipeline']}
        pipelines={['pr-pipeline']}
      />,
    );
    expect(screen.queryByRole('textbox', { name: 'Pipeline' })).toBeNull();
    expect(screen.getByLabelText('Pipeline')).toBeInTheDocument();
  });

  it('picks trigger kinds by their names and hands over the kinds', async () => {
    const onChange = jest.fn();
    render(
      <RunFilters
        value={{ status: ['Failed'] }}
        onChange={onChange}
        fields={['status', 'trigger']}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: /Trigger/ }));
    const options = screen.getAllByRole('option').map(o => o.textContent);
    expect(options).toEqual([
      'Portal',
      'Rerun',
      'Webhook',
      'Pull request',
      'Tekton Triggers',
      'External',
    ]);
    await userEvent.click(screen.getByRole('option', { name: 'Pull request' }));
    expect(onChange).toHaveBeenLastCalledWith({
      status: ['Failed'],
      trigger: ['pull_request'],
    });
  });
});
