// The local console of `vm370 ipl` / `vm370 start`: the blessed 3270 window on an
// in-process terminal session, given to the pool like any network session (so it gets
// the first free 3270, or the device its LU names).
import { codePage } from '../../../cpu370/index.ts';
import type { TerminalPool } from '../device/pool.ts';
import { createLocalPair } from '../tn3270/local.ts';
import { BlessedUi, type UiOptions } from './blessed-ui.ts';
import { Terminal3270 } from './terminal3270.ts';

export interface LocalConsoleOptions extends UiOptions {
  model?: number;
  codepage?: string;
  /** A device number (hex) to ask for, as a TN3270 client would with type@LU. */
  lu?: string;
}

export function openLocalConsole(pool: TerminalPool, opts: LocalConsoleOptions = {}): BlessedUi {
  const { session, link } = createLocalPair(opts.model ?? 2, opts.lu);
  const ui = new BlessedUi(new Terminal3270(link, codePage(opts.codepage ?? 'cp037')), { stayOnDisconnect: true, ...opts });
  pool.assign(session);
  return ui;
}
