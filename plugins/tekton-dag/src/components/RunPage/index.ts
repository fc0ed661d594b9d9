export { RunPage } from './RunPage';
export { RunRoutes } from './RunRoutes';
export type { RunLink } from './RunRoutes';
