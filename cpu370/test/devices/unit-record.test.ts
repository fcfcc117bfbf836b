// Card reader, card punch and printer: commands, host files, status and sense.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CardPunch, CardReader, Printer, toEbcdic } from '../../index.ts';
import { devRig, tempDir } from './helpers.ts';

const SLI = 0x20;
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

function card(text: string): Uint8Array {
  const c = new Uint8Array(80).fill(0x40);
  c.set(toEbcdic(text));
  return c;
}

describe('card reader', () => {
  it('reads 80-byte EBCDIC cards, then unit exception at end of file with eof', () => {
    const f = tmp.path('deck.ebc');
    writeFileSync(f, Buffer.concat([card('FIRST'), card('SECOND')]));
    const r = devRig(new CardReader(0x00c, 0x3505, [f, 'ebcdic', 'eof']));
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0C000000');
    expect(r.bytes(0x1000, 6)).toEqual([0xc6, 0xc9, 0xd9, 0xe2, 0xe3, 0x40]);
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0C000000');
    expect(r.bytes(0x1000, 6)).toEqual([...toEbcdic('SECOND')]);
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0D400050');
    // After end of file the hopper is empty: intervention required.
    expect(r.one(0x02, 0x1000, SLI, 80)).toBe('1 00000108 0E000050');
    expect(r.sense(4)).toEqual([0x40, 0x10, 0, 0]);
  });

  it('without eof (intrq) the end of the file is unit check with intervention required', () => {
    const f = tmp.path('deck.ebc');
    writeFileSync(f, card('ONLY'));
    const r = devRig(new CardReader(0x00c, 0x3505, [f]));
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0C000000');
    expect(r.one(0x02, 0x1000, SLI, 80)).toBe('1 00000108 0E000050');
    expect(r.sense(4)).toEqual([0x40, 0x10, 0, 0]);
    expect(r.sense(4)).toEqual([0x40, 0x10, 0, 0]); // still no cards: intervention required again
  });

  it('converts text: CR dropped, tabs to every 8th column, short lines padded with blanks', () => {
    const f = tmp.path('deck.txt');
    writeFileSync(f, 'AB\tC\r\nxyz 1\n');
    const r = devRig(new CardReader(0x00c, 0x3505, [f, 'ascii', 'eof']));
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0C000000');
    expect(r.bytes(0x1000, 10)).toEqual([0xc1, 0xc2, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0xc3, 0x40]);
    expect(r.bytes(0x1000, 80)).toEqual([...card('AB      C')]);
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0C000000');
    expect(r.bytes(0x1000, 5)).toEqual([0xa7, 0xa8, 0xa9, 0x40, 0xf1]);
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0D400050');
  });

  it('detects text automatically; a line longer than 80 is a data check unless trunc', () => {
    const f = tmp.path('long.txt');
    writeFileSync(f, 'X'.repeat(81) + '\n');
    const r = devRig(new CardReader(0x00c, 0x3505, [f]));
    expect(r.one(0x02, 0x1000, SLI, 80)).toBe('0 00000108 0E000050');
    expect(r.sense(1)).toEqual([0x08]);
    r.ch.device(0x00c)!.reinit!([f, 'trunc', 'eof']);
    expect(r.io('TIO', 0x00c)).toBe(1); // device end from devinit
    expect(r.csw()).toBe('00000000 04000000');
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0C000000');
    expect(r.bytes(0x1000, 80)).toEqual(new Array(80).fill(0xe7));
  });

  it('a queue of files: end of file after each, or read as one with multifile', () => {
    const a = tmp.path('a.ebc');
    const b = tmp.path('b.txt');
    writeFileSync(a, card('A'));
    writeFileSync(b, 'B\n'); // each file is detected as EBCDIC or text by itself
    const r = devRig(new CardReader(0x00c, 0x3505, [a, b, 'eof']));
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0C000000');
    expect(r.storage.read8(0x1000)).toBe(0xc1);
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0D400050');
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0C000000');
    expect(r.storage.read8(0x1000)).toBe(0xc2);
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0D400050');
    const m = devRig(new CardReader(0x00c, 0x3505, [a, b, 'eof', 'multifile']));
    m.one(0x02, 0x1000, 0, 80);
    expect(m.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0C000000');
    expect(m.storage.read8(0x1000)).toBe(0xc2);
    expect(m.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0D400050');
  });

  it('a partial last EBCDIC card is a data check unless autopad', () => {
    const f = tmp.path('p.ebc');
    writeFileSync(f, Buffer.concat([card('A'), Buffer.from([0xc2, 0xc3])]));
    const r = devRig(new CardReader(0x00c, 0x3505, [f, 'ebcdic']));
    expect(r.one(0x02, 0x1000, SLI, 80)).toBe('0 00000108 0E000050');
    expect(r.sense(1)).toEqual([0x08]);
    r.ch.device(0x00c)!.reinit!([f, 'ebcdic', 'autopad']);
    // The device end that devinit presents makes SIO find the device with status pending.
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('1 00000108 14000000'); // status portion only
    r.one(0x02, 0x1000, 0, 80);
    expect(r.one(0x02, 0x1000, 0, 80)).toBe('0 00000108 0C000000');
    expect(r.bytes(0x1000, 3)).toEqual([0xc2, 0xc3, 0x00]);
  });

  it('a missing file is an equipment check', () => {
    const r = devRig(new CardReader(0x00c, 0x3505, [tmp.path('nope.ebc')]));
    expect(r.one(0x02, 0x1000, SLI, 80)).toBe('0 00000108 0E000050');
    expect(r.sense(1)).toEqual([0x10]);
  });

  it('feed and NOP are immediate; a write is rejected; sense ID names a 2821', () => {
    const r = devRig(new CardReader(0x00c, 0x3505, []));
    expect(r.one(0x03, 0, 0, 1)).toBe('1 00000108 0C000000');
    expect(r.one(0x23, 0, 0, 1)).toBe('1 00000108 0C000000');
    expect(r.one(0x01, 0x1000, SLI, 80)).toBe('1 00000108 0E000050');
    expect(r.sense(4)).toEqual([0x80, 0, 0, 0]);
    expect(r.one(0xe4, 0x2000, 0, 7)).toBe('0 00000108 0C000000');
    expect(r.bytes(0x2000, 7)).toEqual([0xff, 0x28, 0x21, 0x01, 0x35, 0x05, 0x01]);
  });
});

describe('card punch', () => {
  it('punches 80-byte EBCDIC cards padded with blanks; longer counts leave a residual', () => {
    const f = tmp.path('out.pch');
    const p = new CardPunch(0x00d, 0x3525, [f]);
    const r = devRig(p);
    r.storage.load(0x1000, toEbcdic('HELLO'));
    expect(r.one(0x01, 0x1000, 0, 5)).toBe('0 00000108 0C000000');
    r.storage.load(0x2000, new Uint8Array(90).fill(0xf1));
    expect(r.one(0x41, 0x2000, 0, 90)).toBe('0 00000108 0C40000A');
    p.close();
    const out = readFileSync(f);
    expect(out.length).toBe(160);
    expect([...out.subarray(0, 80)]).toEqual([...card('HELLO')]);
    expect([...out.subarray(80)]).toEqual(new Array(80).fill(0xf1));
  });

  it('ascii writes text lines without trailing blanks', () => {
    const f = tmp.path('out.txt');
    const p = new CardPunch(0x00d, 0x3525, [f, 'ascii']);
    const r = devRig(p);
    r.storage.load(0x1000, card('PUNCH ME'));
    r.one(0x01, 0x1000, 0, 80);
    r.one(0x01, 0x1000, 0, 80);
    p.close();
    expect(readFileSync(f, 'latin1')).toBe('PUNCH ME\nPUNCH ME\n');
  });

  it('no file: intervention required; a read is rejected; sense is one byte', () => {
    const r = devRig(new CardPunch(0x00d, 0x3525, ['*']));
    expect(r.one(0x01, 0x1000, SLI, 80)).toBe('1 00000108 0E000050');
    expect(r.sense(1)).toEqual([0x40]);
    expect(r.one(0x02, 0x1000, SLI, 80)).toBe('1 00000108 0E000050');
    expect(r.sense(2)).toEqual([0x80, 0xee]);
  });
});

describe('printer', () => {
  function printer(args: string[] = []) {
    const f = tmp.path('prt.txt');
    const p = new Printer(0x00e, 0x1403, [f, ...args]);
    const r = devRig(p);
    const line = (cmd: number, text: string) => {
      r.storage.load(0x1000, card(text));
      return r.one(cmd, 0x1000, 0, 80);
    };
    return { r, p, line, text: () => (p.close(), readFileSync(f, 'latin1')) };
  }

  it('write and space, write without space, immediate space, and skip to channel 1 on a new page', () => {
    const t = printer();
    expect(t.line(0x09, 'LINE ONE')).toBe('0 00000108 0C000000');
    t.line(0x11, 'LINE TWO');
    t.line(0x01, 'OVER');
    t.line(0x09, '____');
    expect(t.r.one(0x1b, 0, 0, 1)).toBe('1 00000108 0C000001');
    expect(t.r.one(0x8b, 0, 0, 1)).toBe('1 00000108 0C000001');
    t.line(0x19, 'PAGE 2');
    expect(t.text()).toBe('LINE ONE\nLINE TWO\n\nOVER\r____\n\n\n\n\fPAGE 2\n\n\n');
  });

  it('skips to the lines of the default FCB and to a loaded FCB', () => {
    const t = printer();
    t.line(0x91, 'AT LINE 1'); // write, skip to channel 2 (line 7)
    t.line(0x09, 'AT LINE 7');
    expect(t.text()).toBe('AT LINE 1\n\n\n\n\n\nAT LINE 7\n');
    const u = printer();
    // FCB: 6 lines, channel 1 at line 1, channel 5 at line 4, last line flagged.
    u.r.storage.load(0x2000, Uint8Array.of(0x01, 0x00, 0x00, 0x05, 0x00, 0x10));
    expect(u.r.one(0x63, 0x2000, 0, 6)).toBe('1 00000108 0C000000');
    u.line(0xa9, 'X'); // write, skip to channel 5
    u.line(0x19, 'Y'); // line 4, space 3: lines 5, 6, 1
    u.line(0xa9, 'Z'); // line 1, skip to channel 5: line 4
    expect(u.text()).toBe('X\n\n\nY\n\n\nZ\n\n\n');
  });

  it('a skip to a channel not in the FCB is an equipment check; an FCB without an end flag is rejected', () => {
    const t = printer();
    t.r.storage.load(0x2000, Uint8Array.of(0x01, 0x00, 0x10));
    expect(t.r.one(0x63, 0x2000, 0, 3)).toBe('1 00000108 0C000000');
    expect(t.r.one(0xb3, 0, SLI, 1)).toBe('1 00000108 0E000001');
    expect(t.r.sense(1)).toEqual([0x10]);
    t.r.storage.load(0x2000, Uint8Array.of(0x01, 0x00, 0x00));
    expect(t.r.one(0x63, 0x2000, SLI, 3)).toBe('1 00000108 0E000003');
    expect(t.r.sense(1)).toEqual([0x80]);
  });

  it('no file: intervention required; sense ID and reads are rejected; NOP is immediate', () => {
    const r = devRig(new Printer(0x00e, 0x1403, []));
    expect(r.one(0x09, 0x1000, SLI, 80)).toBe('1 00000108 0E000050');
    expect(r.sense(1)).toEqual([0x40]);
    expect(r.one(0x03, 0, 0, 1)).toBe('1 00000108 0C000001');
    expect(r.one(0xe4, 0x1000, SLI, 7)).toBe('1 00000108 0E000007');
    expect(r.sense(1)).toEqual([0x80]);
  });

  it('fold prints lower case as upper case', () => {
    const t = printer();
    expect(t.r.one(0x43, 0, 0, 1)).toBe('1 00000108 0C000001');
    t.line(0x09, 'abc');
    expect(t.text()).toBe('ABC\n');
  });
});

describe('text files are UTF-8', () => {
  it('the reader converts UTF-8 text; printer and ascii punch write UTF-8', () => {
    const f = tmp.path('u.txt');
    writeFileSync(f, '¢5 ¬A\n'); // not ASCII: auto-detection (Hercules' rule) would take it for EBCDIC
    const r = devRig(new CardReader(0x00c, 0x3505, [f, 'ascii', 'eof']));
    r.one(0x02, 0x1000, 0, 80);
    expect(r.bytes(0x1000, 6)).toEqual([0x4a, 0xf5, 0x40, 0x5f, 0xc1, 0x40]);
    const out = tmp.path('p.txt');
    const p = new Printer(0x00e, 0x1403, [out]);
    const q = devRig(p);
    q.storage.load(0x1000, Uint8Array.of(0x4a, 0xf5, 0x40, 0x5f, 0xc1));
    q.one(0x09, 0x1000, 0, 5);
    p.close();
    expect(readFileSync(out, 'utf8')).toBe('¢5 ¬A\n');
  });
});
