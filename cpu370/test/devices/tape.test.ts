// 3420 tape on AWS images: motion commands, tape marks, load point, end of tape,
// read-only tapes, damaged images, and the AWS bytes written.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAws, Tape } from '../../index.ts';
import { devRig, tempDir } from './helpers.ts';

const SLI = 0x20;
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

const seq = (n: number, from = 1) => Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);
const B1 = seq(100);
const B2 = seq(30, 101);
const B3 = seq(5, 201);

function mounted(items: (Uint8Array | null)[] = [B1, B2, null, B3, null], args: string[] = []) {
  const f = tmp.path('t.aws');
  writeFileSync(f, buildAws(items));
  const tape = new Tape(0x180, 0x3420, [f, ...args]);
  const r = devRig(tape);
  return { r, f, tape };
}

describe('AWS format', () => {
  it('buildAws writes 6-byte little-endian headers with the block flags', () => {
    expect([...buildAws([Uint8Array.of(9, 8, 7), null, Uint8Array.of(1)])]).toEqual([
      3, 0, 0, 0, 0xa0, 0, 9, 8, 7,
      0, 0, 3, 0, 0x40, 0,
      1, 0, 0, 0, 0xa0, 0, 1,
    ]);
  });
});

describe('3420 tape', () => {
  it('reads blocks in order, a tape mark as unit exception, then the next file', () => {
    const { r } = mounted();
    expect(r.sense(2)).toEqual([0x00, 0x48]); // ready, at load point
    expect(r.one(0x02, 0x1000, 0, 100)).toBe('0 00000108 0C000000');
    expect(r.bytes(0x1000, 100)).toEqual([...B1]);
    expect(r.sense(2)).toEqual([0x00, 0x40]);
    expect(r.one(0x02, 0x2000, 0, 100)).toBe('0 00000108 0C400046');
    expect(r.bytes(0x2000, 30)).toEqual([...B2]);
    expect(r.one(0x02, 0x2000, 0, 100)).toBe('0 00000108 0D400064');
    expect(r.one(0x02, 0x3000, SLI, 100)).toBe('0 00000108 0C00005F');
    expect(r.bytes(0x3000, 5)).toEqual([...B3]);
  });

  it('a block longer than the count is truncated with incorrect length unless SLI', () => {
    const { r } = mounted();
    expect(r.one(0x02, 0x1000, 0, 10)).toBe('0 00000108 0C400000');
    expect(r.bytes(0x1000, 11)).toEqual([...B1.subarray(0, 10), 0]);
    expect(r.one(0x02, 0x1000, SLI, 10)).toBe('0 00000108 0C000000');
    expect(r.bytes(0x1000, 10)).toEqual([...B2.subarray(0, 10)]);
  });

  it('forward and backward spacing over blocks and files', () => {
    const { r } = mounted();
    expect(r.one(0x3f, 0, SLI, 1)).toBe('1 00000108 0C000001'); // FSF: past the first tape mark
    expect(r.one(0x02, 0x1000, SLI, 10)).toBe('0 00000108 0C000005');
    expect(r.bytes(0x1000, 5)).toEqual([...B3]);
    expect(r.one(0x27, 0, SLI, 1)).toBe('1 00000108 0C000001'); // BSB over B3
    expect(r.one(0x27, 0, SLI, 1)).toBe('1 00000108 0D000001'); // BSB over the tape mark
    expect(r.one(0x2f, 0, SLI, 1)).toBe('1 00000108 0C000001'); // BSF: to load point (no earlier mark)
    expect(r.sense(2)).toEqual([0x00, 0x48]);
    expect(r.one(0x37, 0, SLI, 1)).toBe('1 00000108 0C000001'); // FSB over B1
    expect(r.one(0x37, 0, SLI, 1)).toBe('1 00000108 0C000001'); // FSB over B2
    expect(r.one(0x37, 0, SLI, 1)).toBe('1 00000108 0D000001'); // FSB over the tape mark
    expect(r.one(0x02, 0x1000, SLI, 10)).toBe('0 00000108 0C000005');
  });

  it('read backward gives the block last byte first, stored downwards from the CCW address', () => {
    const { r } = mounted();
    r.one(0x37, 0, SLI, 1);
    r.one(0x37, 0, SLI, 1); // after B2
    expect(r.one(0x0c, 0x101d, SLI, 30)).toBe('0 00000108 0C000000');
    expect(r.bytes(0x1000, 30)).toEqual([...B2]);
    expect(r.one(0x0c, 0x2063, 0, 100)).toBe('0 00000108 0C000000');
    expect(r.bytes(0x2000, 100)).toEqual([...B1]);
    expect(r.one(0x0c, 0x2063, SLI, 100)).toBe('1 00000108 0E000064'); // at load point
    expect(r.sense(2)).toEqual([0x80, 0x48]);
  });

  it('write and write tape mark replace everything after the position', () => {
    const { r, f, tape } = mounted();
    r.one(0x37, 0, SLI, 1); // after B1
    r.storage.load(0x1000, Uint8Array.of(0xaa, 0xbb));
    expect(r.one(0x01, 0x1000, 0, 2)).toBe('0 00000108 0C000000');
    expect(r.one(0x1f, 0, SLI, 1)).toBe('1 00000108 0C000001');
    tape.close();
    expect([...readFileSync(f)]).toEqual([...buildAws([B1, Uint8Array.of(0xaa, 0xbb), null])]);
  });

  it('rewind returns to load point; rewind-unload leaves no tape (intervention required)', () => {
    const { r } = mounted();
    r.one(0x02, 0x1000, SLI, 100);
    expect(r.one(0x07, 0, SLI, 1)).toBe('1 00000108 0C000001');
    expect(r.sense(2)).toEqual([0x00, 0x48]);
    expect(r.one(0x0f, 0, SLI, 1)).toBe('1 00000108 0C000001');
    expect(r.one(0x02, 0x1000, SLI, 100)).toBe('1 00000108 0E000064');
    expect(r.sense(2)).toEqual([0x40, 0x00]);
  });

  it('a read-only tape rejects writes and shows file protect', () => {
    const { r } = mounted(undefined, ['ro']);
    expect(r.one(0x01, 0x1000, SLI, 10)).toBe('1 00000108 0E00000A');
    expect(r.sense(2)).toEqual([0x80, 0x4a]);
  });

  it('reading into a damaged block is a data check; spacing past the recorded data an equipment check', () => {
    const f = tmp.path('bad.aws');
    const good = buildAws([B1]);
    const broken = Buffer.concat([good, Buffer.from([50, 0, 100, 0, 0xa0, 0]), Buffer.alloc(10)]);
    writeFileSync(f, broken);
    const r = devRig(new Tape(0x180, 0x3420, [f]));
    expect(r.one(0x02, 0x1000, SLI, 100)).toBe('0 00000108 0C000000');
    // A data check arises during the operation: SIO has set CC 0 and the status comes later.
    expect(r.one(0x02, 0x1000, SLI, 100)).toBe('0 00000108 0E000064');
    expect(r.sense(1)).toEqual([0x08]);
    const { r: r2 } = mounted([B3]);
    r2.one(0x02, 0x1000, SLI, 10);
    expect(r2.one(0x37, 0, SLI, 1)).toBe('1 00000108 0E000001');
    expect(r2.sense(1)).toEqual([0x10]); // past the recorded data: equipment check, as Hercules
  });

  it('a header with a wrong previous length marks the rest of the image as damaged', () => {
    const f = tmp.path('bad2.aws');
    const img = Buffer.from(buildAws([B3, B3]));
    img[11 + 2] = 9; // second header's previous-length field
    writeFileSync(f, img);
    const tape = new Tape(0x180, 0x3420, [f]);
    const r = devRig(tape);
    expect(tape.describe()).toContain('damaged: bad header at offset 11');
    expect(r.one(0x02, 0x1000, SLI, 10)).toBe('0 00000108 0C000005');
    expect(r.one(0x02, 0x1000, SLI, 10)).toBe('0 00000108 0E00000A');
  });

  it('maxsize and eotmargin: unit exception past the end-of-tape marker, unit check beyond the end', () => {
    const f = tmp.path('new.aws');
    const r = devRig(new Tape(0x180, 0x3420, [f, 'maxsize=40', 'eotmargin=20']));
    r.storage.load(0x1000, seq(10));
    expect(r.one(0x01, 0x1000, 0, 10)).toBe('0 00000108 0C000000'); // 16 bytes
    expect(r.one(0x01, 0x1000, 0, 10)).toBe('0 00000108 0D000000'); // 32 > 40 - 20
    expect(r.sense(5)).toEqual([0, 0x40, 0, 0, 0x20]);
    expect(r.one(0x01, 0x1000, SLI, 10)).toBe('0 00000108 0F00000A'); // 48 > 40
    expect(readFileSync(f).length).toBe(32);
  });

  it('no tape: intervention required; unknown commands are rejected; mode set is accepted', () => {
    const r = devRig(new Tape(0x181, 0x3420, ['*']));
    expect(r.one(0x07, 0, SLI, 1)).toBe('1 00000108 0E000001');
    expect(r.sense(24)).toEqual([0x40, ...new Array(23).fill(0)]);
    const { r: m } = mounted();
    expect(m.one(0xc3, 0, SLI, 1)).toBe('1 00000108 0C000001');
    expect(m.one(0x05, 0x1000, SLI, 1)).toBe('1 00000108 0E000001');
    expect(m.sense(1)).toEqual([0x80]);
  });
});
