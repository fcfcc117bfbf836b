// Interchange with Hercules' own utilities: volumes we make pass cckdcdsk and dasdls;
// volumes dasdinit makes open, read and write under vm370.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toEbcdic } from '../../cpu370/index.ts';
import { CkdDevice, buildTrack, checkImage, ckdVolumeLabel, copyCkdVolume, createCkdVolume, createFbaVolume, imageInfo, listVtoc, openCkdImage } from '../index.ts';
import { countField, idOf, last, runChain, seekTo, tempDir } from './chain.ts';
import { CCKDCDSK, DASDINIT, DASDLS, herculesToolsMissing, onPath, runTool } from './tools.ts';

const skip = herculesToolsMissing;
const why = skip ? ` (skipped: ${skip})` : '';

describe.skipIf(skip !== undefined)(`Hercules utilities${why}`, () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir();
  });
  afterAll(() => tmp.cleanup());

  // Full-size default volumes on the small 2311 and 2314 (a default 3350 is 320 MB); a
  // 3350 at a given size. Identical files mean identical geometry, headers, track 0 and
  // empty tracks.
  for (const [type, size, alt] of [['2311', undefined, false], ['2314', undefined, true], ['3350', 20, false]] as const) {
    it(`a ${type}${size ? ` of ${size} cylinders` : alt ? ' with alternate cylinders (-a)' : ' of default size'} made by vm370 is byte for byte what dasdinit makes`, async () => {
      const ours = join(tmp.dir, `ours-${type}.img`);
      const theirs = join(tmp.dir, `theirs-${type}.img`);
      createCkdVolume(ours, type, 'VOL001', size, { alternates: alt });
      const r = await runTool(DASDINIT!, [...(alt ? ['-a'] : []), theirs, type, 'VOL001', ...(size ? [String(size)] : [])]);
      expect(r.code).toBe(0);
      expect(readFileSync(ours).equals(readFileSync(theirs))).toBe(true);
      const ls = await runTool(DASDLS!, [ours]);
      expect(ls.out).toContain('F4DSCB record not found'); // what dasdls says of dasdinit's own volumes
    });
  }

  it('a compressed 3350 made by vm370, written to, passes cckdcdsk level 3 and dasdls', async () => {
    const z = join(tmp.dir, 'ours.cckd');
    createCkdVolume(z, '3350', 'VOL002', undefined, { compressed: true });
    const dev = new CkdDevice(0x191, openCkdImage(z));
    for (let head = 1; head < 6; head++) {
      const o = runChain(dev, [seekTo(7, head), { cmd: 0x31, data: idOf(7, head, 0) }, { cmd: 0x08, to: 1 }, { cmd: 0x1d, data: [...countField(7, head, 1, 0, 4096), ...new Uint8Array(4096).fill(head)] }]);
      expect(last(o).status).toBe(0x0c);
    }
    dev.close();
    const chk = await runTool(CCKDCDSK!, ['-3', '-ro', z]);
    expect(chk.code).toBe(0);
    expect(chk.out).not.toMatch(/HHCCU\d+[EW]/);
    const ls = await runTool(DASDLS!, [z]);
    expect(ls.code).toBe(0);
    expect(ls.out).toContain('F4DSCB record not found');
  });

  it('a copy from CKD to CCKD passes cckdcdsk', async () => {
    const p = join(tmp.dir, 'src.3380');
    createCkdVolume(p, '3380', 'CPY001', 20);
    const z = join(tmp.dir, 'dst.cckd');
    copyCkdVolume(p, z, { compressed: true });
    expect((await runTool(CCKDCDSK!, ['-3', '-ro', z])).code).toBe(0);
  });

  for (const compressed of [false, true]) {
    it(`a ${compressed ? 'compressed ' : ''}3350 made by dasdinit opens, reads and writes under vm370`, async () => {
      const p = join(tmp.dir, `dasdinit-${compressed}.3350`);
      const r = await runTool(DASDINIT!, [...(compressed ? ['-z'] : []), p, '3350', 'HERC01', '20']);
      expect(r.code).toBe(0);
      expect(imageInfo(p)).toMatchObject({ type: '3350', cylinders: 20, heads: 30, label: { kind: 'VOL1', volser: 'HERC01', owner: 'HERCULES' } });
      const dev = new CkdDevice(0x190, openCkdImage(p));
      const read = runChain(dev, [seekTo(0, 0), { cmd: 0x31, data: idOf(0, 0, 3) }, { cmd: 0x08, to: 1 }, { cmd: 0x0e, count: 84 }]);
      expect([...last(read).data.subarray(0, 14)]).toEqual([...toEbcdic('VOL1VOL1HERC01')]);
      const w = runChain(dev, [seekTo(19, 29), { cmd: 0x31, data: idOf(19, 29, 0) }, { cmd: 0x08, to: 1 }, { cmd: 0x1d, data: [...countField(19, 29, 1, 0, 3), 7, 8, 9] }]);
      expect(last(w).status).toBe(0x0c);
      dev.close();
      const again = new CkdDevice(0x190, openCkdImage(p, { readOnly: true }));
      const back = runChain(again, [seekTo(19, 29), { cmd: 0x31, data: idOf(19, 29, 1) }, { cmd: 0x08, to: 1 }, { cmd: 0x06, count: 3 }]);
      expect([...last(back).data]).toEqual([7, 8, 9]);
      again.close();
      expect(checkImage(p).ok).toBe(true);
      if (compressed) expect((await runTool(CCKDCDSK!, ['-3', '-ro', p])).code).toBe(0);
    });
  }

  it('a bzip2-compressed volume made by dasdcopy -bz2 reads back track for track', async () => {
    const dasdcopy = onPath('dasdcopy');
    if (!dasdcopy) return;
    const src = join(tmp.dir, 'bzsrc.3350');
    createCkdVolume(src, '3350', 'BZ0001', 3);
    const img = openCkdImage(src);
    const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 13 + (i >> 7)) & 0xff);
    img.writeTrack(31, buildTrack(1, 1, [{ count: { cyl: 1, head: 1, record: 0, keyLength: 0, dataLength: 8 } }, { count: { cyl: 1, head: 1, record: 1, keyLength: 0, dataLength: 5000 }, data }]));
    img.close();
    const bz = join(tmp.dir, 'bz.cckd');
    expect((await runTool(dasdcopy, ['-bz2', src, bz])).code).toBe(0);
    const raw = readFileSync(bz);
    const l2 = raw.readUInt32LE(1024);
    expect(raw[raw.readUInt32LE(l2 + 31 * 8)]).toBe(2); // the track is stored with bzip2
    const back = join(tmp.dir, 'bzback.3350');
    copyCkdVolume(bz, back, { compressed: false });
    expect(readFileSync(back).equals(readFileSync(src))).toBe(true);
  });

  it('ls lists the data sets of a VTOC that dasdload built', async () => {
    const dasdload = onPath('dasdload');
    if (!dasdload) return;
    writeFileSync(join(tmp.dir, 'in.txt'), 'HELLO\n');
    writeFileSync(join(tmp.dir, 'vt.ctl'), 'VTOC01 3350 10\nTEST.SEQ.DATA SEQ in.txt TRK 2 0 0 PS FB 80 3120\nMORE.DATA SEQ in.txt CYL 1 0 0 PS FB 80 3120\n');
    const vol = join(tmp.dir, 'vt.3350');
    expect((await runTool(dasdload, ['vt.ctl', vol], tmp.dir)).code).toBe(0);
    const img = openCkdImage(vol, { readOnly: true });
    const label = ckdVolumeLabel(img);
    expect(label).toMatchObject({ kind: 'VOL1', volser: 'VTOC01', vtoc: { cyl: 2, head: 0, record: 1 } });
    expect(listVtoc(img, label)).toEqual([
      { name: 'TEST.SEQ.DATA', format: 1, extents: [{ from: { cyl: 0, head: 1 }, to: { cyl: 0, head: 2 } }] },
      { name: 'MORE.DATA', format: 1, extents: [{ from: { cyl: 1, head: 0 }, to: { cyl: 1, head: 29 } }] },
    ]);
    img.close();
  });

  it('an FBA volume made by vm370 is what dasdinit makes', async () => {
    const ours = join(tmp.dir, 'ours.fba');
    const theirs = join(tmp.dir, 'theirs.fba');
    createFbaVolume(ours, '3370', 'FBA001', 1000);
    expect((await runTool(DASDINIT!, [theirs, '3370', 'FBA001', '1000'])).code).toBe(0);
    expect(readFileSync(ours).equals(readFileSync(theirs))).toBe(true);
  });
});
