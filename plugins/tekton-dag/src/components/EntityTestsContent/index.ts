export { EntityTestsContent } from './EntityTestsContent';
export { EntityTestsView } from './EntityTestsView';
