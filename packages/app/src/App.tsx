import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogBreadcrumbModule } from './modules/catalogBreadcrumb';
import { navModule } from './modules/nav';

// Plugins listed in package.json are discovered (`app.packages: all` in app-config.yaml),
// tekton-dag's `/alpha` plugin among them; modules of this app are added here.
export default createApp({
  features: [catalogPlugin, catalogBreadcrumbModule, navModule],
});
