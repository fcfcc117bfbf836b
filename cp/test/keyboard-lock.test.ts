// Keyboard restore on a CP 3270 console: only the first screen and the write answering an
// inbound record unlock the keyboard, so output that crosses an AID on the wire cannot
// unlock it early (x3270 keeps a locked keyboard locked until a Write with WCC restore).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AID, createLocalPair, encodeAddress, ORDER, TerminalServer, type TerminalSession } from '../../terminal/index.ts';
import { toEbcdic } from '../../cpu370/index.ts';
import { attachSession, bareHardware, buildNamedSystem, ControlProgram, DEFAULT_DIRECTORY, HELLO_SOURCE, loadDirectory } from '../index.ts';
import { HAVE_S3270, S3270, has, status } from './helpers/s3270.ts';
import { logon } from './helpers/system.ts';

if (!HAVE_S3270) console.warn('cp/test/keyboard-lock.test.ts: s3270 part SKIPPED, s3270 is not on PATH');

function defaultSystem(): ControlProgram {
  const cp = new ControlProgram(bareHardware(), loadDirectory(DEFAULT_DIRECTORY));
  cp.namedSystems.set('HELLO', buildNamedSystem('HELLO', HELLO_SOURCE));
  return cp;
}

const hex = (b: number): string => b.toString(16).padStart(2, '0');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** An Enter record with `text` in the input field (row 23, column 1 = buffer address 1760). */
function enterRecord(text: string): Uint8Array {
  return Uint8Array.from([AID.ENTER, ...encodeAddress(1760 + text.length, 1920), ORDER.SBA, ...encodeAddress(1760, 1920), ...toEbcdic(text)]);
}

describe('keyboard restore in the CP console writes', () => {
  it('the first screen and each answer restore the keyboard; unsolicited output does not', async () => {
    const cp = defaultSystem();
    const { session, link } = createLocalPair(2);
    const writes: Uint8Array[] = [];
    link.listen({ record: (r) => writes.push(r), closed: () => undefined });
    let seen = 0;
    const next = async (): Promise<string[]> => {
      await sleep(5);
      const out = writes.slice(seen).map((w) => `${hex(w[0]!)} ${hex(w[1]!)}`);
      seen = writes.length;
      return out;
    };
    attachSession(cp, session);
    const first = await next();
    expect(first[0]).toBe('f5 42');
    expect(first.slice(1).every((w) => w === 'f1 40')).toBe(true);

    link.send(enterRecord('logon operator operator noipl'));
    expect(await next()).toEqual(['f1 42']);

    const other = logon(cp, 'maint', 'cpcms');
    other.type('msg operator hello');
    // Reset MDT and sound the alarm (MSG), no keyboard restore.
    expect(await next()).toEqual(['f1 44']);

    link.send(enterRecord('q time'));
    expect(await next()).toEqual(['f1 42']);

    // Attn / SysReq (x3270 sends SysReq as a record, and locks) are answered like an AID.
    link.attention();
    expect(await next()).toEqual(['f1 42']);
    other.type('logoff');
    session.close();
  });
});

describe.skipIf(!HAVE_S3270)('s3270 (TN3270E): output crossing an Enter on the wire', () => {
  const cp = defaultSystem();
  const delays: Array<{ ms: number }> = [];
  let server: TerminalServer;

  // The terminal's records reach CP `ms` later, as over a slow link.
  function slowInbound(s: TerminalSession, delay: { ms: number }): TerminalSession {
    return {
      get info() {
        return s.info;
      },
      get isOpen() {
        return s.isOpen;
      },
      bind: (h) => {
        const record = h?.record;
        s.bind(h && record ? { ...h, record: (d) => (delay.ms ? void setTimeout(() => record(d), delay.ms) : record(d)) } : h);
      },
      sendRecord: (x) => s.sendRecord(x),
      sendText: (t) => s.sendText(t),
      sendLine: (t) => s.sendLine(t),
      hideInput: (h) => s.hideInput(h),
      close: (r) => s.close(r),
    };
  }

  beforeAll(async () => {
    server = new TerminalServer({
      port: 0,
      negotiationTimeoutMs: 300,
      onSession: (s) => {
        const d = { ms: 0 };
        delays.push(d);
        attachSession(cp, slowInbound(s, d));
      },
    });
    await server.listen();
  });
  afterAll(() => server.close());

  it('a MSG that arrives while Enter is in flight leaves the keyboard locked, so two typed lines stay two', async () => {
    const a = new S3270();
    const b = new S3270();
    try {
      await a.run(`Connect(127.0.0.1:${server.port})`);
      await a.waitFor((r) => r[0]!.startsWith('VM/370 Online'));
      await b.run(`Connect(127.0.0.1:${server.port})`);
      await b.waitFor((r) => r[0]!.startsWith('VM/370 Online'));
      expect((await a.run('Query(ConnectionState)')).data).toEqual(['connected-tn3270e']);
      await a.enter('logon cmsuser cmsuser');
      await a.waitFor((r) => status(r) === 'VM READ');
      await b.enter('logon guest guest');
      await b.waitFor((r) => status(r) === 'VM READ');

      delays[0]!.ms = 400;
      const typed = a.run('String("one") Enter() String("two") Enter()', 10000);
      await sleep(150);
      await b.enter('#cp msg cmsuser ping');
      await typed;
      delays[0]!.ms = 0;
      const rows = await a.waitFor((r) => has(r, 'YOU TYPED: two'));
      const text = rows.map((r) => r.trimEnd());
      expect(text).toContain('MSG FROM GUEST   : ping');
      expect(text).toContain('YOU TYPED: one');
      expect(text.join('\n')).not.toContain('onetwo');
      await a.enter('#cp logoff');
      await b.enter('#cp logoff');
    } finally {
      await a.quit();
      await b.quit();
    }
  });

  it('SysReq in plain TN3270 (an AID that locks the keyboard) enters CP mode and unlocks it again', async () => {
    const a = new S3270();
    try {
      await a.run(`Connect(N:127.0.0.1:${server.port})`);
      await a.run('Wait(5,InputField)');
      expect((await a.run('Query(ConnectionState)')).data).toEqual(['connected-3270']);
      await a.enter('logon cmsuser cmsuser');
      await a.waitFor((r) => status(r) === 'VM READ');
      await a.run('SysReq()');
      await a.waitFor((r) => status(r) === 'CP READ');
      const waited = await a.run('Wait(2,Unlock)');
      expect(waited.ok).toBe(true);
      expect(waited.status[0]).toBe('U');
      await a.enter('logoff');
      await a.waitFor((r) => r[0]!.startsWith('VM/370 Online'));
    } finally {
      await a.quit();
    }
  });
});
