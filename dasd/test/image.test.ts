import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildTrack, checkImage, copyCkdVolume, createCkdVolume, createFbaVolume, DasdImageError, findCkdGeometry, imageInfo, imageTrackSize, nullTrack, openCkdImage,
  openFbaImage, recordsPerTrack,
} from '../index.ts';
import { Journal } from '../src/image/journal.ts';
import { hexOf, tempDir } from './chain.ts';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());
let n = 0;
const file = (ext = '3350') => join(tmp.dir, `i${n++}.${ext}`);

function someTrack(cyl: number, head: number, seed: number, len = 3000): Uint8Array {
  const data = Uint8Array.from({ length: len }, (_, i) => (i * seed + (i >> 3)) & 0xff);
  return buildTrack(cyl, head, [
    { count: { cyl, head, record: 0, keyLength: 0, dataLength: 8 } },
    { count: { cyl, head, record: 1, keyLength: 3, dataLength: len }, key: Uint8Array.of(1, 2, 3), data },
  ]);
}

describe('geometry', () => {
  it('track image sizes and records per track match the device tables', () => {
    expect(imageTrackSize(findCkdGeometry('3350')!)).toBe(19456);
    expect(imageTrackSize(findCkdGeometry('3380')!)).toBe(47616);
    expect(imageTrackSize(findCkdGeometry('3330')!)).toBe(13312);
    // IBM reference summaries: 4096-byte keyless records per track
    expect(recordsPerTrack(findCkdGeometry('3350')!, 0, 4096)).toBe(4);
    expect(recordsPerTrack(findCkdGeometry('3380')!, 0, 4096)).toBe(10);
    expect(recordsPerTrack(findCkdGeometry('3330')!, 0, 4096)).toBe(3);
    expect(findCkdGeometry('2319')!.name).toBe('2314');
    expect(findCkdGeometry('3380-D')!.name).toBe('3380');
  });
});

describe('image round trips', () => {
  for (const compressed of [false, true]) {
    it(`${compressed ? 'CCKD' : 'CKD'}: tracks written read back after close and reopen; rewrites of other lengths keep every track`, () => {
      const p = file();
      createCkdVolume(p, '3350', 'RT0001', 4, { compressed });
      const img = openCkdImage(p);
      expect(img.format).toBe(compressed ? 'cckd' : 'ckd');
      const written = new Map<number, Uint8Array>();
      for (let i = 0; i < 200; i++) {
        const t = (i * 37) % 120;
        const image = someTrack(Math.floor(t / 30), t % 30, i + 1, 100 + ((i * 131) % 9000));
        img.writeTrack(t, image);
        written.set(t, image);
      }
      img.close();
      const again = openCkdImage(p);
      for (const [t, image] of written) expect(hexOf(again.readTrack(t))).toBe(hexOf(image));
      expect(hexOf(again.readTrack(119 - 1))).toBe(hexOf(written.get(118) ?? nullTrack(3, 28)));
      again.close();
      expect(checkImage(p)).toMatchObject({ ok: true, problems: [] });
    });
  }

  it('CCKD: after close the header accounts for every byte and free space is chained', () => {
    const p = file();
    createCkdVolume(p, '3350', 'RT0002', 20, { compressed: true });
    const img = openCkdImage(p);
    for (let i = 0; i < 50; i++) {
      const t = (i % 10) * 60 + 1; // spread over three level-2 tables
      img.writeTrack(t, someTrack(Math.floor(t / 30), t % 30, i + 3, 500 + i * 97));
    }
    img.close();
    const raw = readFileSync(p);
    for (let i = 0; i < raw.readInt32LE(512 + 4); i++) expect(raw.readUInt32LE(1024 + 4 * i) % 8).toBe(0); // no L2 entry crosses a page
    const info = imageInfo(p);
    expect(info.compressed!.closedCleanly).toBe(true);
    expect(info.compressed!.used + info.compressed!.free).toBe(statSync(p).size);
    expect(checkImage(p).ok).toBe(true);
  });

  it('multi-file CKD volume: files name_1, name_2 ..., headers chained by high cylinder; opens from the first file', () => {
    const p = join(tmp.dir, 'multi.3350');
    const cylBytes = 19456 * 30;
    const files = createCkdVolume(p, '3350', 'MULTI1', 5, { maxFileBytes: 512 + 2 * cylBytes });
    expect(files.map((f) => f.slice(tmp.dir.length + 1))).toEqual(['multi_1.3350', 'multi_2.3350', 'multi_3.3350']);
    const first = readFileSync(files[0]!);
    expect([first[17], first[18], first[19]]).toEqual([1, 1, 0]); // seq 1, high cylinder 1
    const lastFile = readFileSync(files[2]!);
    expect([lastFile[17], lastFile[18], lastFile[19]]).toEqual([3, 0, 0]);
    const img = openCkdImage(files[0]!);
    expect(img.cylinders).toBe(5);
    const t = someTrack(3, 7, 9);
    img.writeTrack(3 * 30 + 7, t);
    img.close();
    expect(statSync(files[1]!).size).toBe(512 + 2 * cylBytes);
    const again = openCkdImage(files[0]!, { readOnly: true });
    expect(hexOf(again.readTrack(3 * 30 + 7))).toBe(hexOf(t));
    again.close();
  });

  it('shadow file: writes go to the shadow, the base stays as it was; reopening base + shadow shows them', () => {
    const base = file();
    createCkdVolume(base, '3350', 'BASE01', 2);
    const before = readFileSync(base);
    const sf = join(tmp.dir, 'base.shadow');
    const img = openCkdImage(base, { shadow: sf });
    expect(img.format).toBe('shadow');
    const t = someTrack(1, 2, 5);
    img.writeTrack(32, t);
    expect(hexOf(img.readTrack(0))).toBe(hexOf(openCkdImage(base, { readOnly: true }).readTrack(0)));
    img.close();
    expect(readFileSync(base).equals(before)).toBe(true);
    expect(readFileSync(sf).subarray(0, 8).toString('latin1')).toBe('CKD_S370');
    const again = openCkdImage(base, { shadow: sf, readOnly: true });
    expect(hexOf(again.readTrack(32))).toBe(hexOf(t));
    expect(hexOf(again.readTrack(33))).toBe(hexOf(nullTrack(1, 3)));
    again.close();
    expect(() => openCkdImage(sf)).toThrow(/shadow file/);
  });

  it('copy converts CKD to CCKD and back, track for track', () => {
    const p = file();
    createCkdVolume(p, '3330', 'COPY01', 3);
    const img = openCkdImage(p);
    img.writeTrack(20, someTrack(1, 1, 11));
    img.close();
    const z = file('cckd');
    copyCkdVolume(p, z, { compressed: true });
    const back = file('3330');
    copyCkdVolume(z, back, { compressed: false });
    expect(readFileSync(back).equals(readFileSync(p))).toBe(true);
    expect(statSync(z).size).toBeLessThan(20000);
  });

  it('FBA image: blocks round trip; the label is in block 1', () => {
    const p = file('fba');
    createFbaVolume(p, '3310', 'FBA002', 64);
    const img = openFbaImage(p, '3310');
    expect(img.blocks).toBe(64);
    const data = Uint8Array.from({ length: 1024 }, (_, i) => i & 0xff);
    img.writeBlocks(10, data);
    img.close();
    expect(hexOf(openFbaImage(p, '3310', { readOnly: true }).readBlocks(10, 2))).toBe(hexOf(data));
    expect(imageInfo(p, '3310').label).toEqual({ kind: 'VOL1', volser: 'FBA002' });
  });
});

