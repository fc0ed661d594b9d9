import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { CatalogBreadcrumb } from './CatalogBreadcrumb';

/** The catalog's entity page, its "Catalog" breadcrumb leading to the catalog list. */
const entityPage = catalogPlugin.getExtension('page:catalog/entity').override({
  factory(originalFactory) {
    const page = originalFactory();
    return [
      ...page,
      coreExtensionData.reactElement(
        <CatalogBreadcrumb>
          {page.get(coreExtensionData.reactElement)}
        </CatalogBreadcrumb>,
      ),
    ];
  },
});

export const catalogBreadcrumbModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [entityPage],
});
