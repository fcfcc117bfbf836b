// The blessed 3270 window: paints the screen model cell by cell into screen.lines (the
// low-level surface of blessed 0.1.81 that works on Node 20), the OIA below it, the
// cursor with program.cup, and reads raw key bytes through our own decoder.
import blessed from 'blessed';
import { fromEbcdic } from '../../../cpu370/index.ts';
import { terminalTypeName } from '../ds3270/models.ts';
import { KEYMAP_HELP, KeyDecoder } from './keys.ts';
import { cellAt } from './render.ts';
import { oiaLine } from './render.ts';
import type { Terminal3270 } from './terminal3270.ts';

type Line = Array<[number, string]> & { dirty?: boolean };
interface ScreenInternals {
  lines: Line[];
  program: blessed.BlessedProgram & { input: NodeJS.ReadableStream };
}

export interface UiOptions {
  /** An existing blessed screen (tests pass one built on fake streams). */
  screen?: blessed.Widgets.Screen;
  /** Called after the quit key or a closed connection, once the window is gone. */
  onExit?: (reason: string) => void;
  /** Keep the window open after the host disconnects (shows the reason in the OIA). */
  stayOnDisconnect?: boolean;
}

const DEFAULT_BG = 0x1ff;
const attrCode = (flags: number, fg: number, bg: number): number => (flags << 18) | (fg << 9) | bg;

export class BlessedUi {
  readonly screen: blessed.Widgets.Screen;
  private readonly decoder = new KeyDecoder();
  private destroyed = false;

  constructor(
    readonly term: Terminal3270,
    private readonly opts: UiOptions = {},
  ) {
    this.screen =
      opts.screen ??
      blessed.screen({ terminal: process.env.VM370_TERM ?? 'xterm', warnings: false, fullUnicode: false, smartCSR: true, autoPadding: false });
    const painter = blessed.box({ top: 0, left: 0, width: '100%', height: '100%' });
    (painter as unknown as { render: () => void }).render = () => this.paint();
    this.screen.append(painter);
    this.screen.on('render', () => this.placeCursor());
    this.screen.on('resize', () => this.render());
    // blessed puts the tty in raw mode only once someone listens for keypresses.
    this.screen.on('keypress', () => undefined);
    const internals = this.screen as unknown as ScreenInternals;
    internals.program.input.on('data', (d: Buffer | string) => this.input(typeof d === 'string' ? d : d.toString('utf8')));
    term.onChange = () => this.render();
    this.render();
  }

  input(raw: string): void {
    if (this.destroyed) return;
    for (const action of this.decoder.decode(raw)) {
      if (this.term.press(action) === 'quit') {
        this.exit('quit');
        return;
      }
    }
    this.render();
  }

  render(): void {
    if (this.destroyed) return;
    if (!this.term.connected && !this.opts.stayOnDisconnect) {
      this.exit(this.term.status);
      return;
    }
    this.screen.render();
  }

  exit(reason: string): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.term.link.close();
    if (!this.opts.screen) this.screen.destroy();
    this.opts.onExit?.(reason);
  }

  private paint(): void {
    const lines = (this.screen as unknown as ScreenInternals).lines;
    const width = this.screen.width as number;
    const height = this.screen.height as number;
    const s = this.term.screen;
    const blankAttr = attrCode(0, 0x1ff, DEFAULT_BG);
    for (const line of lines) {
      for (let c = 0; c < line.length; c++) line[c] = [blankAttr, ' '];
      line.dirty = true;
    }
    const put = (row: number, col: number, text: string, attr = blankAttr): void => {
      const line = lines[row];
      if (!line) return;
      for (let i = 0; i < text.length && col + i < line.length; i++) line[col + i] = [attr, text[i]!];
    };
    if (width < s.cols || height < s.rows + 1) {
      put(0, 0, `Terminal too small for a ${s.rows}x${s.cols} 3270 screen:`);
      put(1, 0, `need ${s.cols}x${s.rows + 1}, have ${width}x${height}. Enlarge the window.`);
      return;
    }
    if (this.term.helpVisible) {
      put(0, 0, '3270 keyboard (any key closes this help)', attrCode(1, 7, DEFAULT_BG));
      KEYMAP_HELP.forEach((l, i) => put(2 + i, 0, l));
    } else {
      const decode = (b: number): string => fromEbcdic(Uint8Array.of(b), this.term.page);
      const map = s.fieldMap();
      for (let r = 0; r < s.rows; r++) {
        const line = lines[r]!;
        for (let c = 0; c < s.cols; c++) {
          const cell = cellAt(s, r * s.cols + c, decode, map[r * s.cols + c]!);
          const flags = (cell.bold ? 1 : 0) | (cell.underline ? 2 : 0) | (cell.blink ? 4 : 0) | (cell.reverse ? 8 : 0);
          line[c] = [attrCode(flags, cell.fg, cell.bg < 0 ? DEFAULT_BG : cell.bg), cell.ch];
        }
      }
    }
    const modelName = terminalTypeName(s.model.model, s.model.colour, false).slice(4);
    const note = this.term.connected ? (this.term.lastError ? `! ${this.term.lastError}` : '') : this.term.status;
    put(s.rows, 0, oiaLine(s, this.term.modeLabel, modelName, s.cols, note), attrCode(2, 6, DEFAULT_BG));
  }

  private placeCursor(): void {
    const s = this.term.screen;
    const p = (this.screen as unknown as ScreenInternals).program;
    p.cup(Math.floor(s.cursor / s.cols), s.cursor % s.cols);
    p.showCursor();
  }
}
