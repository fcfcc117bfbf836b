// What each cell of a 3270 screen looks like on a colour terminal, as x3270/c3270 draw it:
// 3279 base colours (unprotected normal green, unprotected intensified red, protected
// normal blue, protected intensified white), extended colour and highlighting from SFE/SA,
// non-display fields as blanks.
import { COLOR, FA, HIGHLIGHT } from '../ds3270/constants.ts';
import type { ScreenModel } from '../ds3270/screen.ts';

export interface Cell {
  ch: string;
  /** ANSI colour 0-7. */
  fg: number;
  /** ANSI colour 0-7, or -1 for the terminal's default background. */
  bg: number;
  bold: boolean;
  underline: boolean;
  reverse: boolean;
  blink: boolean;
}

export const ANSI = { BLACK: 0, RED: 1, GREEN: 2, YELLOW: 3, BLUE: 4, MAGENTA: 5, CYAN: 6, WHITE: 7 } as const;

const COLOUR_TO_ANSI = new Map<number, number>([
  [COLOR.NEUTRAL, ANSI.WHITE],
  [COLOR.BLUE, ANSI.BLUE],
  [COLOR.RED, ANSI.RED],
  [COLOR.PINK, ANSI.MAGENTA],
  [COLOR.GREEN, ANSI.GREEN],
  [COLOR.TURQUOISE, ANSI.CYAN],
  [COLOR.YELLOW, ANSI.YELLOW],
  [COLOR.WHITE, ANSI.WHITE],
]);

export function cellAt(s: ScreenModel, p: number, decode: (b: number) => string, f = s.fieldStart(p)): Cell {
  const blank: Cell = { ch: ' ', fg: ANSI.GREEN, bg: -1, bold: false, underline: false, reverse: false, blink: false };
  if (s.fa[p]! >= 0) return blank;
  const bits = f < 0 ? 0 : s.fa[f]!;
  const intens = (bits & FA.INTENSITY) === FA.INT_HIGH;
  const prot = (bits & FA.PROTECT) !== 0;
  const colour = s.model.colour;
  const base = !colour || f < 0 ? ANSI.GREEN : prot ? (intens ? ANSI.WHITE : ANSI.BLUE) : intens ? ANSI.RED : ANSI.GREEN;
  const fgCode = s.charFg[p] || (f >= 0 ? s.fieldFg[f]! : 0);
  const bgCode = s.charBg[p] || (f >= 0 ? s.fieldBg[f]! : 0);
  const hl = s.charHl[p] || (f >= 0 ? s.fieldHl[f]! : 0);
  return {
    ch: s.isVisibleChar(p, f) ? decode(s.chars[p]!) : ' ',
    fg: colour ? (COLOUR_TO_ANSI.get(fgCode) ?? base) : ANSI.GREEN,
    bg: colour ? (COLOUR_TO_ANSI.get(bgCode) ?? -1) : -1,
    bold: intens || hl === HIGHLIGHT.INTENSIFY,
    underline: hl === HIGHLIGHT.UNDERSCORE,
    reverse: hl === HIGHLIGHT.REVERSE,
    blink: hl === HIGHLIGHT.BLINK,
  };
}

const LOCK_TEXT: Record<string, string> = {
  wait: 'X SYSTEM',
  protected: 'X Protected',
  overflow: 'X Overflow',
  numeric: 'X NUM',
  'not-connected': 'X Not Connected',
  'minus-function': 'X -f',
};

/** The operator information area line (c3270 layout: mode, lock, insert, model, cursor). */
export function oiaLine(s: ScreenModel, modeLabel: string, modelName: string, cols: number, note = ''): string {
  const row = Math.floor(s.cursor / s.cols) + 1;
  const col = (s.cursor % s.cols) + 1;
  const left = `${modeLabel.padEnd(6)}${(s.lock ? LOCK_TEXT[s.lock] ?? 'X' : '').padEnd(18)}${note}`;
  const right = `${s.insertMode ? 'I' : ' '}  ${modelName}  ${String(row).padStart(3, '0')}/${String(col).padStart(3, '0')}`;
  const gap = Math.max(1, cols - left.length - right.length);
  return (left + ' '.repeat(gap) + right).slice(0, cols);
}
