import { createBackend } from '@backstage/backend-defaults';

// Runs the plugin alone against app-config.yaml: `yarn workspace @tekton-dag/plugin-tekton-dag-backend start`.
const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('../src'));
backend.start();
