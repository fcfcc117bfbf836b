// Line mode echo (RFC 857: the server said WILL ECHO, so the client shows only what comes
// back): input is echoed as typed, except while the owner asked for a non-display read.
import { afterEach, describe, expect, it } from 'vitest';
import { TerminalServer, type TerminalSession } from '../index.ts';
import { negotiateLineMode, RawClient, wire } from './helpers/raw-client.ts';

let server: TerminalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A host that asks for a password after `logon`, as CP does. */
async function passwordHost(): Promise<{ port: number; lines: string[] }> {
  const lines: string[] = [];
  server = new TerminalServer({
    port: 0,
    negotiationTimeoutMs: 1000,
    onSession: (s: TerminalSession) =>
      s.bind({
        line: (t) => {
          lines.push(t);
          if (t === 'logon') {
            s.sendLine('ENTER PASSWORD:');
            s.hideInput(true);
          } else {
            s.hideInput(false);
            s.sendLine(`GOT ${t.length}`);
          }
        },
      }),
  });
  return { port: (await server.listen()).port, lines };
}

async function telnetClient(port: number): Promise<RawClient> {
  const c = await RawClient.connect(port);
  await negotiateLineMode(c);
  return c;
}

describe('line mode: non-display input', () => {
  it('a password is not echoed (nor its editing), only the end of its line; other input is', async () => {
    const { port, lines } = await passwordHost();
    const c = await telnetClient(port);
    c.send('logon\r\n');
    expect(await c.read(7 + 17)).toBe(wire('logon\r\nENTER PASSWORD:\r\n'));
    c.send('secrex\x7ft');
    c.send([0xff, 0xf7]);
    c.send('t\x15pw\r\n');
    expect(await c.read(2 + 7)).toBe(wire('\r\nGOT 2\r\n'));
    expect(await c.drain(50)).toBe('');
    c.send('ab\x7fc\r\n');
    expect(await c.read(15)).toBe(wire('ab\b \bc\r\nGOT 2\r\n'));
    expect(lines).toEqual(['logon', 'pw', 'ac']);
    c.close();
  });

  it('a password typed ahead in the same packet as the command is not echoed either', async () => {
    const { port, lines } = await passwordHost();
    const c = await telnetClient(port);
    c.send('logon\r\nsecret\r\nnext\r\n');
    expect(await c.read(7 + 17 + 2 + 7 + 6 + 7)).toBe(wire('logon\r\nENTER PASSWORD:\r\n\r\nGOT 6\r\nnext\r\nGOT 4\r\n'));
    expect(lines).toEqual(['logon', 'secret', 'next']);
    c.close();
  });
});
