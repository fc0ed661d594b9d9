import type { ReactNode } from 'react';

/**
 * Stands in for `react-virtualized-auto-sizer` in component tests: jsdom lays nothing out, so
 * the real one measures 0×0 and the log viewer then renders no lines (Backstage's own
 * LogViewer tests give it a size the same way). Use as
 * `jest.mock('react-virtualized-auto-sizer', () => require('<path>/fixedSizeAutoSizer'))`.
 */
export default function FixedSizeAutoSizer(props: {
  children: (size: { width: number; height: number }) => ReactNode;
}) {
  return <>{props.children({ width: 800, height: 480 })}</>;
}
