// An in-process terminal: the session half goes to the host (a device, CP), the link half
// to the UI. Used for the local console of `vm370 ipl` / `vm370 start` and in tests.
import { terminalModel, terminalTypeName } from '../ds3270/models.ts';
import type { HostLink, HostLinkListener } from './link.ts';
import { newSessionId, SessionBase, type SessionInfo } from './session.ts';

export interface LocalPair {
  session: LocalSession;
  link: HostLink;
}

export class LocalSession extends SessionBase {
  readonly info: SessionInfo;
  listener: HostLinkListener | undefined;

  constructor(model: number, lu?: string) {
    super();
    const m = terminalModel(model);
    this.info = {
      id: newSessionId(),
      kind: '3270',
      protocol: 'local',
      terminalType: terminalTypeName(model),
      model: m,
      peer: 'local',
      ...(lu ? { lu } : {}),
    };
  }

  sendRecord(stream: Uint8Array): void {
    if (this.closedFlag) return;
    const copy = stream.slice();
    queueMicrotask(() => this.listener?.record(copy));
  }

  sendText(): void {}
  sendLine(): void {}

  close(reason?: string): void {
    if (this.closedFlag) return;
    this.markClosed();
    this.listener?.closed(reason);
  }

  /** Input from the UI. */
  inbound(stream: Uint8Array): void {
    if (this.closedFlag) return;
    const copy = stream.slice();
    queueMicrotask(() => this.deliver((h) => h.record?.(copy)));
  }

  attentionKey(): void {
    this.deliver((h) => h.attention?.());
  }
}

export function createLocalPair(model = 2, lu?: string): LocalPair {
  const session = new LocalSession(model, lu);
  const link: HostLink = {
    model: session.info.model!,
    modeLabel: 'L',
    listen: (l) => {
      session.listener = l;
    },
    send: (s) => session.inbound(s),
    attention: () => session.attentionKey(),
    close: () => session.close('local console closed'),
  };
  return { session, link };
}
