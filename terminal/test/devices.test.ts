// The 3270 and 3215 devices driven directly with CCWs (no channel subsystem).
import { afterEach, describe, expect, it } from 'vitest';
import { codePage, fromEbcdic, toEbcdic, US_ATTENTION, US_CE_DE, US_DEVICE_END, US_UNIT_CHECK } from '../../cpu370/index.ts';
import { Console3215, createLocalPair, createTerminalDevice, Display3270, TerminalPool, TerminalServer, Terminal3270 } from '../index.ts';
import { asciiBytes, hex, RawClient } from './helpers/raw-client.ts';
import { ccw, run } from './helpers/test-program.ts';

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

describe('Display3270', () => {
  it('without a terminal: writes and reads end in unit check, intervention required', async () => {
    const d = new Display3270(0x010);
    const r = await run(d, ccw(0x05, Uint8Array.of(0xc3)));
    expect(r).toEqual({ unitStatus: US_CE_DE | US_UNIT_CHECK, residual: 1 });
    const sense = ccw(0x04, 1);
    expect(await run(d, sense)).toEqual({ unitStatus: US_CE_DE, residual: 0 });
    expect(Array.from(sense.data)).toEqual([0x40]);
    expect(Array.from(d.sense())).toEqual([0x00]);
  });

  it('command reject for an unknown command; NOP, Select and Sense ID', async () => {
    const d = new Display3270(0x010);
    expect(await run(d, ccw(0x99, 4))).toEqual({ unitStatus: US_CE_DE | US_UNIT_CHECK, residual: 4 });
    expect(Array.from(d.sense())).toEqual([0x80]);
    expect(await run(d, ccw(0x03, 1))).toEqual({ unitStatus: US_CE_DE, residual: 1 });
    expect(await run(d, ccw(0x0b, 1))).toEqual({ unitStatus: US_CE_DE, residual: 1 });
    const id = ccw(0xe4, 7);
    expect(await run(d, id)).toEqual({ unitStatus: US_CE_DE, residual: 0 });
    expect(hex(id.data)).toBe('ff 32 74 1d 32 78 02');
  });

  it('local CCW codes go out in remote form; Read Buffer asks the terminal and returns its buffer', async () => {
    const { session, link } = createLocalPair(2);
    const term = new Terminal3270(link, codePage('cp037'));
    const d = new Display3270(0x010);
    const status: number[] = [];
    d.attach({ presentStatus: (_dev, s) => status.push(s) });
    const seen: string[] = [];
    link.listen({ record: (r) => { seen.push(hex(r)); term.onRecord(r); }, closed: () => undefined });
    d.bind(session);
    expect(status).toEqual([US_DEVICE_END]);
    await settle();
    const ew = Uint8Array.from([0xc3, 0x1d, 0xe8, ...toEbcdic('HI')]);
    expect(await run(d, ccw(0x05, ew))).toEqual({ unitStatus: US_CE_DE, residual: 0 });
    await settle();
    expect(seen[1]).toBe('f5 c3 1d e8 c8 c9');
    const rb = ccw(0x02, 8);
    expect(await run(d, rb)).toEqual({ unitStatus: US_CE_DE, residual: 0, more: true });
    expect(hex(rb.data)).toBe('60 40 40 1d e8 c8 c9 00');
    expect(seen[2]).toBe('f2');
  });

  it('an AID raises attention and Read Modified returns the inbound record; a reconnect redraws the screen', async () => {
    const a = createLocalPair(2);
    const term = new Terminal3270(a.link, codePage('cp037'));
    const d = new Display3270(0x010);
    const status: number[] = [];
    d.attach({ presentStatus: (_dev, s) => status.push(s) });
    d.bind(a.session);
    await run(d, ccw(0x05, Uint8Array.from([0xc3, 0x1d, 0x40, 0x13, 0x11, 0x40, 0x4a, 0x1d, 0x60])));
    await settle();
    for (const ch of 'ok') term.press({ key: 'char', ch });
    term.press({ key: 'enter' });
    await settle();
    expect(status).toEqual([US_DEVICE_END, US_ATTENTION]);
    const rm = ccw(0x06, 64);
    expect(await run(d, rm)).toEqual({ unitStatus: US_CE_DE, residual: 64 - 8 });
    expect(hex(rm.data.subarray(0, 8))).toBe('7d 40 c3 11 40 c1 96 92');
    a.session.close();
    expect(d.bound).toBe(false);
    const b = createLocalPair(2);
    const term2 = new Terminal3270(b.link, codePage('cp037'));
    d.bind(b.session);
    await settle();
    expect(term2.screen.text((x) => fromEbcdic(Uint8Array.of(x)))[0]!.slice(0, 4)).toBe(' ok ');
    expect(term2.screen.keyboardLocked).toBe(false);
  });

  it('a write with an address beyond the screen ends in unit check, operation check', async () => {
    const { session } = createLocalPair(2);
    const d = new Display3270(0x010);
    d.bind(session);
    const bad = Uint8Array.of(0xc3, 0x11, 0x5d, 0x7f, 0xc1, 0x11, 0x7f, 0x7f);
    expect(await run(d, ccw(0x05, bad))).toEqual({ unitStatus: US_CE_DE | US_UNIT_CHECK, residual: 0 });
    expect(Array.from(d.sense())).toEqual([0x01]);
    expect(d.screen!.chars[1919]).toBe(0xc1);
  });

  it('createTerminalDevice builds devices from configuration types', () => {
    const pool = new TerminalPool();
    expect(createTerminalDevice(0x010, '3270', [], pool)?.devtype).toBe(0x3270);
    expect(createTerminalDevice(0x009, '3215', [], pool)?.devtype).toBe(0x3215);
    expect(createTerminalDevice(0x01f, '1052', [], pool)?.devtype).toBe(0x1052);
    expect(createTerminalDevice(0x00c, '3505', [], pool)).toBeUndefined();
    expect(pool.devices.map((d) => d.devnum)).toEqual([0x010, 0x009, 0x01f]);
  });
});

