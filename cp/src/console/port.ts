// What CP needs of a user's terminal, whatever the transport: a 3270 screen console or
// a line-mode (typewriter-style) console.
export type ReadState = 'CP READ' | 'VM READ' | 'RUNNING';

export interface ConsoleEvents {
  /** An input line; `hidden` for non-display input (passwords). */
  input(text: string, hidden: boolean): void;
  /** PA1 on a 3270, attention (telnet BREAK) on a line: enter CP mode. */
  pa1(): void;
  /** The screen changed (3270 renderers redraw what differs). */
  changed(): void;
}

export interface ConsolePort {
  readonly kind: 'GRAF' | 'LINE';
  events: ConsoleEvents | null;
  /** The line-end character; `#CP` is recognised with it in any state. */
  cpEscape: string;
  write(line: string, opts?: { alarm?: boolean }): void;
  setRead(state: ReadState, hidden?: boolean): void;
  showLogo(): void;
  readonly read: ReadState;
  /** The logo is shown (nobody is logged on at this terminal). */
  readonly logo: boolean;
}
