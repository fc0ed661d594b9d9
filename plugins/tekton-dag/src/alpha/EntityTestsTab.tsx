import { EntityTestsView } from '../components/EntityTestsContent';
import { useRunLink } from './useTabPaths';

/**
 * The Tests tab on the new frontend system. Run pages live under the Pipelines tab, whose
 * path the app may configure: its route ref says where it is for this entity. Without it
 * (the Pipelines tab disabled) the bars are not links, rather than links to nowhere.
 */
export function EntityTestsTab() {
  return <EntityTestsView runLink={useRunLink()} />;
}
