// The terminal side of a 3270 connection, as the UI sees it: records in, records out.
// A TN3270 client over TCP and an in-process pair (the local console) both provide it.
import type { TerminalModel } from '../ds3270/models.ts';

export interface HostLinkListener {
  /** An outbound 3270 stream from the host. */
  record(stream: Uint8Array): void;
  /** The negotiated mode changed (e.g. from connecting to 3270). */
  mode?(label: string): void;
  closed(reason?: string): void;
}

export interface HostLink {
  readonly model: TerminalModel;
  /** OIA mode label: "4A" TN3270, "4B" TN3270E, "L" local. */
  readonly modeLabel: string;
  listen(listener: HostLinkListener): void;
  /** An inbound 3270 stream (AID, cursor, fields). */
  send(stream: Uint8Array): void;
  /** The Attn key (telnet BREAK in TN3270). */
  attention(): void;
  close(): void;
}
