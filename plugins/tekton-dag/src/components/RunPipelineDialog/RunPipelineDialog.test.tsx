import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  testPipelineSpec,
  makeRun,
} from '../../__testUtils__/FakeTektonDagApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { RunPipelineDialog } from './RunPipelineDialog';
import { paramsToSend, textToParam } from './paramForm';

const params = testPipelineSpec.params!;

describe('RunPipelineDialog', () => {
  it('builds its form from the Pipeline params and sends only what changed', async () => {
    const onSubmit = jest.fn(async () => makeRun());
    const onStarted = jest.fn();
    await renderWithApis(
      <RunPipelineDialog
        open
        pipeline="pr-pipeline"
        params={params}
        onClose={() => {}}
        onSubmit={onSubmit}
        onStarted={onStarted}
      />,
    );
    const revision = screen.getByRole('textbox', { name: 'revision' });
    expect(revision).toHaveValue('main');
    expect(screen.getByText(/Git revision/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /image/ })).toBeRequired();
    // A required param without a value: the server's validator says so, and Run waits.
    expect(screen.getByRole('status')).toHaveTextContent(/image/);
    expect(screen.getByRole('button', { name: 'Run' })).toBeDisabled();

    await userEvent.type(
      screen.getByRole('textbox', { name: /image/ }),
      'registry.local/shop-api:1',
    );
    const flags = screen.getByRole('textbox', { name: 'flags' });
    await userEvent.clear(flags);
    await userEvent.type(flags, '--ci{enter}--verbose');
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(onSubmit).toHaveBeenCalledWith({
      image: 'registry.local/shop-api:1',
      flags: ['--ci', '--verbose'],
    });
  });

  it('shows the server error and keeps the dialog open', async () => {
    const onClose = jest.fn();
    await renderWithApis(
      <RunPipelineDialog
        open
        pipeline="pr-pipeline"
        params={params}
        previous={{ revision: 'main', image: 'x' }}
        onClose={onClose}
        onSubmit={async () => {
          throw new Error('Cluster "local" is unreachable');
        }}
      />,
    );
    expect(
      screen.getByRole('heading', { name: 'Rerun pr-pipeline' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /image/ })).toHaveValue('x');
    await userEvent.click(screen.getByRole('button', { name: 'Rerun' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Cluster "local" is unreachable',
    );
    expect(onClose).not.toHaveBeenCalled();
  });
});

describe('paramForm', () => {
  it('reads arrays one per line and objects as key=value lines', () => {
    expect(textToParam({ name: 'a', type: 'array' }, ' x \n\n y')).toEqual([
      'x',
      'y',
    ]);
    expect(
      textToParam({ name: 'o', type: 'object' }, 'url=https://a=b\nempty'),
    ).toEqual({
      url: 'https://a=b',
      empty: '',
    });
    expect(
      paramsToSend(
        params,
        { revision: 'main', image: '', flags: '--ci' },
        {
          revision: 'main',
          flags: ['--ci'],
        },
      ),
    ).toEqual({});
  });
});
