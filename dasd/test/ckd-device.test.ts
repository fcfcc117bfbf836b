import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { US_CE_DE, US_STATUS_MODIFIER, US_UNIT_CHECK, US_UNIT_EXCEPTION, toEbcdic } from '../../cpu370/index.ts';
import { CkdDevice } from '../src/ckd-device.ts';
import { CKD_GEOMETRIES, findCkdGeometry } from '../src/geometry.ts';
import { createCkdVolume, vol1Record } from '../src/image/create.ts';
import { openCkdImage } from '../src/image/open.ts';
import { bytes, countField, hexOf, idOf, last, runChain, seekTo, tempDir, type TestCcw } from './chain.ts';

const UC = US_CE_DE | US_UNIT_CHECK;
const SM = US_CE_DE | US_STATUS_MODIFIER;
let tmp: ReturnType<typeof tempDir>;
let n = 0;

beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

function device(type = '3350', cyls = 3, compressed = false): CkdDevice {
  const path = join(tmp.dir, `v${n++}.${type}`);
  createCkdVolume(path, type, 'TST001', cyls, { compressed });
  return new CkdDevice(0x190, openCkdImage(path));
}

/** Seek, Search ID Equal R0, TIC, Write CKD for each record: formats a track. */
function formatTrack(cyl: number, head: number, records: Array<{ rec: number; key?: number[]; data: number[] | Uint8Array }>): TestCcw[] {
  const p: TestCcw[] = [seekTo(cyl, head), { cmd: 0x31, data: idOf(cyl, head, 0) }, { cmd: 0x08, to: 1 }];
  for (const r of records) {
    const key = r.key ?? [];
    p.push({ cmd: 0x1d, data: [...countField(cyl, head, r.rec, key.length, r.data.length), ...key, ...r.data] });
  }
  return p;
}

