import { ReactNode, useCallback, useMemo } from 'react';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import {
  createVersionedContext,
  createVersionedValueMap,
  useVersionedContext,
} from '@backstage/version-bridge';
import catalogPlugin from '@backstage/plugin-catalog/alpha';

type BreadcrumbRecord = { label: string; href: string; depth: number };
type BreadcrumbsRegistry = {
  breadcrumbs: { items: BreadcrumbRecord[] };
  register(entry: BreadcrumbRecord): {
    update(label: string, href: string): void;
    unregister(): void;
  };
};

// The app's breadcrumb registry (plugin-app's BreadcrumbsRegistryProvider), shared by key
// through version-bridge as every Backstage package reaches it.
const BreadcrumbsContext = createVersionedContext<{ 1: BreadcrumbsRegistry }>(
  'breadcrumbs-context',
);

/**
 * Makes the entity page's first breadcrumb ("Catalog") lead to the catalog list. The page's
 * header links its title to the plugin's `root` route, and the catalog plugin declares none
 * (its index is `catalogIndex`), so the crumb linked to the entity page itself. Remove this
 * once @backstage/plugin-catalog declares a root route (checked up to 2.1.0); the browser test
 * catalog.test.mjs says when it stops working.
 */
export function CatalogBreadcrumb(props: { children: ReactNode }) {
  const registry = useVersionedContext<{ 1: BreadcrumbsRegistry }>(
    'breadcrumbs-context',
  )?.atVersion(1);
  const catalogIndex = useRouteRef(catalogPlugin.routes.catalogIndex)?.();

  const parentRegister = registry?.register;
  // Stable while the catalog's path is: BreadcrumbEntry registers again whenever it changes.
  const register = useCallback(
    (entry: BreadcrumbRecord) => {
      const hrefAt = (depth: number, href: string) =>
        depth === 0 && catalogIndex ? catalogIndex : href;
      const registration = parentRegister!({
        ...entry,
        href: hrefAt(entry.depth, entry.href),
      });
      return {
        update: (label: string, href: string) =>
          registration.update(label, hrefAt(entry.depth, href)),
        unregister: () => registration.unregister(),
      };
    },
    [parentRegister, catalogIndex],
  );
  const breadcrumbs = registry?.breadcrumbs;
  const value = useMemo(
    () =>
      breadcrumbs && createVersionedValueMap({ 1: { breadcrumbs, register } }),
    [breadcrumbs, register],
  );

  if (!value) return <>{props.children}</>;
  return (
    <BreadcrumbsContext.Provider value={value}>
      {props.children}
    </BreadcrumbsContext.Provider>
  );
}
