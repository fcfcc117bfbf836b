import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromEbcdic, iplDeck, toEbcdic } from '../../cpu370/index.ts';
import type { ControlProgram } from '../index.ts';
import { logon, namedSystem, system, until, type LineTerminal } from './helpers/system.ts';
import { DATA, reader, RESULT, writer } from './helpers/spool-programs.ts';
import { ECHO } from './helpers/programs.ts';
import { MAX_RECORDS } from '../src/spool/device.ts';

const DIRECT = `
USER ALICE ALICE 1M 2M G
 CONSOLE 009 3215
 SPOOL 00C 2540 READ *
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
USER BOB BOB 1M 2M G
 CONSOLE 009 3215
 SPOOL 00C 2540 READ *
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
`;

const cards = (...texts: string[]): Uint8Array => toEbcdic(texts.map((t) => t.padEnd(80)).join(''));
const DECK = ['CARD ONE', 'CARD TWO', 'THE THIRD CARD'];

function withPrograms(cp: ControlProgram): ControlProgram {
  cp.namedSystems.set('PUNCH3', writer('PUNCH3', 0x00d, 0x01, 80, cards(...DECK)));
  cp.namedSystems.set('READ', reader('READ', 0x00c));
  cp.namedSystems.set('READWAIT', reader('READWAIT', 0x00c, true));
  cp.namedSystems.set('PRINT2', writer('PRINT2', 0x00e, 0x09, 20, toEbcdic('HELLO PRINTER'.padEnd(20) + 'SECOND LINE'.padEnd(20))));
  return cp;
}

/** IPLs a named system and waits for its disabled wait; returns what the terminal got. */
async function run(t: LineTerminal, name: string): Promise<string[]> {
  const out = t.type(`ipl ${name}`);
  await until(() => t.port.read === 'CP READ' && t.lines.some((l) => l.startsWith('DMKDSP450W')));
  return [...out, ...t.take()];
}

/** The cards BOB's guest read, as text, and the count and CSW status it stored. */
function readResult(cp: ControlProgram, userid: string): { count: number; status: number; cards: string[] } {
  const st = cp.users.get(userid)!.cpu.storage;
  const count = st.read32(RESULT);
  const got: string[] = [];
  for (let i = 0; i < count; i++) got.push(fromEbcdic(st.slice(DATA + i * 80, 80)).trimEnd());
  return { count, status: st.read16(RESULT + 4), cards: got };
}

