import {
  forwardRef,
  memo,
  PointerEvent,
  ReactNode,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import IconButton from '@material-ui/core/IconButton';
import ZoomInIcon from '@material-ui/icons/ZoomIn';
import ZoomOutIcon from '@material-ui/icons/ZoomOut';
import FitIcon from '@material-ui/icons/CenterFocusStrong';
import type { DagNodeBox } from './layoutDag';
import { DagClasses, LABEL_MIN_SCALE } from './useDagStyles';

/** Where the graph is drawn: content coordinates times `scale`, then moved by `x`, `y`. */
export interface DagView {
  x: number;
  y: number;
  scale: number;
}

/**
 * "Fit" zooms out no further than the smallest zoom that still draws the task names: a typical
 * pipeline shows whole, a graph of hundreds of tasks shows its start (top left) at this zoom.
 */
export const MIN_FIT_SCALE = LABEL_MIN_SCALE;
const MIN_SCALE = 0.05;
const MAX_SCALE = 3;
const ZOOM_STEP = 1.25;
/** Pointer travel, in pixels, that makes a press a pan rather than a click. */
const DRAG_THRESHOLD = 4;
const REVEAL_MARGIN = 24;

const clampScale = (scale: number) =>
  Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/**
 * The whole graph, centred, at the zoom that fits it into the viewport (never enlarged); a
 * graph too large to fit with its names drawn shows its start (top left), legible, instead.
 */
export function fitView(
  content: { width: number; height: number },
  viewport: { width: number; height: number },
): DagView {
  if (viewport.width <= 0 || viewport.height <= 0) {
    return { x: 0, y: 0, scale: 1 };
  }
  const fits = Math.min(
    viewport.width / content.width,
    viewport.height / content.height,
    1,
  );
  const scale = Math.max(fits, MIN_FIT_SCALE);
  const centre = (room: number, size: number) =>
    size * scale <= room ? (room - size * scale) / 2 : 0;
  return {
    x: centre(viewport.width, content.width),
    y: centre(viewport.height, content.height),
    scale,
  };
}

/** Memoised so that panning does not re-render its buttons. */
const ZoomToolbar = memo(function Toolbar(props: {
  className: string;
  onZoom: (factor: number) => void;
  onFit: () => void;
}) {
  const { className, onZoom, onFit } = props;
  return (
    <div className={className}>
      <IconButton
        size="small"
        aria-label="Zoom in"
        title="Zoom in (or Ctrl + wheel)"
        onClick={() => onZoom(ZOOM_STEP)}
      >
        <ZoomInIcon fontSize="small" />
      </IconButton>
      <IconButton
        size="small"
        aria-label="Zoom out"
        title="Zoom out"
        onClick={() => onZoom(1 / ZOOM_STEP)}
      >
        <ZoomOutIcon fontSize="small" />
      </IconButton>
      <IconButton
        size="small"
        aria-label="Fit to view"
        title="Fit to view"
        onClick={onFit}
      >
        <FitIcon fontSize="small" />
      </IconButton>
    </div>
  );
});

export interface DagViewportHandle {
  /** Pans, when needed, so that the box is in view (e.g. when it gets keyboard focus). */
  reveal(box: DagNodeBox): void;
}

export interface DagViewportProps {
  /** The size of the drawing, in layout units. */
  contentWidth: number;
  contentHeight: number;
  /** The height of the visible area, in pixels; it is as wide as its container. */
  viewportHeight: number;
  classes: DagClasses;
  children: ReactNode;
}

/**
 * Pan (drag), zoom (wheel, buttons) and fit for the graph's SVG. It keeps the view in its own
 * state, so panning re-renders only this component: the task boxes come in as `children`.
 */
export const DagViewport = forwardRef<DagViewportHandle, DagViewportProps>(
  function Viewport(props, ref) {
    const { contentWidth, contentHeight, viewportHeight, classes, children } =
      props;
    const containerRef = useRef<HTMLDivElement>(null);
    const svgRef = useRef<SVGSVGElement>(null);
    const [view, setView] = useState<DagView>({ x: 0, y: 0, scale: 1 });
    const viewRef = useRef(view);
    viewRef.current = view;

    // Once the user moved the view, resizing the page no longer re-fits it.
    const userMoved = useRef(false);
    const drag = useRef<{
      pointerId: number;
      startX: number;
      startY: number;
      origin: DagView;
      moved: boolean;
    }>();
    const suppressClick = useRef(false);
    const [panning, setPanning] = useState(false);

    const viewportSize = useCallback(() => {
      const element = containerRef.current;
      return {
        width: element?.clientWidth ?? 0,
        height: element?.clientHeight ?? 0,
      };
    }, []);

    const fitted = useCallback(
      () =>
        fitView({ width: contentWidth, height: contentHeight }, viewportSize()),
      [contentWidth, contentHeight, viewportSize],
    );

    const fit = useCallback(() => {
      userMoved.current = false;
      setView(fitted());
    }, [fitted]);

    useLayoutEffect(fit, [fit]);

    // The fitted view follows the container's size, e.g. when a task's panel opens beside the
    // graph, until the user pans or zooms. jsdom has no ResizeObserver.
    useEffect(() => {
      const element = containerRef.current;
      if (!element || typeof ResizeObserver === 'undefined') return undefined;
      const observer = new ResizeObserver(() => {
        if (!userMoved.current) setView(fitted());
      });
      observer.observe(element);
      return () => observer.disconnect();
    }, [fitted]);

    /** Zooms by `factor` keeping the viewport point (px, py) still. */
    const zoomAt = useCallback((factor: number, px: number, py: number) => {
      userMoved.current = true;
      setView(current => {
        const scale = clampScale(current.scale * factor);
        const ratio = scale / current.scale;
        return {
          scale,
          x: px - (px - current.x) * ratio,
          y: py - (py - current.y) * ratio,
        };
      });
    }, []);

    const zoomCentred = useCallback(
      (factor: number) => {
        const size = viewportSize();
        zoomAt(factor, size.width / 2, size.height / 2);
      },
      [zoomAt, viewportSize],
    );

    // Ctrl/Cmd + wheel (and trackpad pinch, which browsers send as such) zooms; a plain wheel
    // scrolls the page as everywhere else. A native listener: React's are passive and could
    // not keep the page still while zooming.
    useEffect(() => {
      const element = containerRef.current;
      if (!element) return undefined;
      const onWheel = (event: WheelEvent) => {
        if (!event.ctrlKey && !event.metaKey) return;
        event.preventDefault();
        const bounds = element.getBoundingClientRect();
        zoomAt(
          Math.exp(-event.deltaY * 0.0015),
          event.clientX - bounds.left,
          event.clientY - bounds.top,
        );
      };
      element.addEventListener('wheel', onWheel, { passive: false });
      return () => element.removeEventListener('wheel', onWheel);
    }, [zoomAt]);

    useImperativeHandle(
      ref,
      () => ({
        reveal(box) {
          const size = viewportSize();
          if (size.width <= 0 || size.height <= 0) return;
          const current = viewRef.current;
          // A box in full view stays put: a click focuses its task, and moving the graph then
          // would also stop it following the container's size.
          const shift = (start: number, end: number, room: number) => {
            if (start >= 0 && end <= room) return 0;
            if (start < 0) return REVEAL_MARGIN - start;
            return Math.max(room - REVEAL_MARGIN - end, REVEAL_MARGIN - start);
          };
          const left = current.x + box.x * current.scale;
          const top = current.y + box.y * current.scale;
          const dx = shift(left, left + box.width * current.scale, size.width);
          const dy = shift(top, top + box.height * current.scale, size.height);
          if (dx !== 0 || dy !== 0) {
            userMoved.current = true;
            setView({ ...current, x: current.x + dx, y: current.y + dy });
          }
        },
      }),
      [viewportSize],
    );

    const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
      if (event.button !== 0) return;
      suppressClick.current = false;
      drag.current = {
        pointerId: event.pointerId,
        startX: event.clientX,
        startY: event.clientY,
        origin: viewRef.current,
        moved: false,
      };
    };

    const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
      const current = drag.current;
      if (!current || current.pointerId !== event.pointerId) return;
      const dx = event.clientX - current.startX;
      const dy = event.clientY - current.startY;
      if (!current.moved) {
        if (Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
        current.moved = true;
        userMoved.current = true;
        setPanning(true);
        svgRef.current?.setPointerCapture?.(event.pointerId);
      }
      setView({
        ...current.origin,
        x: current.origin.x + dx,
        y: current.origin.y + dy,
      });
    };

    const onPointerEnd = (event: PointerEvent<SVGSVGElement>) => {
      const current = drag.current;
      if (!current || current.pointerId !== event.pointerId) return;
      if (current.moved) {
        suppressClick.current = true;
        setPanning(false);
        if (svgRef.current?.hasPointerCapture?.(event.pointerId)) {
          svgRef.current.releasePointerCapture(event.pointerId);
        }
      }
      drag.current = undefined;
    };

    return (
      <div
        ref={containerRef}
        style={{ height: viewportHeight, position: 'relative' }}
      >
        <svg
          ref={svgRef}
          className={`${classes.svg}${panning ? ` ${classes.panning}` : ''}`}
          height={viewportHeight}
          role="group"
          aria-label="Pipeline tasks"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerEnd}
          onPointerCancel={onPointerEnd}
          // A drag that ends on a task is a pan, not a click on that task.
          onClickCapture={event => {
            if (suppressClick.current) {
              suppressClick.current = false;
              event.stopPropagation();
            }
          }}
        >
          <g
            className={
              view.scale < LABEL_MIN_SCALE ? classes.overview : undefined
            }
            transform={`translate(${view.x},${view.y}) scale(${view.scale})`}
            data-testid="dag-view"
          >
            {children}
          </g>
        </svg>
        <ZoomToolbar
          className={classes.toolbar}
          onZoom={zoomCentred}
          onFit={fit}
        />
      </div>
    );
  },
);
