import { KeyboardEvent, memo, ReactNode } from 'react';
import type { DagNode } from '@tekton-dag/plugin-tekton-dag-common';
import type { DagNodeBox } from './layoutDag';
import {
  DAG_TASK_STATUS_LABELS,
  DagTaskStatus,
  taskAccessibleName,
} from './taskStatus';
import type { DagClasses } from './useDagStyles';

/**
 * Status icons in the status colour, in task box coordinates (centred on 18,26, left of the
 * labels) so that the hundreds of boxes need no transform each.
 */
export const STATUS_GLYPHS: Record<DagTaskStatus, string> = {
  Succeeded: 'M12.5 26.5 L16.2 30.2 L23.5 22',
  Failed: 'M13.5 21.5 L22.5 30.5 M22.5 21.5 L13.5 30.5',
  Running: 'M14.5 20.5 L23.5 26 L14.5 31.5 Z',
  Pending: 'M13 26 h0.01 M18 26 h0.01 M23 26 h0.01',
  Cancelled: 'M13.5 21.5 h9 v9 h-9 Z',
  TimedOut: 'M12 26 a6 6 0 1 0 12 0 a6 6 0 1 0 -12 0 M18 22.5 V26 L20.5 28',
  Skipped: 'M12 21.5 L17 26 L12 30.5 M18 21.5 L23 26 L18 30.5',
  NotStarted: 'M13 26 a5 5 0 1 0 10 0 a5 5 0 1 0 -10 0',
};
export const STATUS_GLYPH_CENTRE = { x: 18, y: 26 };

const TEXT_X = 34;
const BADGE_WIDTH = 38;
// Labels are cut by length rather than measured: measuring text would cost a layout per box.
const NAME_CHARS = 22;
const NAME_CHARS_WITH_BADGE = 17;

function truncate(text: string, chars: number) {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

function Badge(props: {
  className: string;
  textClassName: string;
  x: number;
  y: number;
  rounded?: boolean;
  children: ReactNode;
}) {
  const { className, textClassName, x, y, rounded, children } = props;
  return (
    <>
      <rect
        className={className}
        x={x}
        y={y}
        width={BADGE_WIDTH}
        height={16}
        rx={rounded ? 8 : 3}
      />
      <text
        className={textClassName}
        x={x + BADGE_WIDTH / 2}
        y={y + 12}
        textAnchor="middle"
      >
        {children}
      </text>
    </>
  );
}

export interface DagNodeViewProps {
  node: DagNode;
  box: DagNodeBox;
  status: DagTaskStatus;
  duration?: string;
  fanOut?: number;
  skipReason?: string;
  selected: boolean;
  classes: DagClasses;
  onSelect: (pipelineTask: string) => void;
  onFocusTask: (pipelineTask: string) => void;
}

/**
 * One task box. Memoised on plain props, so that a status change re-renders only the boxes
 * whose status, duration or selection changed.
 */
export const DagNodeView = memo(function TaskBox(props: DagNodeViewProps) {
  const {
    node,
    box,
    status,
    duration,
    fanOut,
    skipReason,
    selected,
    classes,
    onSelect,
    onFocusTask,
  } = props;
  const label = node.displayName ?? node.name;
  const state = { status, duration, fanOut, skipReason };
  const detail =
    duration ??
    (status === 'Skipped' ? 'skipped' : DAG_TASK_STATUS_LABELS[status]);
  const shownLabel = truncate(
    label,
    node.matrix ? NAME_CHARS_WITH_BADGE : NAME_CHARS,
  );
  // A tooltip only where it tells more than the box: an element per task costs a lot at scale.
  const tooltip = [
    (shownLabel !== label || label !== node.name) &&
      `${label}${label !== node.name ? ` (${node.name})` : ''}`,
    skipReason && `Skipped: ${skipReason}`,
    node.matrix &&
      `Matrix over ${node.matrix.params.join(', ') || 'include entries'}`,
  ]
    .filter(Boolean)
    .join('\n');

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(node.name);
    }
  };

  return (
    <g
      className={`${classes.node} ${classes[status]}${
        selected ? ` ${classes.selected}` : ''
      }`}
      transform={`translate(${box.x},${box.y})`}
      role="button"
      tabIndex={0}
      aria-label={taskAccessibleName(label, node, state)}
      aria-pressed={selected}
      data-testid={`dag-node-${node.name}`}
      data-status={status}
      onClick={() => onSelect(node.name)}
      onKeyDown={onKeyDown}
      onFocus={() => onFocusTask(node.name)}
    >
      {tooltip && <title>{tooltip}</title>}
      {selected && (
        <rect
          className={classes.selection}
          x={-5}
          y={-5}
          width={box.width + 10}
          height={box.height + 10}
          rx={9}
        />
      )}
      <rect
        className={classes.frame}
        width={box.width}
        height={box.height}
        rx={6}
      />
      <path className={classes.statusGlyph} d={STATUS_GLYPHS[status]} />
      <text className={classes.name} x={TEXT_X} y={box.height / 2 - 4}>
        {shownLabel}
      </text>
      <text className={classes.detail} x={TEXT_X} y={box.height / 2 + 13}>
        {detail}
      </text>
      {node.matrix && (
        <Badge
          className={classes.badge}
          textClassName={classes.badgeText}
          x={box.width - BADGE_WIDTH - 6}
          y={6}
          rounded
        >
          ×{fanOut ?? '?'}
        </Badge>
      )}
      {node.conditional && (
        <Badge
          className={classes.badge}
          textClassName={classes.badgeText}
          x={box.width - BADGE_WIDTH - 6}
          y={box.height - 22}
        >
          when
        </Badge>
      )}
    </g>
  );
});