describe('CKD reads of a dasdinit-style volume', () => {
  it('Seek, Search ID Equal, TIC, Read Data returns the VOL1 label', () => {
    const dev = device();
    const o = runChain(dev, [seekTo(0, 0), { cmd: 0x31, data: idOf(0, 0, 3) }, { cmd: 0x08, to: 1 }, { cmd: 0x06, count: 80 }]);
    // Seek; Search ID compares R0, R1, R2 unequal (no skip), R3 equal (status modifier); Read Data
    expect(o.map((x) => x.status)).toEqual([US_CE_DE, US_CE_DE, US_CE_DE, US_CE_DE, SM, US_CE_DE]);
    expect(last(o).data).toEqual(vol1Record('TST001'));
    expect(last(o).residual).toBe(0);
  });

  it('Read IPL reads the data of record 1 on cylinder 0 head 0', () => {
    const dev = device();
    const o = runChain(dev, [{ cmd: 0x02, count: 24 }]);
    expect(o[0]!.status).toBe(US_CE_DE);
    expect(Array.from(o[0]!.data.subarray(0, 16))).toEqual([0, 6, 0, 0, 0, 0, 0, 0x0f, 3, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('Read Count from index skips R0; Read R0 and Read HA read them', () => {
    const dev = device();
    const o = runChain(dev, [seekTo(0, 0), { cmd: 0x12, count: 8 }, { cmd: 0x1a, count: 5 }, { cmd: 0x16, count: 16 }]);
    expect(Array.from(o[1]!.data)).toEqual(countField(0, 0, 1, 4, 24));
    expect(Array.from(o[2]!.data)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(o[3]!.data)).toEqual([...countField(0, 0, 0, 0, 8), 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('Read Count with a short count reports more data and no residual', () => {
    const dev = device();
    const o = runChain(dev, [seekTo(0, 0), { cmd: 0x12, count: 4 }]);
    expect(last(o)).toMatchObject({ status: US_CE_DE, residual: 0, more: true });
    expect(Array.from(last(o).data)).toEqual([0, 0, 0, 0]);
  });

  it('Read Key and Data after Search Key Equal', () => {
    const dev = device();
    const key = Array.from(toEbcdic('IPL2'));
    const o = runChain(dev, [seekTo(0, 0), { cmd: 0x29, data: key }, { cmd: 0x08, to: 1 }, { cmd: 0x06, count: 144 }]);
    expect(o[1]!.status).toBe(US_CE_DE); // IPL1 key is lower
    expect(o[2]!.status).toBe(SM);
    expect(last(o).data.length).toBe(144);
  });

  it('Search ID Equal for a record that is not there ends in No Record Found after two index passes', () => {
    const dev = device();
    const o = runChain(dev, [seekTo(0, 0), { cmd: 0x31, data: idOf(0, 0, 9) }, { cmd: 0x08, to: 1 }, { cmd: 0x06 }]);
    expect(last(o).status).toBe(UC);
    const sense = dev.sense();
    expect(sense.length).toBe(24);
    expect(sense[0]).toBe(0);
    expect(sense[1]).toBe(0x08);
    expect(sense[4]).toBe(0x80 >> (0x190 & 7)); // 3350: drive bit
  });

  it('Search ID High and Equal-or-High', () => {
    const dev = device();
    const high = runChain(dev, [seekTo(0, 0), { cmd: 0x51, data: idOf(0, 0, 1) }, { cmd: 0x08, to: 1 }, { cmd: 0x12, count: 8 }]);
    expect(last(high).data[4]).toBe(3); // R2 was high, so the next count is R3
    const eh = runChain(dev, [seekTo(0, 0), { cmd: 0x71, data: idOf(0, 0, 2) }, { cmd: 0x08, to: 1 }, { cmd: 0x12, count: 8 }]);
    expect(last(eh).data[4]).toBe(3);
  });
});

describe('CKD writes', () => {
  it('formats a track with Write CKD and reads it back in order; Read Data then Write Data updates in place', () => {
    const dev = device();
    const f = runChain(dev, formatTrack(1, 2, [{ rec: 1, data: [1, 2, 3] }, { rec: 2, key: [9, 9], data: [4, 5] }, { rec: 3, data: new Uint8Array(100).fill(7) }]));
    expect(f.every((x) => x.status === US_CE_DE || x.status === SM)).toBe(true);
    const r = runChain(dev, [seekTo(1, 2), { cmd: 0x1e, count: 11 }, { cmd: 0x1e, count: 12 }, { cmd: 0x12, count: 8 }]);
    expect(Array.from(r[1]!.data)).toEqual([...countField(1, 2, 1, 0, 3), 1, 2, 3]);
    expect(Array.from(r[2]!.data)).toEqual([...countField(1, 2, 2, 2, 2), 9, 9, 4, 5]);
    expect(Array.from(r[3]!.data)).toEqual(countField(1, 2, 3, 0, 100));
    const w = runChain(dev, [seekTo(1, 2), { cmd: 0x31, data: idOf(1, 2, 1) }, { cmd: 0x08, to: 1 }, { cmd: 0x05, data: [7, 8] }]);
    expect(last(w)).toMatchObject({ status: US_CE_DE, residual: 0, more: true });
    const back = runChain(dev, [seekTo(1, 2), { cmd: 0x31, data: idOf(1, 2, 1) }, { cmd: 0x08, to: 1 }, { cmd: 0x06, count: 3 }]);
    expect(Array.from(last(back).data)).toEqual([7, 8, 0]);
  });

  it('Write Key and Data after Search ID Equal; Write CKD erases the records after it', () => {
    const dev = device();
    runChain(dev, formatTrack(2, 0, [{ rec: 1, key: [1], data: [1] }, { rec: 2, key: [2], data: [2] }, { rec: 3, key: [3], data: [3] }]));
    runChain(dev, [seekTo(2, 0), { cmd: 0x31, data: idOf(2, 0, 1) }, { cmd: 0x08, to: 1 }, { cmd: 0x0d, data: [0xaa, 0xbb] }]);
    runChain(dev, [seekTo(2, 0), { cmd: 0x31, data: idOf(2, 0, 1) }, { cmd: 0x08, to: 1 }, { cmd: 0x1d, data: [...countField(2, 0, 2, 0, 1), 0xcc] }]);
    const r = runChain(dev, [seekTo(2, 0), { cmd: 0x1e, count: 10 }, { cmd: 0x1e, count: 9 }, { cmd: 0x12, count: 8 }]);
    expect(Array.from(r[1]!.data)).toEqual([...countField(2, 0, 1, 1, 1), 0xaa, 0xbb]);
    expect(Array.from(r[2]!.data)).toEqual([...countField(2, 0, 2, 0, 1), 0xcc]);
    // only two records now: the third Read Count goes round index and finds R1 again
    expect(r[3]!.data[4]).toBe(1);
  });

  it('Write Data not chained from a satisfied search is rejected (command reject, invalid sequence)', () => {
    const dev = device();
    const o = runChain(dev, [seekTo(0, 0), { cmd: 0x12, count: 8 }, { cmd: 0x05, data: [1] }]);
    expect(last(o).status).toBe(UC);
    expect(Array.from(dev.sense().subarray(0, 8))).toEqual([0x80, 0, 0, 0, 0x80 >> (0x190 & 7), 0, 0, 0x02]);
  });

  it('Write CKD that overruns the track capacity is Invalid Track Format', () => {
    const dev = device();
    const g = findCkdGeometry('3350')!;
    const ok = runChain(dev, formatTrack(1, 0, [{ rec: 1, data: new Uint8Array(g.r1Max) }]));
    expect(last(ok).status).toBe(US_CE_DE);
    const bad = runChain(dev, formatTrack(1, 1, [{ rec: 1, data: new Uint8Array(g.r1Max + 1) }]));
    expect(last(bad).status).toBe(UC);
    expect(dev.sense()[1]).toBe(0x40);
  });

  it('Write Home Address and Write R0 need the file mask to allow all writes', () => {
    const dev = device();
    const denied = runChain(dev, [seekTo(1, 3), { cmd: 0x39, data: [0, 1, 0, 3] }, { cmd: 0x08, to: 1 }, { cmd: 0x15, data: countField(1, 3, 0, 0, 8).concat(new Array(8).fill(0)) }]);
    expect(last(denied).status).toBe(UC);
    expect(dev.sense()[0]).toBe(0x80);
    const ok = runChain(dev, [
      { cmd: 0x1f, data: [0xc0] },
      seekTo(1, 3),
      { cmd: 0x19, data: [0, 0, 1, 0, 3] },
      { cmd: 0x15, data: countField(1, 3, 0, 0, 8).concat([1, 2, 3, 4, 5, 6, 7, 8]) },
      { cmd: 0x1d, data: [...countField(1, 3, 1, 0, 2), 5, 6] },
    ]);
    expect(ok.map((x) => x.status)).toEqual([US_CE_DE, US_CE_DE, US_CE_DE, US_CE_DE, US_CE_DE]);
    const r = runChain(dev, [seekTo(1, 3), { cmd: 0x16, count: 16 }, { cmd: 0x12, count: 8 }]);
    expect(Array.from(r[1]!.data.subarray(8))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(r[2]!.data[4]).toBe(1);
  });

  it('Erase after Search ID Equal removes the records that follow', () => {
    const dev = device();
    runChain(dev, formatTrack(2, 1, [{ rec: 1, data: [1] }, { rec: 2, data: [2] }]));
    const e = runChain(dev, [seekTo(2, 1), { cmd: 0x31, data: idOf(2, 1, 1) }, { cmd: 0x08, to: 1 }, { cmd: 0x11, data: countField(2, 1, 2, 0, 1).concat([0]) }]);
    expect(last(e).status).toBe(US_CE_DE);
    const r = runChain(dev, [seekTo(2, 1), { cmd: 0x31, data: idOf(2, 1, 2) }, { cmd: 0x08, to: 1 }]);
    expect(last(r).status).toBe(UC);
    expect(dev.sense()[1]).toBe(0x08);
  });
});

describe('3880 commands and Space Count', () => {
  it('Read Multiple CKD returns every record after R0 to the end of the track (3380)', () => {
    const dev = device('3380', 2);
    runChain(dev, formatTrack(1, 0, [{ rec: 1, data: [1, 2] }, { rec: 2, key: [7], data: [3] }]));
    const o = runChain(dev, [seekTo(1, 0), { cmd: 0x5e, count: 100, sli: true }]);
    expect(last(o)).toMatchObject({ status: US_CE_DE, residual: 100 - 20 });
    expect(Array.from(last(o).data)).toEqual([...countField(1, 0, 1, 0, 2), 1, 2, ...countField(1, 0, 2, 1, 1), 7, 3]);
    expect(runChain(device('3350', 1), [{ cmd: 0x5e, count: 100 }])[0]!.status).toBe(UC);
  });

  it('Write CKD Next Track formats record 1 of the next track after R0 (3380); at the last head it is End of Cylinder', () => {
    const dev = device('3380', 2);
    const o = runChain(dev, [...formatTrack(1, 3, [{ rec: 1, data: [1] }]), { cmd: 0x9d, data: [...countField(1, 4, 1, 0, 2), 8, 9] }]);
    expect(last(o).status).toBe(US_CE_DE);
    expect(dev.position()).toEqual({ cyl: 1, head: 4 });
    const r = runChain(dev, [seekTo(1, 4), { cmd: 0x1e, count: 10 }]);
    expect(Array.from(last(r).data)).toEqual([...countField(1, 4, 1, 0, 2), 8, 9]);
    const eoc = runChain(dev, [...formatTrack(1, 14, [{ rec: 1, data: [1] }]), { cmd: 0x9d, data: [...countField(2, 0, 1, 0, 1), 1] }]);
    expect(last(eoc).status).toBe(UC);
    expect(dev.sense()[1]).toBe(0x20);
  });

  it('Space Count passes over the next record', () => {
    const dev = device();
    const o = runChain(dev, [seekTo(0, 0), { cmd: 0x0f, data: [4, 0, 24] }, { cmd: 0x12, count: 8 }]);
    expect(o.map((x) => x.status)).toEqual([US_CE_DE, US_CE_DE, US_CE_DE]);
    expect(last(o).data[4]).toBe(2);
  });

  it('Write CKD after Read Count (not a search) is rejected; Write CKD chained from Write CKD is not', () => {
    const dev = device();
    expect(last(runChain(dev, [seekTo(0, 0), { cmd: 0x12, count: 8 }, { cmd: 0x1d, data: countField(0, 0, 2, 0, 0) }])).status).toBe(UC);
    expect(dev.sense()[7]).toBe(0x02);
    const ok = runChain(dev, formatTrack(1, 6, [{ rec: 1, data: [1] }, { rec: 2, data: [2] }, { rec: 3, data: [3] }]));
    expect(ok.every((x) => x.status === US_CE_DE || x.status === SM)).toBe(true);
  });
});

describe('end of file and track overflow', () => {
  it('reading the data of a zero-length record (end-of-file mark) ends with unit exception', () => {
    const dev = device();
    runChain(dev, formatTrack(2, 2, [{ rec: 1, data: [1] }, { rec: 2, data: [] }]));
    const o = runChain(dev, [seekTo(2, 2), { cmd: 0x06, count: 1 }, { cmd: 0x06, count: 80, sli: true }]);
    expect(o.map((x) => x.status)).toEqual([US_CE_DE, US_CE_DE, US_CE_DE | US_UNIT_EXCEPTION]);
    expect(o[2]!.residual).toBe(80);
  });

  it('a record written as a Write Special CKD segment plus its continuation reads back whole, and Write Data spreads over both', () => {
    const dev = device();
    const seg1 = Array.from({ length: 100 }, (_, i) => i);
    const seg2 = Array.from({ length: 50 }, (_, i) => 200 + i);
    const w1 = runChain(dev, [seekTo(1, 10), { cmd: 0x31, data: idOf(1, 10, 0) }, { cmd: 0x08, to: 1 }, { cmd: 0x01, data: [...countField(1, 10, 1, 0, 100), ...seg1] }]);
    expect(last(w1).status).toBe(US_CE_DE);
    runChain(dev, formatTrack(1, 11, [{ rec: 1, data: seg2 }]));
    const r = runChain(dev, [seekTo(1, 10), { cmd: 0x86, count: 150 }]);
    expect(last(r)).toMatchObject({ status: US_CE_DE, residual: 0, more: false });
    expect(Array.from(last(r).data)).toEqual([...seg1, ...seg2]);
    const upd = Array.from({ length: 150 }, (_, i) => (i * 3) & 0xff);
    const w = runChain(dev, [seekTo(1, 10), { cmd: 0xb1, data: [0x80, 1, 0, 10, 1] }, { cmd: 0x08, to: 1 }, { cmd: 0x05, data: upd }]);
    expect(last(w).status).toBe(US_CE_DE);
    expect(Array.from(last(runChain(dev, [seekTo(1, 11), { cmd: 0x06, count: 50 }])).data)).toEqual(upd.slice(100));
    expect(runChain(device('3380', 1), [{ cmd: 0x01, data: countField(0, 0, 1, 0, 0) }])[0]!.status).toBe(UC);
  });
});

describe('file mask', () => {
  it('a second Set File Mask in one chain is rejected', () => {
    const dev = device();
    const o = runChain(dev, [{ cmd: 0x1f, data: [0] }, { cmd: 0x1f, data: [0] }]);
    expect(last(o).status).toBe(UC);
    expect(dev.sense()[0]).toBe(0x80);
    expect(dev.sense()[7]).toBe(0x02);
  });

  it('reserved mask bits are rejected', () => {
    const dev = device();
    expect(last(runChain(dev, [{ cmd: 0x1f, data: [0x20] }])).status).toBe(UC);
    expect(dev.sense()[7]).toBe(0x04);
  });

  it('inhibit seek: Seek is file protected; inhibit writes: Write Data is rejected', () => {
    const dev = device();
    const s = runChain(dev, [{ cmd: 0x1f, data: [0x18] }, seekTo(1, 0)]);
    expect(last(s).status).toBe(UC);
    expect(Array.from(dev.sense().subarray(0, 2))).toEqual([0, 0x04]);
    const w = runChain(dev, [{ cmd: 0x1f, data: [0x40] }, seekTo(0, 0), { cmd: 0x31, data: idOf(0, 0, 3) }, { cmd: 0x08, to: 2 }, { cmd: 0x05, data: [1] }]);
    expect(last(w).status).toBe(UC);
    expect(dev.sense()[0]).toBe(0x80);
  });

  it('seek head only allows Seek Head but not Seek', () => {
    const dev = device();
    expect(last(runChain(dev, [{ cmd: 0x1f, data: [0x10] }, { cmd: 0x1b, data: [0, 0, 0, 0, 0, 2] }])).status).toBe(US_CE_DE);
    expect(dev.position()).toEqual({ cyl: 0, head: 2 });
    expect(last(runChain(dev, [{ cmd: 0x1f, data: [0x10] }, seekTo(1, 0)])).status).toBe(UC);
  });

  it('inhibit seek and multitrack makes a multitrack search that leaves the track file protected', () => {
    const dev = device();
    const o = runChain(dev, [seekTo(0, 0), { cmd: 0x1f, data: [0x18] }, { cmd: 0xb1, data: idOf(0, 1, 0) }, { cmd: 0x08, to: 2 }]);
    expect(last(o).status).toBe(UC);
    expect(dev.sense()[1]).toBe(0x04);
  });
});

describe('seek, multitrack and end of cylinder', () => {
  it('Seek outside the volume: command reject (3350), seek check (2314)', () => {
    const dev = device('3350', 2);
    expect(last(runChain(dev, [seekTo(2, 0)])).status).toBe(UC);
    expect(dev.sense()[0]).toBe(0x80);
    expect(dev.sense()[7]).toBe(0x04);
    expect(last(runChain(dev, [seekTo(0, 30)])).status).toBe(UC);
    const d2314 = device('2314', 2);
    expect(last(runChain(d2314, [seekTo(0, 20)])).status).toBe(UC);
    expect(Array.from(d2314.sense())).toEqual([0x01, 0, 0, 0x40, 0, 0]);
  });

  it('a multitrack Search ID Equal finds a record on a later track of the cylinder', () => {
    const dev = device();
    runChain(dev, formatTrack(1, 4, [{ rec: 1, data: [0x44] }]));
    const o = runChain(dev, [seekTo(1, 0), { cmd: 0xb1, data: idOf(1, 4, 1) }, { cmd: 0x08, to: 1 }, { cmd: 0x06, count: 1 }]);
    expect(last(o).status).toBe(US_CE_DE);
    expect(Array.from(last(o).data)).toEqual([0x44]);
    expect(dev.position()).toEqual({ cyl: 1, head: 4 });
  });

  it('a multitrack Read Count past the last head of the cylinder ends with End of Cylinder', () => {
    const dev = device();
    const o = runChain(dev, [seekTo(1, 29), { cmd: 0x92, count: 8 }]);
    expect(last(o).status).toBe(UC);
    expect(dev.sense()[1]).toBe(0x20);
    expect(dev.sense()[5]).toBe(1); // cylinder
    expect(dev.sense()[6]! & 0x0f).toBe(29 & 0x0f);
  });

  it('multitrack Read Data reads across track boundaries', () => {
    const dev = device();
    runChain(dev, formatTrack(2, 5, [{ rec: 1, data: [0x51] }]));
    runChain(dev, formatTrack(2, 6, [{ rec: 1, data: [0x61] }]));
    const o = runChain(dev, [seekTo(2, 5), { cmd: 0x86, count: 1 }, { cmd: 0x86, count: 1 }]);
    expect(o.slice(1).map((x) => Array.from(x.data))).toEqual([[0x51], [0x61]]);
  });

  it('Recalibrate goes to cylinder 0 head 0', () => {
    const dev = device();
    runChain(dev, [seekTo(2, 7)]);
    expect(runChain(dev, [{ cmd: 0x13, count: 1 }])[0]!.status).toBe(US_CE_DE);
    expect(dev.position()).toEqual({ cyl: 0, head: 0 });
  });
});

describe('identification and sense', () => {
  it('Sense ID: 3350 on a 3830, rejected on a 2314', () => {
    expect(Array.from(runChain(device('3350', 1), [{ cmd: 0xe4, count: 7 }])[0]!.data)).toEqual([0xff, 0x38, 0x30, 0x02, 0x33, 0x50, 0x00]);
    const d = device('2314', 1);
    expect(runChain(d, [{ cmd: 0xe4, count: 7 }])[0]!.status).toBe(UC);
    expect(d.sense()[0]).toBe(0x80);
  });

  it('Read Device Characteristics on a 3380; rejected on a 3330', () => {
    const rdc = runChain(device('3380', 2), [{ cmd: 0x64, count: 64 }])[0]!;
    expect(rdc.status).toBe(US_CE_DE);
    expect(Array.from(rdc.data.subarray(0, 24))).toEqual([0x38, 0x80, 0x05, 0x33, 0x80, 0x02, 0x80, 0, 0, 0, 0x20, 0x0e, 0, 2, 0, 15, 222, 0, 0xbb, 0x60, 0x04, 0x40, 1, 32]);
    expect(runChain(device('3330', 1), [{ cmd: 0x64, count: 64 }])[0]!.status).toBe(UC);
  });

  it('Sense returns the sense bytes once and then zeros', () => {
    const dev = device();
    runChain(dev, [{ cmd: 0x77 }]);
    const s1 = runChain(dev, [{ cmd: 0x04, count: 24 }])[0]!;
    expect(s1.data[0]).toBe(0x80);
    expect(s1.data[7]).toBe(0x01);
    const s2 = runChain(dev, [{ cmd: 0x04, count: 24 }])[0]!;
    expect(s2.data[0]).toBe(0);
  });

  it('Set Sector and Read Sector on RPS devices, rejected on a 2311', () => {
    const dev = device();
    const o = runChain(dev, [seekTo(0, 0), { cmd: 0x23, data: [0] }, { cmd: 0x31, data: idOf(0, 0, 3) }, { cmd: 0x08, to: 2 }, { cmd: 0x22, count: 1 }]);
    expect(last(o).status).toBe(US_CE_DE);
    expect(last(o).data[0]).toBeGreaterThan(0);
    expect(last(o).data[0]).toBeLessThan(128);
    expect(runChain(device('2311', 1), [{ cmd: 0x23, data: [0] }])[0]!.status).toBe(UC);
  });

  it('NOP, Reserve and Release end normally on a 3350', () => {
    const dev = device();
    expect(runChain(dev, [{ cmd: 0x03, count: 1 }])[0]!.status).toBe(US_CE_DE);
    expect(runChain(dev, [{ cmd: 0xb4, count: 24 }])[0]!.status).toBe(US_CE_DE);
    expect(runChain(dev, [{ cmd: 0x94, count: 24 }])[0]!.status).toBe(US_CE_DE);
  });
});

describe('every geometry', () => {
  for (const g of CKD_GEOMETRIES) {
    it(`${g.name}: a full-track record fits, one byte more does not, and reads back (compressed image)`, () => {
      const dev = device(g.name, 1, true);
      const data = new Uint8Array(g.r1Max).map((_, i) => i & 0xff);
      expect(last(runChain(dev, formatTrack(0, 1, [{ rec: 1, data }]))).status).toBe(US_CE_DE);
      const r = runChain(dev, [seekTo(0, 1), { cmd: 0x31, data: idOf(0, 1, 1) }, { cmd: 0x08, to: 1 }, { cmd: 0x06, count: g.r1Max }]);
      expect(hexOf(last(r).data)).toBe(hexOf(data));
      expect(last(runChain(dev, formatTrack(0, 2, [{ rec: 1, data: new Uint8Array(g.r1Max + 1) }]))).status).toBe(UC);
      expect(dev.sense()[1]).toBe(0x40);
      expect(dev.sense().length).toBe(g.senseLength);
      const last_ = g.heads - 1;
      expect(last(runChain(dev, [seekTo(0, last_), { cmd: 0x92, count: 8 }])).status).toBe(UC);
      expect(dev.sense()[1]).toBe(0x20);
      dev.close();
    });
  }
});

describe('bad input', () => {
  it('a damaged track image gives a data check, not an exception', () => {
    const dev = device('3350', 1);
    // a record whose count runs off the track image
    const img = (dev as unknown as { image: { writeTrack(t: number, b: Uint8Array): void } }).image;
    img.writeTrack(1, bytes(0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0xff, 0xff));
    const o = runChain(dev, [seekTo(0, 1), { cmd: 0x12, count: 8 }]);
    expect(last(o).status).toBe(UC);
    expect(dev.sense()[0]).toBe(0x08);
  });

  it('an invalid command code is a command reject', () => {
    const dev = device();
    expect(runChain(dev, [{ cmd: 0xff }])[0]!.status).toBe(UC);
    expect(dev.sense()[0]).toBe(0x80);
  });

  it('a read-only volume is write inhibited: command reject with sense byte 1 X\'02\'', () => {
    const path = join(tmp.dir, 'ro.3350');
    createCkdVolume(path, '3350', 'RO0001', 1);
    const dev = new CkdDevice(0x190, openCkdImage(path, { readOnly: true }));
    const o = runChain(dev, [seekTo(0, 0), { cmd: 0x31, data: idOf(0, 0, 3) }, { cmd: 0x08, to: 1 }, { cmd: 0x05, data: [1] }]);
    expect(last(o).status).toBe(UC);
    expect(Array.from(dev.sense().subarray(0, 2))).toEqual([0x80, 0x02]);
    dev.close();
  });

  it('devinit mounts another volume of the same type and refuses one of another type', () => {
    const dev = device();
    const other = join(tmp.dir, 'other.3350');
    createCkdVolume(other, '3350', 'OTHER1', 1);
    dev.reinit([other, 'ro']);
    const o = runChain(dev, [seekTo(0, 0), { cmd: 0x31, data: idOf(0, 0, 3) }, { cmd: 0x08, to: 1 }, { cmd: 0x06, count: 80 }]);
    expect(last(o).data).toEqual(vol1Record('OTHER1'));
    const wrong = join(tmp.dir, 'wrong.3380');
    createCkdVolume(wrong, '3380', 'WRONG1', 1);
    expect(() => dev.reinit([wrong])).toThrow(/is a 3380 volume, not 3350/);
  });

  it('a closed device reports intervention required', () => {
    const dev = device();
    dev.close();
    expect(runChain(dev, [{ cmd: 0x12, count: 8 }])[0]!.status).toBe(UC);
    expect(dev.sense()[0]).toBe(0x40);
  });
});
