// The local console of `vm370 ipl` / `vm370 start`: the blessed 3270 window on an
// in-process terminal session, given to a device pool like any network session (so it
// gets the first free 3270, or the device its LU names) or to any session owner (CP).
import { codePage } from '../../../cpu370/index.ts';
import type { TerminalPool } from '../device/pool.ts';
import { createLocalPair } from '../tn3270/local.ts';
import type { TerminalSession } from '../tn3270/session.ts';
import { BlessedUi, type UiOptions } from './blessed-ui.ts';
import { Terminal3270 } from './terminal3270.ts';

export interface LocalConsoleOptions extends UiOptions {
  model?: number;
  codepage?: string;
  /** A device number (hex) to ask for, as a TN3270 client would with type@LU. */
  lu?: string;
}

export function openLocalConsole(owner: TerminalPool | ((session: TerminalSession) => void), opts: LocalConsoleOptions = {}): BlessedUi {
  const { session, link } = createLocalPair(opts.model ?? 2, opts.lu);
  const ui = new BlessedUi(new Terminal3270(link, codePage(opts.codepage ?? 'cp037')), { stayOnDisconnect: true, ...opts });
  if (typeof owner === 'function') owner(session);
  else owner.assign(session);
  return ui;
}
