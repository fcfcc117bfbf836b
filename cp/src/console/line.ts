// The CP console on a line-mode terminal (telnet without 3270): the same dialogue in
// lines, as on a typewriter terminal. No output area, so no MORE.../HOLDING; the status
// is implied by who reads next. Attention (telnet BREAK / IP) is PA1.
import { LOGO_TITLE } from './logo.ts';
import type { ConsoleEvents, ConsolePort, ReadState } from './port.ts';

export interface LineSink {
  line(text: string): void;
  /** The terminal stops (true) or resumes (false) showing what is typed: non-display reads. */
  hideInput?(hidden: boolean): void;
}

export class LineConsole implements ConsolePort {
  readonly kind = 'LINE';
  events: ConsoleEvents | null = null;
  cpEscape = '#';
  private readState: ReadState = 'RUNNING';
  private hidden = false;
  private typeAhead: string | null = null;
  logo = true;

  constructor(private readonly sink: LineSink) {}

  get read(): ReadState {
    return this.readState;
  }

  write(line: string): void {
    this.logo = false;
    this.sink.line(line);
  }

  setRead(state: ReadState, hidden = false): void {
    this.readState = state;
    this.setHidden(hidden && state !== 'RUNNING');
    if (state !== 'RUNNING' && this.typeAhead !== null) {
      const t = this.typeAhead;
      this.typeAhead = null;
      this.events?.input(t, false);
    }
  }

  showLogo(): void {
    this.logo = true;
    this.readState = 'RUNNING';
    this.setHidden(false);
    this.typeAhead = null;
    this.sink.line(LOGO_TITLE);
  }

  /** A line from the terminal. */
  enter(text: string): void {
    const line = text.replace(/\s+$/, '');
    if (this.logo) {
      this.logo = false;
      this.readState = 'CP READ';
      if (line === '') return;
    }
    const hidden = this.hidden;
    this.setHidden(false);
    if (this.readState === 'RUNNING' && !new RegExp(`^\\${this.cpEscape}CP(\\s|$)`, 'i').test(line)) {
      if (line === '') return;
      if (this.typeAhead !== null) return this.sink.line('NOT ACCEPTED');
      this.typeAhead = line;
      return;
    }
    this.events?.input(line, hidden);
  }

  private setHidden(hidden: boolean): void {
    if (hidden !== this.hidden) this.sink.hideInput?.(hidden);
    this.hidden = hidden;
  }

  attention(): void {
    if (!this.logo) this.events?.pa1();
  }
}
