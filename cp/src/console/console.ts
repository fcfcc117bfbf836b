// The CP console of one terminal, independent of transport: the output area, the input
// line, the status area and its rules (DMKGRF; GC20-1807-7 DIAGNOSE X'54'/X'58' pages;
// vm370-r6.md §4d). A renderer turns its state into 3270 streams or lines.
//
//  - Output goes to the next free row. When the area is full the status becomes MORE...;
//    after `moreMs` (60 s in R6) the area is cleared and output continues.
//  - Enter with an empty input line in MORE... makes it HOLDING, which lasts until CLEAR
//    or PA2. CLEAR or PA2 in MORE.../HOLDING clear the area at once.
//  - The reads: CP READ (CP wants a command), VM READ (the guest reads its console),
//    RUNNING (no read: one line typed now is kept for the next read; a second is NOT
//    ACCEPTED, with the alarm).
//  - Input is echoed into the output area as typed, except non-display (password) input.
import { consoleLayout, inputLength, rowWidth, type ConsoleLayout } from './layout.ts';

import type { ConsoleEvents, ConsolePort, ReadState } from './port.ts';

export type Status = ReadState | 'MORE...' | 'HOLDING' | 'NOT ACCEPTED';

export interface ConsoleTimers {
  after(ms: number, fn: () => void): () => void;
}

export interface ConsoleOptions {
  rows?: number;
  cols?: number;
  /** MORE... wait before the output area is cleared (R6: 60 seconds). */
  moreMs?: number;
  timers: ConsoleTimers;
  /** PF key that retrieves the last input line (CE HRC001DK; 0 = none). */
  retrievePf?: number;
}

import { logoLines } from './logo.ts';

export class CpConsole implements ConsolePort {
  readonly kind = 'GRAF';
  readonly layout: ConsoleLayout;
  /** Lines shown in the output area, at most outputRows. */
  readonly output: string[] = [];
  /** Lines waiting for room (MORE... / HOLDING). */
  private readonly pending: string[] = [];
  private readState: ReadState = 'RUNNING';
  private hold: 'MORE...' | 'HOLDING' | null = null;
  private notAccepted = false;
  /** Non-display input for the current read (passwords). */
  hidden = false;
  /** The logo is shown (the terminal is not logged on). */
  logo = true;
  /** Text placed in the input field by retrieve, sent with the next redraw. */
  inputPreset = '';
  /** Ring the alarm with the next screen update. */
  alarm = false;
  /** One line typed while RUNNING, kept for the next read. */
  private typeAhead: string | null = null;
  private lastInput = '';
  private cancelMore: (() => void) | null = null;
  private readonly moreMs: number;
  private readonly retrievePf: number;
  events: ConsoleEvents | null = null;

  constructor(private readonly opts: ConsoleOptions) {
    this.layout = consoleLayout(opts.rows ?? 24, opts.cols ?? 80);
    this.moreMs = opts.moreMs ?? 60_000;
    this.retrievePf = opts.retrievePf ?? 12;
  }

  get status(): Status {
    if (this.notAccepted) return 'NOT ACCEPTED';
    return this.hold ?? this.readState;
  }

  get read(): ReadState {
    return this.readState;
  }

  /** The output area's rows as shown: the logo, or the output lines. */
  rows(): string[] {
    return this.logo ? logoLines(this.layout.outputRows) : [...this.output];
  }

  /** Shows the logo screen (terminal enabled, after LOGOFF or DISCONNECT). */
  showLogo(): void {
    this.clearOutput();
    this.pending.length = 0;
    this.stopMore();
    this.hold = null;
    this.notAccepted = false;
    this.logo = true;
    this.hidden = false;
    this.readState = 'RUNNING';
    this.typeAhead = null;
    this.changed();
  }

