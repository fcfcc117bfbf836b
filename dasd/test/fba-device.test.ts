import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { US_CE_DE, US_UNIT_CHECK, toEbcdic } from '../../cpu370/index.ts';
import { FbaDevice } from '../src/fba-device.ts';
import { createFbaVolume } from '../src/image/create.ts';
import { openFbaImage } from '../src/image/open.ts';
import { last, runChain, tempDir, type TestCcw } from './chain.ts';

const UC = US_CE_DE | US_UNIT_CHECK;
let tmp: ReturnType<typeof tempDir>;
let n = 0;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

function device(type = '3370', blocks = 1000): FbaDevice {
  const path = join(tmp.dir, `f${n++}.fba`);
  createFbaVolume(path, type, 'FBA001', blocks);
  return new FbaDevice(0x300, openFbaImage(path, type));
}

const u32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const extent = (mask: number, origin: number, first: number, lastBlock: number): TestCcw => ({ cmd: 0x63, data: [mask, 0, 0, 0, ...u32(origin), ...u32(first), ...u32(lastBlock)] });
const locate = (op: number, count: number, block: number): TestCcw => ({ cmd: 0x43, data: [op, 0, count >> 8, count & 0xff, ...u32(block)] });

describe('FBA device', () => {
  it('reads the volume label from block 1', () => {
    const dev = device();
    const o = runChain(dev, [extent(0x40, 0, 0, 999), locate(0x06, 1, 1), { cmd: 0x42, count: 512 }]);
    expect(o.map((x) => x.status)).toEqual([US_CE_DE, US_CE_DE, US_CE_DE]);
    expect(Array.from(last(o).data.subarray(0, 10))).toEqual(Array.from(toEbcdic('VOL1FBA001')));
  });

  it('writes two blocks inside an extent relative to its origin and reads them back', () => {
    const dev = device();
    const data = new Uint8Array(1024).map((_, i) => (i * 7) & 0xff);
    const w = runChain(dev, [extent(0xc0, 100, 0, 9), locate(0x01, 2, 3), { cmd: 0x41, data }]);
    expect(last(w)).toMatchObject({ status: US_CE_DE, residual: 0, more: false });
    const r = runChain(dev, [extent(0x40, 0, 0, 999), locate(0x06, 2, 103), { cmd: 0x42, count: 1024 }]);
    expect(last(r).data).toEqual(data);
  });

  it('a short write pads the block with zeros and reports more data wanted', () => {
    const dev = device();
    const w = runChain(dev, [extent(0xc0, 0, 0, 999), locate(0x01, 1, 5), { cmd: 0x41, data: [1, 2, 3] }]);
    expect(last(w)).toMatchObject({ status: US_CE_DE, residual: 0, more: true });
    const r = runChain(dev, [extent(0, 0, 0, 999), locate(0x06, 1, 5), { cmd: 0x42, count: 512 }]);
    expect(Array.from(last(r).data.subarray(0, 5))).toEqual([1, 2, 3, 0, 0]);
  });

  it('Locate outside the extent, write with writes inhibited, Read without Locate, second Define Extent: command reject', () => {
    const dev = device();
    for (const prog of [
      [extent(0xc0, 0, 0, 9), locate(0x06, 2, 9)],
      [extent(0x40, 0, 0, 9), locate(0x01, 1, 0)],
      [extent(0xc0, 0, 0, 9), { cmd: 0x42, count: 512 }],
      [extent(0xc0, 0, 0, 9), extent(0xc0, 0, 0, 9)],
      [extent(0xc0, 0, 0, 1000)],
      [locate(0x06, 1, 0)],
    ] as TestCcw[][]) {
      expect(last(runChain(dev, prog)).status).toBe(UC);
      expect(dev.sense()[0]).toBe(0x80);
    }
  });

  it('Sense ID and Read Device Characteristics of a 3370', () => {
    const dev = device();
    expect(Array.from(runChain(dev, [{ cmd: 0xe4, count: 7 }])[0]!.data)).toEqual([0xff, 0x38, 0x80, 0x01, 0x33, 0x70, 0x00]);
    const rdc = runChain(dev, [{ cmd: 0x64, count: 32 }])[0]!.data;
    expect(Array.from(rdc.subarray(0, 18))).toEqual([0x30, 0x08, 0x21, 0x02, 0x02, 0x00, 0, 0, 0, 62, 0, 0, 0x02, 0xe8, 0, 0, 0x03, 0xe8]);
  });

  it('Read IPL reads block 0 and a chained Read continues', () => {
    const dev = device('3310', 100);
    const o = runChain(dev, [{ cmd: 0x02, count: 512 }, { cmd: 0x42, count: 512 }]);
    expect(o.map((x) => x.status)).toEqual([US_CE_DE, US_CE_DE]);
    expect(Array.from(last(o).data.subarray(0, 4))).toEqual(Array.from(toEbcdic('VOL1')));
  });
});
