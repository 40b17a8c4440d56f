/**
 * The rows of a long fixed-row-height list that are in (or near) view, and the blank
 * space above and below them, so a table of thousands of rows renders a few dozen.
 */
export interface WindowRequest {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Extra rows rendered above and below, so fast scrolling shows no gaps. */
  overscan?: number;
}

export interface RowWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** Last rendered row (exclusive). */
  end: number;
  padTop: number;
  padBottom: number;
}

export function windowFor({ scrollTop, viewportHeight, rowHeight, count, overscan = 8 }: WindowRequest): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const maxTop = Math.max(0, count * rowHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxTop);
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}
