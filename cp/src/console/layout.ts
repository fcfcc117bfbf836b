// The CP 3270 screen layout (DMKGRF; vm370-r6.md §4d): output area in rows 1 to rows-2,
// the input-area attribute in the last column of the last output row, the input area to
// column 59 of the last row, then the status attribute and the status text.

export interface ConsoleLayout {
  readonly rows: number;
  readonly cols: number;
  /** Rows in the output area. */
  readonly outputRows: number;
  /** Buffer address of the input-area attribute (model 2: 1759). */
  readonly inputAttr: number;
  /** First input position (model 2: 1760). */
  readonly inputStart: number;
  /** Buffer address of the status attribute (model 2: 1899). */
  readonly statusAttr: number;
  /** Status text position (model 2: 1900). */
  readonly statusStart: number;
  readonly size: number;
}

export const STATUS_WIDTH = 20;

export function consoleLayout(rows = 24, cols = 80): ConsoleLayout {
  const size = rows * cols;
  return {
    rows,
    cols,
    outputRows: rows - 2,
    inputAttr: (rows - 2) * cols - 1,
    inputStart: (rows - 2) * cols,
    statusAttr: size - STATUS_WIDTH - 1,
    statusStart: size - STATUS_WIDTH,
    size,
  };
}

/** Width of output row `row`: the last output row gives its last column to the input attribute. */
export function rowWidth(l: ConsoleLayout, row: number): number {
  return row === l.outputRows - 1 ? l.cols - 1 : l.cols;
}

export function inputLength(l: ConsoleLayout): number {
  return l.statusAttr - l.inputStart;
}
