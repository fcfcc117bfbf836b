// A small TN3270 / telnet host for trying the terminal layer by hand and in tmux tests:
// 3270 devices 010-013 run an echo program driven by CCWs, consoles 009 and 01F echo lines.
//   npx tsx terminal/scripts/demo-host.ts [PORT]
import { US_ATTENTION, type CcwResult } from '../../cpu370/index.ts';
import { toEbcdic, fromEbcdic } from '../../cpu370/index.ts';
import { Console3215, createTerminalDevice, Display3270, TerminalPool, TerminalServer } from '../index.ts';
import { TestProgram } from '../test/helpers/test-program.ts';

const port = Number(process.argv[2] ?? 3270);
const pool = new TerminalPool();
for (const n of [0x010, 0x011, 0x012, 0x013]) new TestProgram(createTerminalDevice(n, '3270', [], pool) as Display3270);
for (const n of [0x009, 0x01f]) {
  const con = createTerminalDevice(n, '3215', [], pool) as Console3215;
  const ccw = (command: number, data: Uint8Array) => ({ command, flags: 0, count: data.length, data, chained: false, prevCommand: 0, sequence: 0 });
  const write = (text: string): void => void con.startCcw(ccw(0x09, toEbcdic(text)), () => undefined);
  con.attach({
    presentStatus: (_d, status) => {
      if (!(status & US_ATTENTION)) return;
      const req = ccw(0x0a, new Uint8Array(130));
      const done = (r: CcwResult): void => write(`ECHO: ${fromEbcdic(req.data.subarray(0, req.count - r.residual))}`);
      const r = con.startCcw(req, done);
      if (r !== 'pending') done(r);
    },
  });
}
const server = new TerminalServer({ port, onSession: (s) => pool.assign(s), log: (m) => process.stderr.write(m + '\n') });
const a = await server.listen();
process.stdout.write(`demo host listening on ${a.host}:${a.port}\n`);