describe('spool: punch to another user, read there', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vm370-spool-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a guest punches, CLOSE sends the file to BOB, whose guest reads it card by card to unit exception', async () => {
    const cp = withPrograms(system(DIRECT, { dataDir: dir }));
    const a = logon(cp, 'alice', 'alice');
    const b = logon(cp, 'bob', 'bob');
    expect(a.type('spool 00d to bob')).toEqual([]);
    expect(await run(a, 'punch3')).toEqual(["DMKDSP450W CP ENTERED; DISABLED WAIT PSW '00020000 00000000'"]);
    expect(a.type('query punch')).toEqual(['OWNERID  FILE CLASS RECDS    CPY HOLD', 'ALICE    0001 A PUN 00000003 01 NONE']);
    expect(a.type('close 00d')).toEqual(['PUN FILE 0001  TO  BOB      COPY 01 NOHOLD']);
    expect(b.take()).toEqual(['RDR FILE 0001 FROM ALICE    PUN COPY 01 NOHOLD']);
    expect(a.type('q pun')).toEqual(['NO PUN FILES']);
    expect(b.type('q rdr')).toEqual(['ORIGINID FILE CLASS RECDS    CPY HOLD', 'ALICE    0001 A PUN 00000003 01 NONE']);
    expect(b.type('q rdr all')).toEqual([
      'ORIGINID FILE CLASS RECDS    CPY HOLD DATE  TIME     NAME     TYPE     DIST',
      'ALICE    0001 A PUN 00000003 01 NONE 01/01 18:41:51',
    ]);
    await run(b, 'read');
    // Three cards, then the read after the last card ends with CE DE UE (GC20-1820 SPOOL EOF).
    expect(readResult(cp, 'BOB')).toEqual({ count: 3, status: 0x0d00, cards: DECK });
    expect(b.type('q rdr')).toEqual(['NO RDR FILES']);
    expect(readdirSync(join(dir, 'spool')).sort()).toEqual(['next']);
  });

  it('a guest waiting on its empty reader gets device end when a file arrives, and reads it', async () => {
    const cp = withPrograms(system(DIRECT, { dataDir: dir }));
    const a = logon(cp, 'alice', 'alice');
    const b = logon(cp, 'bob', 'bob');
    b.type('ipl readwait');
    const vmB = cp.users.get('BOB')!;
    await until(() => vmB.cpu.wait);
    expect(vmB.cpu.storage.read32(RESULT)).toBe(0);
    a.type('spool 00d to bob');
    await run(a, 'punch3');
    expect(a.type('close 00d')).toEqual(['PUN FILE 0001  TO  BOB      COPY 01 NOHOLD']);
    await until(() => b.lines.some((l) => l.startsWith('DMKDSP450W')));
    expect(readResult(cp, 'BOB')).toEqual({ count: 3, status: 0x0d00, cards: DECK });
  });

  it('an empty reader is not ready: unit check with intervention required', async () => {
    const cp = withPrograms(system(DIRECT, { dataDir: dir }));
    const b = logon(cp, 'bob', 'bob');
    await run(b, 'read');
    expect(readResult(cp, 'BOB')).toEqual({ count: 0, status: 0x0e00, cards: [] });
  });

  it('punch output goes to the own reader without SPOOL TO; spoolids are unique and go on', async () => {
    const cp = withPrograms(system(DIRECT, { dataDir: dir }));
    const a = logon(cp, 'alice', 'alice');
    await run(a, 'punch3');
    expect(a.type('close pun')).toEqual(['PUN FILE 0001  TO  ALICE    COPY 01 NOHOLD']);
    await run(a, 'punch3');
    expect(a.type('cl 00d')).toEqual(['PUN FILE 0002  TO  ALICE    COPY 01 NOHOLD']);
    expect(a.type('close 00d')).toEqual([]);
    expect(a.type('q r')).toEqual([
      'ORIGINID FILE CLASS RECDS    CPY HOLD',
      'ALICE    0001 A PUN 00000003 01 NONE',
      'ALICE    0002 A PUN 00000003 01 NONE',
    ]);
    expect(a.type('order rdr 2')).toEqual(['0001 FILE ORDERED']);
    expect(a.type('q rdr').slice(1)).toEqual(['ALICE    0002 A PUN 00000003 01 NONE', 'ALICE    0001 A PUN 00000003 01 NONE']);
    expect(a.type('order rdr 1 2')).toEqual(['0002 FILES ORDERED']);
    expect(a.type('q rdr').slice(1).map((l) => l.slice(9, 13))).toEqual(['0001', '0002']);
    expect(a.type('purge rdr 2')).toEqual(['0001 FILE PURGED']);
    expect(a.type('purge rdr 7')).toEqual(['DMKCSU042E SPOOLID 0007 DOES NOT EXIST']);
    expect(a.type('purge rdr all')).toEqual(['0001 FILE PURGED']);
    expect(a.type('purge rdr all')).toEqual(['NO FILES PURGED']);
    expect(a.type('close 123')).toEqual(['DMKCFG040E DEV 123 DOES NOT EXIST']);
    expect(a.type('close 009')).toEqual(['DMKCFG040E DEV 009 DOES NOT EXIST']);
  });

  it('HOLD: the receiver cannot read a held file; CLOSE PURGE discards the output', async () => {
    const cp = withPrograms(system(DIRECT, { dataDir: dir }));
    const a = logon(cp, 'alice', 'alice');
    const b = logon(cp, 'bob', 'bob');
    a.type('spool punch to bob hold');
    await run(a, 'punch3');
    expect(a.type('close 00d')).toEqual(['PUN FILE 0001  TO  BOB      COPY 01 HOLD']);
    expect(b.take()).toEqual(['RDR FILE 0001 FROM ALICE    PUN COPY 01 HOLD']);
    expect(b.type('q rdr')).toEqual(['ORIGINID FILE CLASS RECDS    CPY HOLD', 'ALICE    0001 A PUN 00000003 01 USER']);
    await run(b, 'read');
    expect(readResult(cp, 'BOB').status).toBe(0x0e00);
    await run(a, 'punch3');
    expect(a.type('close 00d purge')).toEqual([]);
    expect(b.take()).toEqual([]);
    expect(b.type('q rdr').length).toBe(2);
  });

  it('CHANGE releases a held file; a reader reads only its class; CONT reads files as one', async () => {
    const cp = withPrograms(system(DIRECT, { dataDir: dir }));
    const a = logon(cp, 'alice', 'alice');
    const b = logon(cp, 'bob', 'bob');
    a.type('spool pun to bob hold class b');
    await run(a, 'punch3');
    a.type('close 00d');
    expect(b.take()).toEqual(['RDR FILE 0001 FROM ALICE    PUN COPY 01 HOLD']);
    expect(b.type('change rdr 1 nohold name deck one')).toEqual(['0001 FILE CHANGED']);
    expect(b.type('change rdr 9 hold')).toEqual(['DMKCSU042E SPOOLID 0009 DOES NOT EXIST']);
    expect(b.type('q rdr all')).toEqual([
      'ORIGINID FILE CLASS RECDS    CPY HOLD DATE  TIME     NAME     TYPE     DIST',
      'ALICE    0001 B PUN 00000003 01 NONE 01/01 18:41:51 DECK     ONE',
    ]);
    b.type('spool rdr class a');
    await run(b, 'read');
    expect(readResult(cp, 'BOB').status).toBe(0x0e00);
    a.type('spool pun nohold');
    await run(a, 'punch3');
    a.type('close 00d');
    b.take();
    b.type('spool 00c class b cont');
    await run(b, 'read');
    expect(readResult(cp, 'BOB')).toEqual({ count: 6, status: 0x0d00, cards: [...DECK, ...DECK] });
    expect(b.type('q rdr')).toEqual(['NO RDR FILES']);
  });

  it('a held printer file stays on the printer queue until CHANGE NOHOLD prints it', async () => {
    const cp = withPrograms(system(DIRECT, { dataDir: dir }));
    const a = logon(cp, 'alice', 'alice');
    await run(a, 'print2');
    expect(a.type('close 00e hold')).toEqual(['PRT FILE 0001  TO  ALICE    COPY 01 HOLD']);
    expect(a.type('q prt')).toEqual(['OWNERID  FILE CLASS RECDS    CPY HOLD', 'ALICE    0001 A PRT 00000002 01 USER']);
    expect(() => readFileSync(join(dir, 'printer.txt'))).toThrow();
    expect(a.type('change prt all nohold copy 2')).toEqual(['0001 FILE CHANGED']);
    expect(readFileSync(join(dir, 'printer.txt'), 'utf8')).toBe('HELLO PRINTER\nSECOND LINE\n'.repeat(2));
    expect(a.type('q prt')).toEqual(['NO PRT FILES']);
  });

  it('CLOSE 00C: a partly read file is purged, or kept with HOLD and read again from its first card', async () => {
    const cp = withPrograms(system(DIRECT, { dataDir: dir }));
    const a = logon(cp, 'alice', 'alice');
    await run(a, 'punch3');
    a.type('close 00d');
    await run(a, 'punch3');
    a.type('close 00d');
    const rdr = cp.users.get('ALICE')!.devices.get(0x00c)!;
    const readCard = (): { status: number; text: string } => {
      const data = new Uint8Array(80);
      const r = rdr.startCcw({ command: 0x02, flags: 0, count: 80, data, chained: false, prevCommand: 0, sequence: 0 }, () => undefined);
      if (r === 'pending') throw new Error('pending');
      return { status: r.unitStatus, text: fromEbcdic(data).trimEnd() };
    };
    expect(readCard()).toEqual({ status: 0x0c, text: 'CARD ONE' });
    expect(a.type('close 00c hold')).toEqual([]);
    expect(readCard()).toEqual({ status: 0x0c, text: 'CARD ONE' });
    expect(a.type('close rdr')).toEqual([]);
    expect(a.type('q rdr').slice(1)).toEqual(['ALICE    0002 A PUN 00000003 01 NONE']);
    a.type('spool rdr hold');
    for (const t of DECK) expect(readCard()).toEqual({ status: 0x0c, text: t });
    expect(readCard().status).toBe(0x0d);
    expect(a.type('q rdr').slice(1)).toEqual(['ALICE    0002 A PUN 00000003 01 NONE']);
  });

  it('a spool file full of records leaves the punch not ready (unit check, intervention required)', () => {
    const cp = system(DIRECT);
    const a = logon(cp, 'alice', 'alice');
    const pun = cp.users.get('ALICE')!.devices.get(0x00d)!;
    const card = toEbcdic('X'.padEnd(80));
    const write = () => {
      const r = pun.startCcw({ command: 0x01, flags: 0, count: 80, data: card, chained: false, prevCommand: 0, sequence: 0 }, () => undefined);
      if (r === 'pending') throw new Error('pending');
      return r.unitStatus;
    };
    for (let i = 0; i < MAX_RECORDS; i++) if (write() !== 0x0c) throw new Error(`card ${i}`);
    expect(write()).toBe(0x0e);
    expect(pun.sense()[0]).toBe(0x40);
    expect(a.type('close 00d')).toEqual(['PUN FILE 0001  TO  ALICE    COPY 01 NOHOLD']);
    expect(write()).toBe(0x0c);
    const long = pun.startCcw({ command: 0x01, flags: 0x20, count: 100, data: toEbcdic('Y'.repeat(100)), chained: false, prevCommand: 0, sequence: 0 }, () => undefined);
    expect(long).toEqual({ unitStatus: 0x0c, residual: 20 });
  });

  it('two readers of one user never read the same file', async () => {
    const cp = withPrograms(system(DIRECT.replace(' SPOOL 00D 2540 PUNCH A\n', ' SPOOL 00D 2540 PUNCH A\n SPOOL 01C 3505 *\n'), { dataDir: dir }));
    const a = logon(cp, 'alice', 'alice');
    await run(a, 'punch3');
    a.type('close 00d');
    const vm = cp.users.get('ALICE')!;
    const read = (devnum: number): number => {
      const r = vm.devices.get(devnum)!.startCcw({ command: 0x02, flags: 0, count: 80, data: new Uint8Array(80), chained: false, prevCommand: 0, sequence: 0 }, () => undefined);
      if (r === 'pending') throw new Error('pending');
      return r.unitStatus;
    };
    expect(a.type('q v').filter((l) => l.startsWith('RDR'))).toEqual(['RDR 00C CL * NOCONT NOHOLD EOF', 'RDR 01C CL * NOCONT NOHOLD EOF']);
    expect(read(0x00c)).toBe(0x0c);
    expect(read(0x01c)).toBe(0x0e);
    expect(vm.devices.get(0x01c)!.sense()[0]).toBe(0x40);
  });

  it('printer output goes to the system printer file when closed', async () => {
    const cp = withPrograms(system(DIRECT, { dataDir: dir }));
    const a = logon(cp, 'alice', 'alice');
    await run(a, 'print2');
    expect(a.type('q prt')).toEqual(['OWNERID  FILE CLASS RECDS    CPY HOLD', 'ALICE    0001 A PRT 00000002 01 NONE']);
    // The spoolid is not shown for a single released copy (CPGU scan 159).
    expect(a.type('close printer')).toEqual([]);
    expect(readFileSync(join(dir, 'printer.txt'), 'utf8')).toBe('HELLO PRINTER\nSECOND LINE\n');
    expect(a.type('q prt')).toEqual(['NO PRT FILES']);
  });

  it('SPOOL PRT TO a user: the printer file goes to that reader, each record led by its CCW command', async () => {
    const cp = withPrograms(system(DIRECT, { dataDir: dir }));
    const a = logon(cp, 'alice', 'alice');
    const b = logon(cp, 'bob', 'bob');
    a.type('spool printer to bob');
    await run(a, 'print2');
    expect(a.type('close 00e')).toEqual(['PRT FILE 0001  TO  BOB      COPY 01 NOHOLD']);
    expect(b.take()).toEqual(['RDR FILE 0001 FROM ALICE    PRT COPY 01 NOHOLD']);
    await run(b, 'read');
    const st = cp.users.get('BOB')!.cpu.storage;
    expect(st.read32(RESULT)).toBe(2);
    expect(st.read8(DATA)).toBe(0x09);
    expect(fromEbcdic(st.slice(DATA + 1, 20)).trimEnd()).toBe('HELLO PRINTER');
    expect(st.read8(DATA + 80)).toBe(0x09);
    expect(existsSync(join(dir, 'printer.txt'))).toBe(false);
  });

  it('LOGOFF and IPL close the open output files', async () => {
    const cp = withPrograms(system(DIRECT, { dataDir: dir }));
    const a = logon(cp, 'alice', 'alice');
    const b = logon(cp, 'bob', 'bob');
    a.type('spool 00d to bob');
    await run(a, 'punch3');
    const ipl = await run(a, 'punch3');
    expect(ipl[0]).toBe('PUN FILE 0001  TO  BOB      COPY 01 NOHOLD');
    const off = a.type('logoff');
    expect(off[0]).toBe('PUN FILE 0002  TO  BOB      COPY 01 NOHOLD');
    expect(off[2]).toMatch(/^LOGOFF AT /);
    expect(b.take()).toEqual(['RDR FILE 0001 FROM ALICE    PUN COPY 01 NOHOLD', 'RDR FILE 0002 FROM ALICE    PUN COPY 01 NOHOLD']);
  });

  it('TRANSFER moves reader files to another user', async () => {
    const cp = withPrograms(system(DIRECT, { dataDir: dir }));
    const a = logon(cp, 'alice', 'alice');
    const b = logon(cp, 'bob', 'bob');
    await run(a, 'punch3');
    a.type('close 00d');
    expect(a.type('transfer rdr 1 to bob')).toEqual(['0001 FILE TRANSFERRED']);
    expect(b.take()).toEqual(['RDR FILE 0001 FROM ALICE    RDR COPY 01 NOHOLD']);
    await run(b, 'read');
    expect(readResult(cp, 'BOB').cards).toEqual(DECK);
  });

  it('spool files survive a restart of the system, and spoolids go on from where they were', async () => {
    const cp1 = withPrograms(system(DIRECT, { dataDir: dir }));
    const a = logon(cp1, 'alice', 'alice');
    a.type('spool 00d to bob');
    await run(a, 'punch3');
    a.type('close 00d');
    cp1.shutdown();
    const cp2 = withPrograms(system(DIRECT, { dataDir: dir }));
    const b = logon(cp2, 'bob', 'bob');
    expect(b.type('q rdr')).toEqual(['ORIGINID FILE CLASS RECDS    CPY HOLD', 'ALICE    0001 A PUN 00000003 01 NONE']);
    await run(b, 'read');
    expect(readResult(cp2, 'BOB')).toEqual({ count: 3, status: 0x0d00, cards: DECK });
    const a2 = logon(cp2, 'alice', 'alice');
    await run(a2, 'punch3');
    expect(a2.type('close 00d')).toEqual(['PUN FILE 0002  TO  ALICE    COPY 01 NOHOLD']);
  });

  it('IPL 00C from a deck another user punched', async () => {
    const cp = withPrograms(system(DIRECT, { dataDir: dir }));
    const echo = namedSystem('ECHO', ECHO);
    const deck = iplDeck(echo.image, { origin: echo.origin });
    cp.namedSystems.set('PUNCHDECK', writer('PUNCHDECK', 0x00d, 0x01, 80, deck));
    const a = logon(cp, 'alice', 'alice');
    const b = logon(cp, 'bob', 'bob');
    a.type('spool pun to bob');
    await run(a, 'punchdeck');
    a.type('close 00d');
    b.take();
    b.type('ipl 00c');
    await until(() => b.port.read === 'VM READ');
    expect(b.take()).toEqual(['ECHO READY']);
    expect(cp.users.get('BOB')!.cpu.storage.read16(2)).toBe(0x00c);
  });
});
