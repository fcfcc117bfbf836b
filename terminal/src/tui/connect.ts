// `vm370 connect`: the blessed 3270 window on a TN3270 connection.
import type { CodePage } from '../../../cpu370/index.ts';
import { Tn3270Client } from '../tn3270/client.ts';
import { BlessedUi } from './blessed-ui.ts';
import { Terminal3270 } from './terminal3270.ts';

export interface ConnectOptions {
  host: string;
  port: number;
  model: number;
  page: CodePage;
  colour?: boolean;
  lu?: string;
  tls?: { verify: boolean };
}

/** Runs the terminal until the user quits or the host disconnects; resolves with the reason. */
export async function connectTerminal(opts: ConnectOptions): Promise<string> {
  const client = await Tn3270Client.connect({
    host: opts.host,
    port: opts.port,
    model: opts.model,
    colour: opts.colour ?? true,
    ...(opts.lu ? { lu: opts.lu } : {}),
    ...(opts.tls ? { tls: opts.tls } : {}),
  });
  return new Promise((resolve) => {
    new BlessedUi(new Terminal3270(client, opts.page), { onExit: resolve });
  });
}
