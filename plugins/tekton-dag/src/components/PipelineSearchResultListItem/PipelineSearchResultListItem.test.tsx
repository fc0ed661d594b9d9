import List from '@material-ui/core/List';
import { screen, within } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp as renderInNewTestApp,
} from '@backstage/frontend-test-utils';
import { SearchResultListItemExtensions } from '@backstage/plugin-search-react';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import { renderInTestApp } from '@backstage/test-utils';
import type { PipelineDocument } from '@tekton-dag/plugin-tekton-dag-common';
import {
  tektonDagSearchResultListItem,
  tektonDagSearchResultType,
} from '../../alpha/plugin';
import { PipelineSearchResultListItem as LegacyPipelineSearchResultListItem } from '../../plugin';
import { PipelineSearchResultListItem } from './PipelineSearchResultListItem';

const document: PipelineDocument = {
  title: 'pr-pipeline',
  text: 'Builds and tests every pull request\nTasks: clone, build, unit-tests',
  location:
    '/catalog/default/component/shop-api/pipelines?pipeline=pr-pipeline',
  authorization: { resourceRef: 'component:default/shop-api' },
  entityRef: 'component:default/shop-api',
  entityTitle: 'Shop API',
  owner: 'group:default/shop-team',
  description: 'Builds and tests every pull request',
  tasks: ['clone', 'build', 'unit-tests'],
  params: ['app-path'],
  latestStatus: 'Failed',
  lastRunAt: new Date(Date.now() - 5 * 60 * 1000).toISOString(),
  cluster: 'local',
  namespace: 'shop',
};

const catalogResult = {
  type: 'software-catalog',
  document: {
    title: 'shop-api',
    text: 'The shop API',
    location: '/catalog/default/component/shop-api',
  },
};

describe('PipelineSearchResultListItem', () => {
  it('shows the pipeline, linking to the entity’s Pipelines tab, with its entity, tasks and latest status', async () => {
    await renderInTestApp(<PipelineSearchResultListItem result={document} />);

    expect(screen.getByRole('link', { name: 'pr-pipeline' })).toHaveAttribute(
      'href',
      '/catalog/default/component/shop-api/pipelines?pipeline=pr-pipeline',
    );
    expect(screen.getByRole('link', { name: 'Shop API' })).toHaveAttribute(
      'href',
      '/catalog/default/component/shop-api',
    );
    expect(screen.getByText(/local\/shop/)).toBeInTheDocument();
    expect(
      screen.getByText('Builds and tests every pull request'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Tasks: clone · build · unit-tests'),
    ).toBeInTheDocument();
    expect(screen.getByText('Latest run: Failed, 5m ago')).toBeInTheDocument();
    expect(
      screen.getByText('Owner: group:default/shop-team'),
    ).toBeInTheDocument();
  });

  it('says when a pipeline has not run, and shortens long task lists', async () => {
    const tasks = Array.from({ length: 10 }, (_, i) => `task-${i + 1}`);
    await renderInTestApp(
      <PipelineSearchResultListItem
        result={{
          ...document,
          latestStatus: undefined,
          lastRunAt: undefined,
          tasks,
        }}
      />,
    );
    expect(screen.getByText('No runs yet')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Tasks: task-1 · task-2 · task-3 · task-4 · task-5 · task-6 · task-7 · task-8 and 2 more',
      ),
    ).toBeInTheDocument();
  });

  it('highlights the matched words of the title', async () => {
    await renderInTestApp(
      <PipelineSearchResultListItem
        result={document}
        highlight={{
          preTag: '<mark>',
          postTag: '</mark>',
          fields: { title: '<mark>pr</mark>-<mark>pipeline</mark>' },
        }}
      />,
    );
    const link = screen.getByRole('link', { name: 'pr-pipeline' });
    expect(link.querySelectorAll('mark')).toHaveLength(2);
  });

  it('renders nothing without a result', async () => {
    const { container } = await renderInTestApp(
      <div data-testid="empty">
        <PipelineSearchResultListItem />
      </div>,
    );
    expect(
      container.querySelector('[data-testid="empty"]'),
    ).toBeEmptyDOMElement();
  });

  it('renders tekton-dag results only, as a legacy search result extension', async () => {
    await renderInTestApp(
      <SearchResultListItemExtensions
        results={[{ type: 'tekton-dag', document }, catalogResult]}
      >
        <LegacyPipelineSearchResultListItem />
      </SearchResultListItemExtensions>,
    );
    const items = await screen.findAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(
      await within(items[0]).findByText('Latest run: Failed, 5m ago'),
    ).toBeInTheDocument();
    // The catalog result is left to the default item.
    expect(within(items[1]).queryByText(/Latest run/)).not.toBeInTheDocument();
    expect(within(items[1]).getByText('shop-api')).toBeInTheDocument();
  });

  it('is the search page’s item for tekton-dag results in the new frontend system', async () => {
    const tester = createExtensionTester(tektonDagSearchResultListItem);
    const item = tester.get(SearchResultListItemBlueprint.dataRefs.item);
    expect(item.predicate?.({ type: 'tekton-dag', document })).toBe(true);
    expect(item.predicate?.(catalogResult)).toBe(false);

    const Item = item.component;
    renderInNewTestApp(
      <List>
        <Item result={document} />
      </List>,
    );
    expect(
      await screen.findByRole('link', { name: 'pr-pipeline' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/shop-api/pipelines?pipeline=pr-pipeline',
    );
    expect(screen.getByText('Latest run: Failed, 5m ago')).toBeInTheDocument();
  });

  it('adds the result type "Pipelines" to the search page', () => {
    const tester = createExtensionTester(tektonDagSearchResultType);
    expect(
      tester.get(SearchFilterResultTypeBlueprint.dataRefs.resultType),
    ).toMatchObject({ value: 'tekton-dag', name: 'Pipelines' });
  });
});