describe('Console3215 over a line-mode telnet session', () => {
  let server: TerminalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('writes lines, reads lines (EBCDIC), raises attention for unrequested input', async () => {
    const pool = new TerminalPool();
    const con = new Console3215(0x009);
    pool.add(con);
    const status: number[] = [];
    con.attach({ presentStatus: (_d, s) => status.push(s) });
    server = new TerminalServer({ port: 0, negotiationTimeoutMs: 100, onSession: (s) => pool.assign(s) });
    const { port } = await server.listen();
    const c = await RawClient.connect(port);
    await c.read(3);
    const greeting = 'vm370: console 009 (3215) connected\r\n';
    expect(Buffer.from((await c.read(greeting.length)).split(' ').map((x) => parseInt(x, 16))).toString()).toBe(greeting);
    expect(await run(con, ccw(0x09, toEbcdic('CP READ')))).toEqual({ unitStatus: US_CE_DE, residual: 0 });
    expect(await c.read(9)).toBe(hex(asciiBytes('CP READ\r\n')));
    expect(await run(con, ccw(0x01, toEbcdic('> ')))).toEqual({ unitStatus: US_CE_DE, residual: 0 });
    expect(await c.read(2)).toBe('3e 20');
    const read = ccw(0x0a, 10);
    const pending = run(con, read);
    c.send('logon maint\r\n');
    expect(await pending).toEqual({ unitStatus: US_CE_DE, residual: 0, more: true });
    expect(hex(read.data)).toBe(hex(toEbcdic('logon main')));
    c.send('q t\n');
    await new Promise((r) => setTimeout(r, 50));
    expect(status).toEqual([US_DEVICE_END, US_ATTENTION]);
    const r2 = ccw(0x0a, 20);
    expect(await run(con, r2)).toEqual({ unitStatus: US_CE_DE, residual: 17 });
    expect(hex(r2.data.subarray(0, 3))).toBe('98 40 a3');
    c.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(con.bound).toBe(false);
    expect(await run(con, ccw(0x0a, 20))).toEqual({ unitStatus: US_CE_DE | US_UNIT_CHECK, residual: 20 });
  });
});

describe('device choice', () => {
  it('group names and device numbers (Hercules rules)', async () => {
    const { createLocalPair, terminalGroup } = await import('../index.ts');
    const pool = new TerminalPool();
    pool.rejectDelayMs = 0;
    const plain = createTerminalDevice(0x010, '3270', [], pool) as Display3270;
    const grouped = createTerminalDevice(0x011, '3270', ['TSO'], pool) as Display3270;
    const other = createTerminalDevice(0x012, '3270', [], pool) as Display3270;
    expect(terminalGroup(['noprompt', 'ops'])).toBe('OPS');
    expect(pool.assign(createLocalPair(2).session)).toBe(plain);
    expect(pool.assign(createLocalPair(2, 'tso').session)).toBe(grouped);
    expect(pool.assign(createLocalPair(2, 'tso').session)).toBeUndefined();
    expect(pool.assign(createLocalPair(2, '011').session)).toBeUndefined();
    expect(pool.assign(createLocalPair(2, '0012').session)).toBe(other);
    expect(pool.assign(createLocalPair(2).session)).toBeUndefined();
  });
});
