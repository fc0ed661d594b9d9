import { MouseEvent } from 'react';
import type { DagNodeBox } from './layoutDag';
import type { DagClasses } from './useDagStyles';

const WIDTH = 40;
const HEIGHT = 18;

/**
 * A bubble on a task box's top-right corner: how many of the task's tests failed, as a link to
 * them. It sits beside the box rather than inside it, because the box is a button and links do
 * not nest in buttons.
 */
export function DagTestBadge(props: {
  box: DagNodeBox;
  pipelineTask: string;
  failing: number;
  href: string;
  onOpen: (pipelineTask: string) => void;
  classes: DagClasses;
}) {
  const { box, pipelineTask, failing, href, onOpen, classes } = props;
  const label = `${failing} failing test${
    failing === 1 ? '' : 's'
  } in ${pipelineTask}`;
  const x = box.x + box.width - WIDTH / 2 - 4;
  const y = box.y - HEIGHT / 2;
  const open = (event: MouseEvent) => {
    // Not a click on the task box behind it.
    event.stopPropagation();
    // Other clicks (new tab or window, download) are the browser's: it follows the href.
    if (
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    // A plain left click: same page, another view, no reload.
    event.preventDefault();
    onOpen(pipelineTask);
  };
  return (
    <a
      href={href}
      className={classes.testBadge}
      aria-label={label}
      data-testid={`dag-test-badge-${pipelineTask}`}
      onClick={open}
    >
      <title>{`${label}: open the test report`}</title>
      <rect x={x} y={y} width={WIDTH} height={HEIGHT} rx={HEIGHT / 2} />
      <text x={x + WIDTH / 2} y={y + 13} textAnchor="middle">
        ✕ {failing}
      </text>
    </a>
  );
}