describe('the write journal of in-place images', () => {
  it('a journaled write that never reached its place is applied by the next open', () => {
    const p = file();
    createCkdVolume(p, '3350', 'JRNL01', 1);
    const t = someTrack(0, 5, 4);
    const padded = new Uint8Array(19456);
    padded.set(t);
    // what a writer killed between the journal write and the in-place write leaves
    new Journal(p, false).record(0, 512 + 5 * 19456, padded);
    expect(checkImage(p).notes.join(' ')).toMatch(/journal/);
    const ro = openCkdImage(p, { readOnly: true });
    expect(hexOf(ro.readTrack(5))).toBe(hexOf(t));
    ro.close();
    const rw = openCkdImage(p);
    expect(hexOf(rw.readTrack(5))).toBe(hexOf(t));
    rw.close();
    expect(existsSync(`${p}.journal`)).toBe(false);
  });

  it('a journal record cut short is ignored', () => {
    const p = file();
    createCkdVolume(p, '3350', 'JRNL02', 1);
    const padded = new Uint8Array(19456);
    padded.set(someTrack(0, 6, 4));
    new Journal(p, false).record(0, 512 + 6 * 19456, padded);
    const j = readFileSync(`${p}.journal`);
    writeFileSync(`${p}.journal`, j.subarray(0, 5000));
    const img = openCkdImage(p);
    expect(hexOf(img.readTrack(6))).toBe(hexOf(nullTrack(0, 6)));
    img.close();
  });
});

describe('bad image files give clear errors', () => {
  const cases: Array<[string, (p: string) => void, RegExp]> = [
    ['missing', () => {}, /no such file/],
    ['not an image', (p) => writeFileSync(p, 'hello world'), /not a DASD image/],
    ['truncated CKD', (p) => {
      createCkdVolume(p, '3350', 'BAD001', 1);
      writeFileSync(p, readFileSync(p).subarray(0, 10000));
    }, /not header \+ whole cylinders/],
    ['CCKD with a broken L1 entry', (p) => {
      createCkdVolume(p, '3350', 'BAD002', 1, { compressed: true });
      const b = readFileSync(p);
      b.writeUInt32LE(0x7fffff00, 1024);
      writeFileSync(p, b);
    }, /outside the file/],
    ['CCKD header with an impossible cylinder count', (p) => {
      createCkdVolume(p, '3350', 'BAD003', 1, { compressed: true });
      const b = readFileSync(p);
      b.writeUInt32LE(99, 512 + 40);
      writeFileSync(p, b);
    }, /inconsistent/],
  ];
  for (const [name, make, message] of cases) {
    it(name, () => {
      const p = file();
      make(p);
      let err: unknown;
      try {
        openCkdImage(p).close();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DasdImageError);
      expect((err as Error).message).toMatch(message);
    });
  }

  it('a CCKD track whose compressed bytes are damaged is reported by check and read as a data error', () => {
    const p = file();
    createCkdVolume(p, '3350', 'BAD004', 1, { compressed: true });
    const img = openCkdImage(p);
    img.writeTrack(3, someTrack(0, 3, 7, 8000));
    img.close();
    const b = readFileSync(p);
    const l2 = b.readUInt32LE(1024);
    const pos = b.readUInt32LE(l2 + 3 * 8);
    expect(b[pos]).toBe(1); // zlib
    for (let i = 10; i < 40; i++) b[pos + i] ^= 0x55;
    writeFileSync(p, b);
    const r = checkImage(p);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatch(/track 3: compressed image is damaged/);
  });
});