  /** Writes one line (long lines continue on the next rows). */
  write(line: string, opts: { alarm?: boolean } = {}): void {
    if (opts.alarm) this.alarm = true;
    if (this.logo) {
      this.logo = false;
      this.clearOutput();
    }
    const text = line.replace(/[\x00-\x1f]/g, ' ');
    let rest = text;
    do {
      const row = this.output.length + this.pending.length;
      const width = rowWidth(this.layout, row % this.layout.outputRows);
      this.pending.push(rest.slice(0, width));
      rest = rest.slice(width);
    } while (rest.length > 0);
    this.flush();
    this.changed();
  }

  /** Sets the read state: CP or VM wants a line, or no read is posted. */
  setRead(state: ReadState, hidden = false): void {
    this.readState = state;
    this.hidden = state !== 'RUNNING' && hidden;
    this.notAccepted = false;
    if (this.logo && state === 'CP READ') {
      this.logo = false;
      this.clearOutput();
    }
    this.changed();
    if (state !== 'RUNNING' && this.typeAhead !== null) {
      const line = this.typeAhead;
      this.typeAhead = null;
      this.events?.input(line, false);
    }
  }

  // ------------------------------------------------------------------ keys

  /** Enter with the input field's text. */
  enter(text: string): void {
    const line = text.replace(/\s+$/, '');
    this.notAccepted = false;
    if (line === '' && this.hold === 'MORE...') {
      this.stopMore();
      this.hold = 'HOLDING';
      this.changed();
      return;
    }
    if (this.logo) {
      this.logo = false;
      this.clearOutput();
      this.readState = 'CP READ';
      if (line === '') {
        this.changed();
        return;
      }
    }
    const hidden = this.hidden;
    if (!hidden) {
      if (line !== '') this.lastInput = line;
      this.write(line);
    }
    if (this.readState === 'RUNNING') {
      if (line.length === 0) return this.changed();
      if (this.typeAhead !== null && !this.isCpEscape(line)) {
        this.notAccepted = true;
        this.alarm = true;
        this.changed();
        return;
      }
      if (!this.isCpEscape(line)) {
        this.typeAhead = line;
        this.changed();
        return;
      }
    }
    this.hidden = false;
    this.changed();
    this.events?.input(line, hidden);
  }

  /** Lines starting with the line-end character and CP go to CP in any state. */
  cpEscape = '#';
  private isCpEscape(line: string): boolean {
    return new RegExp(`^${escapeRe(this.cpEscape)}CP(\\s|$)`, 'i').test(line);
  }

  pa1(): void {
    if (this.logo) return;
    this.notAccepted = false;
    this.events?.pa1();
  }

  /** PA2 clears the output area (DIAGNOSE X'54' with Rx = 0, the default). */
  pa2(): void {
    this.clearKey();
  }

  /** CLEAR: the terminal erased its screen; CP clears the output area and redraws. */
  clear(): void {
    this.clearKey();
  }

  /** A PF key: the retrieve key brings back the last line; the others act as Enter. */
  pf(n: number, text = ''): void {
    if (n === this.retrievePf && this.retrievePf !== 0) {
      this.inputPreset = this.lastInput.slice(0, inputLength(this.layout));
      this.changed();
      return;
    }
    this.enter(text);
  }

  private clearKey(): void {
    this.notAccepted = false;
    this.stopMore();
    this.hold = null;
    this.clearOutput();
    this.flush();
    this.changed();
  }

  // ------------------------------------------------------------------ output area

  private clearOutput(): void {
    this.output.length = 0;
  }

  /** Moves pending lines into the output area while there is room; MORE... when full. */
  private flush(): void {
    while (this.pending.length > 0 && this.output.length < this.layout.outputRows) this.output.push(this.pending.shift()!);
    if (this.pending.length === 0) {
      this.hold = null;
      this.stopMore();
      return;
    }
    if (this.hold === null) {
      this.hold = 'MORE...';
      this.cancelMore = this.opts.timers.after(this.moreMs, () => {
        this.cancelMore = null;
        if (this.hold !== 'MORE...') return;
        this.hold = null;
        this.clearOutput();
        this.flush();
        this.changed();
      });
    }
  }

  private stopMore(): void {
    this.cancelMore?.();
    this.cancelMore = null;
  }

  private changed(): void {
    this.events?.changed();
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
