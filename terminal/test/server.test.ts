import { afterEach, describe, expect, it } from 'vitest';
import { TerminalServer, type TerminalSession } from '../index.ts';
import { asciiBytes, offerTerminalType, RawClient } from './helpers/raw-client.ts';

interface Seen {
  sessions: TerminalSession[];
  records: string[];
  lines: string[];
  attentions: number;
  closed: number;
}

let server: TerminalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(opts: { negotiationTimeoutMs?: number; maxRecord?: number } = {}): Promise<{ port: number; seen: Seen }> {
  const seen: Seen = { sessions: [], records: [], lines: [], attentions: 0, closed: 0 };
  server = new TerminalServer({
    port: 0,
    negotiationTimeoutMs: opts.negotiationTimeoutMs ?? 1000,
    ...(opts.maxRecord ? { maxRecord: opts.maxRecord } : {}),
    onSession: (s) => {
      seen.sessions.push(s);
      s.bind({
        record: (d) => seen.records.push(Buffer.from(d).toString('hex')),
        line: (t) => seen.lines.push(t),
        attention: () => seen.attentions++,
        closed: () => seen.closed++,
      });
    },
  });
  const { port } = await server.listen();
  return { port, seen };
}

const until = async (cond: () => boolean, ms = 2000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** WON'T TN3270E, WILL TERMINAL-TYPE, IS `terminalType`; the server's side unchecked. */
async function sendTerminalType(c: RawClient, terminalType: string): Promise<void> {
  await c.read(3);
  c.send([0xff, 0xfc, 0x28]);
  await c.read(3);
  c.send([0xff, 0xfb, 0x18]);
  await c.read(6);
  c.send([0xff, 0xfa, 0x18, 0x00, ...asciiBytes(terminalType), 0xff, 0xf0]);
}

/** A 3270 emulator's whole TN3270 negotiation (RFC 1576), the server's side unchecked. */
async function negotiate3270(c: RawClient, terminalType: string): Promise<void> {
  await sendTerminalType(c, terminalType);
  await c.read(12);
  c.send([0xff, 0xfb, 0x19, 0xff, 0xfd, 0x19, 0xff, 0xfb, 0x00, 0xff, 0xfd, 0x00]);
}

describe('TN3270 negotiation (RFC 1576), byte for byte', () => {
  it('TTYPE, EOR, BINARY; records with doubled IAC and IAC EOR both ways', async () => {
    const { port, seen } = await start();
    const c = await RawClient.connect(port);
    await offerTerminalType(c, 'IBM-3278-4-E@0010');
    c.send([0xff, 0xfb, 0x19, 0xff, 0xfd, 0x19, 0xff, 0xfb, 0x00, 0xff, 0xfd, 0x00]);
    await until(() => seen.sessions.length === 1);
    const info = seen.sessions[0]!.info;
    expect([info.kind, info.protocol, info.terminalType, info.lu, info.model?.alternate]).toEqual([
      '3270', 'tn3270', 'IBM-3278-4-E', '0010', { rows: 43, cols: 80 },
    ]);
    c.send([0xff, 0xfb, 0x19, 0xff, 0xfd, 0x00]);
    expect(await c.drain()).toBe('');
    seen.sessions[0]!.sendRecord(Uint8Array.of(0xf5, 0xc3, 0xff, 0x40));
    expect(await c.read(6)).toBe('f5 c3 ff ff 40 ff');
    expect(await c.read(1)).toBe('ef');
    c.send([0x7d, 0x40, 0xff, 0xff, 0x40, 0xff, 0xef, 0x6c, 0xff, 0xef]);
    await until(() => seen.records.length === 2);
    expect(seen.records).toEqual(['7d40ff40', '6c']);
    c.send([0xff, 0xf3]);
    await until(() => seen.attentions === 1);
    c.send([0x01, 0x6c, 0x61, 0x02, 0x7d, 0x40, 0x40, 0xff, 0xef]);
    await until(() => seen.attentions === 2);
    expect(seen.records).toEqual(['7d40ff40', '6c']);
    c.close();
    await until(() => seen.closed === 1);
  });

  it('TN3270E (RFC 2355): DEVICE-TYPE with CONNECT, FUNCTIONS counter-proposal, 5-byte headers', async () => {
    const { port, seen } = await start();
    const c = await RawClient.connect(port);
    expect(await c.read(3)).toBe('ff fd 28');
    c.send([0xff, 0xfb, 0x28]);
    expect(await c.read(7)).toBe('ff fa 28 08 02 ff f0');
    c.send([0xff, 0xfa, 0x28, 0x02, 0x07, ...asciiBytes('IBM-3278-2-E'), 0x01, ...asciiBytes('001F'), 0xff, 0xf0]);
    expect(await c.read(24)).toBe('ff fa 28 02 04 ' + Buffer.from('IBM-3278-2-E').toString('hex').replace(/(..)/g, '$1 ') + '01 30 30 31 46 ff f0');
    c.send([0xff, 0xfa, 0x28, 0x03, 0x07, 0x00, 0x02, 0x04, 0xff, 0xf0]);
    expect(await c.read(7)).toBe('ff fa 28 03 07 ff f0');
    c.send([0xff, 0xfa, 0x28, 0x03, 0x04, 0xff, 0xf0]);
    await until(() => seen.sessions.length === 1);
    expect([seen.sessions[0]!.info.protocol, seen.sessions[0]!.info.lu]).toEqual(['tn3270e', '001F']);
    seen.sessions[0]!.sendRecord(Uint8Array.of(0xf5, 0xc3));
    expect(await c.read(9)).toBe('00 00 00 00 00 f5 c3 ff ef');
    c.send([0x00, 0x00, 0x00, 0x00, 0x00, 0x6d, 0xff, 0xef, 0x05, 0x00, 0x00, 0x00, 0x00, 0x41, 0xff, 0xef]);
    await until(() => seen.records.length === 1);
    expect(await c.drain(50)).toBe('');
    expect(seen.records).toEqual(['6d']);
    c.close();
  });

  it('TN3270E: an unknown device type is rejected with INV-DEVICE-TYPE', async () => {
    const { port } = await start();
    const c = await RawClient.connect(port);
    await c.read(3);
    c.send([0xff, 0xfb, 0x28]);
    await c.read(7);
    c.send([0xff, 0xfa, 0x28, 0x02, 0x07, ...asciiBytes('IBM-3287-1'), 0xff, 0xf0]);
    expect(await c.read(9)).toBe('ff fa 28 02 06 05 04 ff f0');
    c.close();
  });
});

describe('line mode', () => {
  it('a telnet client with TTYPE XTERM gets echo, line editing and CR LF', async () => {
    const { port, seen } = await start();
    const c = await RawClient.connect(port);
    await sendTerminalType(c, 'XTERM');
    expect(await c.read(6)).toBe('ff fb 01 ff fb 03');
    c.send([0xff, 0xfd, 0x01, 0xff, 0xfd, 0x03]);
    await until(() => seen.sessions.length === 1);
    expect(seen.sessions[0]!.info).toMatchObject({ kind: 'line', protocol: 'telnet' });
    c.send('ab\x7fc');
    expect(await c.read(6)).toBe('61 62 08 20 08 63');
    c.send([0xff, 0xf7, 0x64, 0x0d, 0x00]);
    expect(await c.read(6)).toBe('08 20 08 64 0d 0a');
    await until(() => seen.lines.length === 1);
    expect(seen.lines).toEqual(['ad']);
    seen.sessions[0]!.sendLine('R; T=0.01');
    expect(await c.read(11)).toBe(Buffer.from('R; T=0.01\r\n').toString('hex').replace(/(..)(?!$)/g, '$1 '));
    c.close();
  });

  it('a client that never negotiates (nc) falls back to line mode without echo', async () => {
    const { port, seen } = await start({ negotiationTimeoutMs: 150 });
    const c = await RawClient.connect(port);
    await c.read(3);
    c.send('early\n');
    await until(() => seen.lines.length === 1);
    expect(seen.sessions[0]!.info.protocol).toBe('raw');
    c.send('second line\r\n');
    await until(() => seen.lines.length === 2);
    expect(seen.lines).toEqual(['early', 'second line']);
    expect(await c.drain(50)).toBe('');
    c.close();
  });
});

describe('robustness', () => {
  it('an inbound record over the limit closes that connection only', async () => {
    const { port, seen } = await start({ maxRecord: 100, negotiationTimeoutMs: 100 });
    const c = await RawClient.connect(port);
    await negotiate3270(c, 'IBM-3279-2-E');
    await until(() => seen.sessions.length === 1);
    c.send(new Array(200).fill(0x40));
    expect(await c.waitClosed()).toBe(true);
    const d = await RawClient.connect(port);
    expect(await d.read(3)).toBe('ff fd 28');
    d.close();
  });
});

describe('terminal types and rejection', () => {
  it('an unknown IBM type is asked again (RFC 1091 cycle); a repeat ends in line mode', async () => {
    const { port, seen } = await start();
    const c = await RawClient.connect(port);
    await sendTerminalType(c, 'IBM-3477-XX');
    expect(await c.read(6)).toBe('ff fa 18 01 ff f0');
    c.send([0xff, 0xfa, 0x18, 0x00, ...asciiBytes('IBM-3278-5'), 0xff, 0xf0]);
    expect(await c.read(12)).toBe('ff fd 19 ff fb 19 ff fd 00 ff fb 00');
    c.close();
    const d = await RawClient.connect(port);
    await d.read(3);
    d.send([0xff, 0xfc, 0x28, 0xff, 0xfb, 0x18]);
    await d.read(3);
    await d.read(6);
    d.send([0xff, 0xfa, 0x18, 0x00, ...asciiBytes('IBM-9999'), 0xff, 0xf0]);
    await d.read(6);
    d.send([0xff, 0xfa, 0x18, 0x00, ...asciiBytes('IBM-9999'), 0xff, 0xf0]);
    expect(await d.read(6)).toBe('ff fb 01 ff fb 03');
    await until(() => seen.sessions.length === 1);
    expect(seen.sessions[0]!.info.kind).toBe('line');
    d.close();
  });

  it('with no free device the client sees why and is disconnected', async () => {
    const { TerminalPool, Display3270 } = await import('../index.ts');
    const pool = new TerminalPool();
    pool.rejectDelayMs = 50;
    pool.add(new Display3270(0x010));
    server = new TerminalServer({ port: 0, onSession: (s) => pool.assign(s) });
    const { port } = await server.listen();
    const a = await RawClient.connect(port);
    await negotiate3270(a, 'IBM-3278-2-E');
    expect((await a.read(2)).startsWith('f5')).toBe(true);
    const b = await RawClient.connect(port);
    await negotiate3270(b, 'IBM-3278-2-E');
    const text = 'VM/370: CONNECTION REJECTED, NO FREE 3270 DEVICE';
    const { toEbcdic } = await import('../../cpu370/index.ts');
    const want = ['f5', '42', '11', 'c1', 'd1', '1d', 'e8', ...Array.from(toEbcdic(text), (x) => x.toString(16)), 'ff', 'ef'].join(' ');
    expect(await b.read(want.split(' ').length)).toBe(want);
    expect(await b.waitClosed()).toBe(true);
    a.close();
  });
});

describe('our TN3270 client against our server', () => {
  it('negotiates TN3270E (4B) with CONNECT, and plain TN3270 (4A) when told not to', async () => {
    const { Tn3270Client } = await import('../index.ts');
    const { port, seen } = await start();
    for (const [tn3270e, label, protocol] of [[true, '4B', 'tn3270e'], [false, '4A', 'tn3270']] as const) {
      const c = await Tn3270Client.connect({ host: '127.0.0.1', port, model: 3, lu: '0010', tn3270e });
      const got: string[] = [];
      c.listen({ record: (r) => got.push(Buffer.from(r).toString('hex')), closed: () => undefined });
      await until(() => seen.sessions.length === (tn3270e ? 1 : 2));
      const s = seen.sessions.at(-1)!;
      expect([s.info.protocol, s.info.lu, s.info.model?.alternate]).toEqual([protocol, '0010', { rows: 32, cols: 80 }]);
      s.sendRecord(Uint8Array.of(0xf5, 0xc3));
      await until(() => got.length === 1);
      expect(got).toEqual(['f5c3']);
      expect(c.modeLabel).toBe(label);
      c.send(Uint8Array.of(0x7d, 0x40, 0x40));
      await until(() => seen.records.length === (tn3270e ? 1 : 2));
      expect(seen.records.at(-1)).toBe('7d4040');
      c.close();
    }
  });
});
