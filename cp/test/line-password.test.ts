// The LOGON password: on a line-mode telnet terminal CP asks the session for a
// non-display read, so the server (which echoes, WILL ECHO) sends none of it back; on a
// 3270 the input field is non-display (attribute X'4D', vm370-r6.md section 4d).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AID, createLocalPair, encodeAddress, FA, ORDER, ScreenModel } from '../../terminal/index.ts';
import { fromEbcdic, toEbcdic } from '../../cpu370/index.ts';
import { attachSession, LineConsole, startSystem, UserConsole, type RunningSystem } from '../index.ts';
import { negotiateLineMode, RawClient, wire } from '../../terminal/test/helpers/raw-client.ts';

let sys: RunningSystem;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vm370-pw-'));
  sys = await startSystem({ dataDir: dir, port: 0, negotiationMs: 1000 });
});

afterAll(async () => {
  await sys.close();
  rmSync(dir, { recursive: true, force: true });
});

const next = async (c: RawClient, s: string): Promise<string> => c.read(s.length);

async function telnet(): Promise<RawClient> {
  const c = await RawClient.connect(sys.port);
  await negotiateLineMode(c);
  expect(await next(c, 'VM/370 Online\r\n')).toBe(wire('VM/370 Online\r\n'));
  return c;
}

describe('LOGON over line-mode telnet', () => {
  it('echoes the command, not the password; input to the guest echoes again', async () => {
    const c = await telnet();
    try {
      c.send('logon cmsuser\r\n');
      expect(await next(c, 'logon cmsuser\r\nENTER PASSWORD:\r\n')).toBe(wire('logon cmsuser\r\nENTER PASSWORD:\r\n'));
      c.send('cmsuser\r\n');
      expect(await next(c, '\r\nLOGON AT ')).toBe(wire('\r\nLOGON AT '));
      const rest = await c.drainText(300);
      expect(rest).toMatch(/^\d\d:\d\d:\d\d GMT [A-Z]+DAY \d\d\/\d\d\/\d\d\r\nHELLO FROM A STAND-ALONE S\/370 PROGRAM\. TYPE A LINE, OR QUIT\.\r\n$/);
      c.send('hi\r\n');
      expect(await next(c, 'hi\r\nYOU TYPED: hi\r\n')).toBe(wire('hi\r\nYOU TYPED: hi\r\n'));
      c.send('#cp logoff\r\n');
      expect(await next(c, '#cp logoff\r\nCONNECT= ')).toBe(wire('#cp logoff\r\nCONNECT= '));
    } finally {
      c.close();
    }
  });

  it('a wrong password typed ahead is not echoed either, and the next command is', async () => {
    const c = await telnet();
    try {
      const expected = 'logon guest\r\nENTER PASSWORD:\r\n\r\nDMKLOG050E PASSWORD INCORRECT - REINITIATE LOGON PROCEDURE\r\n';
      c.send('logon guest\r\nnotit\r\n');
      expect(await next(c, expected)).toBe(wire(expected));
      c.send('logon guest\r\n');
      expect(await next(c, 'logon guest\r\nENTER PASSWORD:\r\n')).toBe(wire('logon guest\r\nENTER PASSWORD:\r\n'));
      c.send('guest\r\n');
      expect(await next(c, '\r\nLOGON AT ')).toBe(wire('\r\nLOGON AT '));
      await c.drainText(200);
      c.send('#cp logoff\r\n');
      expect(await next(c, '#cp logoff\r\nCONNECT= ')).toBe(wire('#cp logoff\r\nCONNECT= '));
    } finally {
      c.close();
    }
  });
});

describe('the non-display read as CP asks for it', () => {
  it('a line console hides input for the password read only', () => {
    const calls: string[] = [];
    const port = new LineConsole({ line: (l) => calls.push(l), hideInput: (h) => calls.push(`hide ${h}`) });
    new UserConsole(sys.cp, port);
    port.enter('logon maint');
    port.enter('cpcms');
    port.enter('logoff');
    expect(calls.filter((c) => c.startsWith('hide') || c.startsWith('ENTER') || c.startsWith('LOGON'))).toEqual([
      'ENTER PASSWORD:',
      'hide true',
      'hide false',
      expect.stringMatching(/^LOGON AT /),
    ]);
  });

  it('a 3270 gets a non-display input field for the password, and a normal one after it', async () => {
    const { session, link } = createLocalPair(2);
    const screen = new ScreenModel(2);
    const writes: Uint8Array[] = [];
    link.listen({
      record: (r) => {
        writes.push(r);
        screen.apply(r);
      },
      closed: () => undefined,
    });
    attachSession(sys.cp, session);
    const enter = async (text: string): Promise<Uint8Array> => {
      const seen = writes.length;
      link.send(Uint8Array.from([AID.ENTER, ...encodeAddress(1760 + text.length, 1920), ORDER.SBA, ...encodeAddress(1760, 1920), ...toEbcdic(text)]));
      await new Promise((r) => setTimeout(r, 20));
      return Uint8Array.from(writes.slice(seen).flatMap((w) => [...w]));
    };
    const inputField = [ORDER.SBA, ...encodeAddress(1759, 1920), ORDER.SF];
    const fieldAttr = (bytes: Uint8Array): number | undefined => {
      const at = Buffer.from(bytes).indexOf(Buffer.from(inputField));
      return at < 0 ? undefined : bytes[at + inputField.length];
    };
    await new Promise((r) => setTimeout(r, 20));
    expect(fieldAttr(await enter('logon maint'))).toBe(0x4d);
    expect(screen.attrAt(1760) & FA.INTENSITY).toBe(FA.INT_ZERO);
    expect(fieldAttr(await enter('cpcms'))).toBe(0xc1);
    const shown = screen.text((b) => fromEbcdic(Uint8Array.of(b)));
    expect(shown.slice(0, 3).map((r) => r.trimEnd())).toEqual(['logon maint', 'ENTER PASSWORD:', expect.stringMatching(/^LOGON AT /)]);
    expect(shown.join('\n')).not.toContain('cpcms');
    await enter('logoff');
    session.close();
  });
});
