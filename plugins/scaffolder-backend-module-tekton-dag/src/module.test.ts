import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import scaffolderModuleTektonDag from './index';

describe('the tekton-dag scaffolder module', () => {
  it('adds the six actions, with schemas, examples and dry run support', async () => {
    const actions: TemplateAction<any, any, any>[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...added: TemplateAction<any, any, any>[]) =>
              actions.push(...added),
          },
        ],
      ],
      features: [
        scaffolderModuleTektonDag,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            tektonDag: {
              clusters: [{ name: 'local', type: 'local' }],
              scaffolder: { tasksDir: '../../tekton/tasks' },
            },
          },
        }),
      ],
    });
    expect(actions.map(a => a.id)).toEqual([
      'tekton-dag:pipeline:create',
      'tekton-dag:argocd:application',
      'tekton-dag:pipeline:apply',
      'tekton-dag:run:start',
      'tekton-dag:local-repo:create',
      'tekton-dag:local-repo:push',
    ]);
    for (const action of actions) {
      expect(action.supportsDryRun).toBe(true);
      expect(action.examples?.length).toBeGreaterThan(0);
      expect(action.schema?.input).toMatchObject({ type: 'object' });
      expect(action.schema?.output).toMatchObject({ type: 'object' });
    }
    expect(actions[0].schema?.input).toMatchObject({
      required: ['name', 'tasks'],
      additionalProperties: false,
    });
  });
});
