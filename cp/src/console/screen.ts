// The abstract screen of a CP console: rows of text and the field list, as a 3270 would
// show them (attribute positions are blanks). The 3270 renderer sends exactly this.
import type { CpConsole } from './console.ts';
import { STATUS_WIDTH } from './layout.ts';

export interface ScreenField {
  /** Buffer address of the attribute byte. */
  readonly address: number;
  readonly protected: boolean;
  readonly hidden: boolean;
}

export interface AbstractScreen {
  readonly rows: string[];
  readonly fields: ScreenField[];
  readonly status: string;
  /** Cursor buffer address. */
  readonly cursor: number;
}

export function abstractScreen(c: CpConsole): AbstractScreen {
  const l = c.layout;
  const buf: string[] = Array.from({ length: l.size }, () => ' ');
  c.rows().forEach((line, r) => {
    for (let i = 0; i < line.length && i < l.cols; i++) buf[r * l.cols + i] = line[i]!;
  });
  buf[l.inputAttr] = ' ';
  const preset = c.hidden ? '' : c.inputPreset;
  for (let i = 0; i < preset.length; i++) buf[l.inputStart + i] = preset[i]!;
  buf[l.statusAttr] = ' ';
  const status = c.status.padEnd(STATUS_WIDTH).slice(0, STATUS_WIDTH);
  for (let i = 0; i < STATUS_WIDTH; i++) buf[l.statusStart + i] = status[i]!;
  const rows: string[] = [];
  for (let r = 0; r < l.rows; r++) rows.push(buf.slice(r * l.cols, (r + 1) * l.cols).join(''));
  return {
    rows,
    fields: [
      { address: l.inputAttr, protected: false, hidden: c.hidden },
      { address: l.statusAttr, protected: true, hidden: false },
    ],
    status: c.status,
    cursor: l.inputStart + preset.length,
  };
}
