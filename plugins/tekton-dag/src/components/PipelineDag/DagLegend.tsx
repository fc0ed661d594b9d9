import { memo, ReactNode } from 'react';
import { STATUS_GLYPH_CENTRE, STATUS_GLYPHS } from './DagNodeView';
import { DAG_TASK_STATUSES, DAG_TASK_STATUS_LABELS } from './taskStatus';
import type { DagClasses } from './useDagStyles';

function Swatch(props: { children: ReactNode; className?: string }) {
  return (
    <svg
      width={28}
      height={18}
      viewBox="0 0 28 18"
      aria-hidden="true"
      className={props.className}
    >
      {props.children}
    </svg>
  );
}

/** What the colours, line styles and badges of the graph mean. */
export const DagLegend = memo(function Legend(props: {
  classes: DagClasses;
  /** Whether the graph has failing-test badges to explain. */
  testBadges?: boolean;
}) {
  const { classes, testBadges } = props;
  return (
    <ul className={classes.legend} aria-label="Legend">
      {DAG_TASK_STATUSES.map(status => (
        <li key={status} className={classes.legendItem}>
          <Swatch className={classes[status]}>
            <rect
              className={classes.frame}
              x={1}
              y={1}
              width={26}
              height={16}
              rx={4}
              style={{ animation: 'none' }}
            />
            <path
              className={classes.statusGlyph}
              d={STATUS_GLYPHS[status]}
              transform={`translate(14,9) scale(0.7) translate(${-STATUS_GLYPH_CENTRE.x},${-STATUS_GLYPH_CENTRE.y})`}
            />
          </Swatch>
          {DAG_TASK_STATUS_LABELS[status]}
        </li>
      ))}
      <li className={classes.legendItem}>
        <Swatch>
          <path className={classes.edge} d="M1,9 H27" />
        </Swatch>
        Runs after
      </li>
      <li className={classes.legendItem}>
        <Swatch>
          <path
            className={`${classes.edge} ${classes.resultEdge}`}
            d="M1,9 H27"
          />
        </Swatch>
        Uses a result
      </li>
      <li className={classes.legendItem}>×N Matrix runs</li>
      <li className={classes.legendItem}>when: Conditional</li>
      {testBadges && (
        <li className={classes.legendItem}>✕N Failing tests (opens them)</li>
      )}
    </ul>
  );
});
