// A terminal session is the transport side of one user's terminal, decoupled from any
// device: a 3270 (TN3270, TN3270E or in-process) or a line-mode console (telnet, nc).
// Whoever owns the terminal (a channel-attached device, later CP's console handler)
// binds a handler to it and talks in records and lines.
import type { TerminalModel } from '../ds3270/models.ts';

export type SessionKind = '3270' | 'line';
export type SessionProtocol = 'tn3270' | 'tn3270e' | 'telnet' | 'raw' | 'local';

export interface SessionInfo {
  readonly id: number;
  readonly kind: SessionKind;
  readonly protocol: SessionProtocol;
  /** 3270 sessions: the terminal type name the client gave (e.g. IBM-3279-2-E). */
  readonly terminalType?: string;
  /** 3270 sessions: model and sizes. */
  readonly model?: TerminalModel;
  /** LU / device name the client asked for (RFC 1646 type@LU, TN3270E CONNECT). */
  readonly lu?: string;
  /** "127.0.0.1:54321", or "local". */
  readonly peer: string;
}

export interface SessionHandler {
  /** An inbound 3270 record: AID + cursor + fields (TN3270E header removed). */
  record?(data: Uint8Array): void;
  /** A line-mode input line, without its end-of-line. */
  line?(text: string): void;
  /** Attn / telnet BREAK / IP. */
  attention?(): void;
  /** The client went away; the session cannot be used any more. */
  closed?(): void;
}

export interface TerminalSession {
  readonly info: SessionInfo;
  readonly isOpen: boolean;
  /** Routes this session's input to `handler` (null to detach). */
  bind(handler: SessionHandler | null): void;
  /** Sends one outbound 3270 stream (remote command codes: F1, F5, 7E, F3 ...). */
  sendRecord(stream: Uint8Array): void;
  /** Line mode: text with no end of line. */
  sendText(text: string): void;
  /** Line mode: text and CR LF. */
  sendLine(text: string): void;
  /**
   * Line mode: a non-display read (a password) when true; the characters typed are then
   * not echoed, only the end of the line. 3270 sessions show no input in a non-display
   * field instead, so for them this does nothing.
   */
  hideInput(hidden: boolean): void;
  close(reason?: string): void;
}

let nextId = 1;
export function newSessionId(): number {
  return nextId++;
}

/** Common handler plumbing: binding, a small backlog for input that arrives unbound. */
export abstract class SessionBase implements TerminalSession {
  abstract readonly info: SessionInfo;
  protected handler: SessionHandler | null = null;
  private backlog: Array<(h: SessionHandler) => void> = [];
  protected closedFlag = false;

  get isOpen(): boolean {
    return !this.closedFlag;
  }

  bind(handler: SessionHandler | null): void {
    this.handler = handler;
    if (handler) {
      const pending = this.backlog;
      this.backlog = [];
      for (const deliver of pending) deliver(handler);
    }
  }

  protected deliver(fn: (h: SessionHandler) => void): void {
    if (this.handler) fn(this.handler);
    else if (this.backlog.length < 16) this.backlog.push(fn);
  }

  protected markClosed(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    const h = this.handler;
    h?.closed?.();
  }

  hideInput(_hidden: boolean): void {}

  abstract sendRecord(stream: Uint8Array): void;
  abstract sendText(text: string): void;
  abstract sendLine(text: string): void;
  abstract close(reason?: string): void;
}
