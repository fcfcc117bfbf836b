// New volumes, laid out as Hercules' dasdinit lays them out: every track formatted with a
// home address and a standard R0; track 0 also carries IPL1, IPL2 and the VOL1 label.
import { existsSync } from 'node:fs';
import { toEbcdic } from '../../../cpu370/index.ts';
import { defaultCylinders, findCkdGeometry, findFbaGeometry, imageTrackSize, type CkdGeometry } from '../geometry.ts';
import { CompressedCkdImage, createCompressedFile } from './cckd.ts';
import { DasdImageError } from './errors.ts';
import { ImageFile } from './file-io.ts';
import { DEVHDR_SIZE, ID_CKD, encodeDeviceHeader } from './headers.ts';
import { CKD_MAX_FILES, segmentName } from './plain-ckd.ts';
import { buildTrack, nullTrack } from './track.ts';

export interface CreateOptions {
  compressed?: boolean;
  /** Called after each cylinder written: (done, total). */
  progress?: (done: number, total: number) => void;
  /** Without a cylinder count: include the alternate cylinders (dasdinit -a). */
  alternates?: boolean;
  /** Largest file of a multi-file volume (default 2 GiB - 1, as dasdinit without -lfs). */
  maxFileBytes?: number;
}

/** Volume label bytes: the 80-byte VOL1 record dasdinit writes (owner HERCULES). */
export function vol1Record(volser: string): Uint8Array {
  const d = toEbcdic(' '.repeat(80));
  d.set(toEbcdic('VOL1'), 0);
  d.set(toEbcdic(volser.padEnd(6, ' ')), 4);
  // VTOC pointer CCHHR 0000 0001 01, as dasdinit writes it
  d.set([0, 0, 0, 1, 1], 11);
  d.set(toEbcdic('HERCULES'), 41);
  return d;
}

/** IPL1 as dasdinit writes it: a wait-state PSW and a NOP CCW, so IPL of a blank volume stops. */
const IPL1 = Uint8Array.of(0x00, 0x06, 0, 0, 0, 0, 0, 0x0f, 0x03, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0);

export function track0(volser: string): Uint8Array {
  return buildTrack(0, 0, [
    { count: { cyl: 0, head: 0, record: 0, keyLength: 0, dataLength: 8 } },
    { count: { cyl: 0, head: 0, record: 1, keyLength: 4, dataLength: 24 }, key: toEbcdic('IPL1'), data: IPL1 },
    { count: { cyl: 0, head: 0, record: 2, keyLength: 4, dataLength: 144 }, key: toEbcdic('IPL2') },
    { count: { cyl: 0, head: 0, record: 3, keyLength: 4, dataLength: 80 }, key: toEbcdic('VOL1'), data: vol1Record(volser) },
  ]);
}

export function checkVolser(volser: string): string {
  const v = volser.toUpperCase();
  if (!/^[A-Z0-9$#@]{1,6}$/.test(v)) throw new DasdImageError(`volume serial '${volser}' must be 1 to 6 letters, digits or $#@`);
  return v;
}

/** Creates a CKD volume; returns the host files written. */
export function createCkdVolume(path: string, type: string, volser: string, cylinders?: number, options: CreateOptions = {}): string[] {
  const g = findCkdGeometry(type);
  if (!g) throw new DasdImageError(`unknown CKD device type ${type}`);
  const vol = checkVolser(volser);
  const cyls = cylinders ?? defaultCylinders(g, options.alternates);
  if (!Number.isInteger(cyls) || cyls < 1 || cyls > 65535) throw new DasdImageError(`cylinder count ${cylinders} is outside 1-65535`);
  const source = (cyl: number, head: number) => (cyl === 0 && head === 0 ? track0(vol) : nullTrack(cyl, head));
  return options.compressed ? createCompressed(path, g, vol, cyls, options) : writePlainVolume(path, g, cyls, source, options);
}

/** Where a new volume's track images come from. */
export type TrackSource = (cyl: number, head: number) => Uint8Array;

function createCompressed(path: string, g: CkdGeometry, volser: string, cyls: number, options: CreateOptions): string[] {
  if (existsSync(path)) throw new DasdImageError(`${path} already exists`);
  createCompressedFile(path, { id: ID_CKD, heads: g.heads, trackSize: imageTrackSize(g), typeByte: g.devtype & 0xff, fileSeq: 0, highCyl: 0 }, cyls);
  const img = new CompressedCkdImage(path, {});
  try {
    img.writeTrack(0, track0(volser));
  } finally {
    img.close();
  }
  options.progress?.(cyls, cyls);
  return [path];
}

/** Writes an uncompressed volume (several files when it would pass the file size limit). */
export function writePlainVolume(path: string, g: CkdGeometry, cyls: number, source: TrackSource, options: CreateOptions = {}): string[] {
  const trackSize = imageTrackSize(g);
  const cylBytes = trackSize * g.heads;
  const maxFile = options.maxFileBytes ?? 0x7fffffff;
  const perFile = Math.max(1, Math.floor((maxFile - DEVHDR_SIZE + 1) / cylBytes));
  const nfiles = Math.ceil(cyls / perFile);
  if (nfiles > CKD_MAX_FILES) throw new DasdImageError(`${cyls} cylinders need ${nfiles} files, more than ${CKD_MAX_FILES}`);
  let first = path;
  if (nfiles > 1) {
    const slash = path.lastIndexOf('/');
    const dot = path.indexOf('.', slash + 1);
    const at = dot < 0 ? path.length : dot;
    if (!(at - slash > 2 && path[at - 2] === '_')) first = path.slice(0, at) + '_1' + path.slice(at);
  }
  const names = Array.from({ length: nfiles }, (_, i) => (i === 0 ? first : segmentName(first, i + 1)));
  for (const n of names) if (existsSync(n)) throw new DasdImageError(`${n} already exists`);
  const track = new Uint8Array(trackSize);
  let cyl = 0;
  for (let f = 0; f < nfiles; f++) {
    const file = new ImageFile(names[f]!, false, true);
    try {
      const fileCyls = Math.min(perFile, cyls - cyl);
      const last = f === nfiles - 1;
      file.write(0, encodeDeviceHeader({ id: ID_CKD, heads: g.heads, trackSize, typeByte: g.devtype & 0xff, fileSeq: nfiles === 1 ? 0 : f + 1, highCyl: last ? 0 : cyl + fileCyls - 1 }));
      let pos = DEVHDR_SIZE;
      const cylBuf = new Uint8Array(cylBytes);
      for (let c = 0; c < fileCyls; c++, cyl++) {
        for (let h = 0; h < g.heads; h++) {
          track.fill(0);
          const image = source(cyl, h);
          if (image.length > trackSize) throw new DasdImageError(`track ${cyl}/${h} image of ${image.length} bytes exceeds the track size ${trackSize}`);
          track.set(image);
          cylBuf.set(track, h * trackSize);
        }
        file.write(pos, cylBuf);
        pos += cylBytes;
        options.progress?.(cyl + 1, cyls);
      }
      file.sync();
    } finally {
      file.close();
    }
  }
  return names;
}

/** Creates an FBA volume of `blocks` blocks (default: the device's full size). */
export function createFbaVolume(path: string, type: string, volser: string, blocks?: number, options: CreateOptions = {}): string[] {
  const g = findFbaGeometry(type);
  if (!g) throw new DasdImageError(`unknown FBA device type ${type}`);
  const vol = checkVolser(volser);
  const n = blocks ?? g.blocks;
  if (!Number.isInteger(n) || n < 2) throw new DasdImageError(`block count ${blocks} must be at least 2`);
  if (existsSync(path)) throw new DasdImageError(`${path} already exists`);
  const file = new ImageFile(path, false, true);
  try {
    const chunk = 2048;
    const zero = new Uint8Array(chunk * 512);
    for (let b = 0; b < n; b += chunk) {
      const len = Math.min(chunk, n - b) * 512;
      file.write(b * 512, zero.subarray(0, len));
      options.progress?.(Math.min(n, b + chunk), n);
    }
    // Block 1 holds the volume label on FBA volumes (dasdinit writes VOL1 there).
    file.write(512, vol1Fba(vol));
    file.sync();
  } finally {
    file.close();
  }
  return [path];
}

/** dasdinit's FBA label: VOL1 and the volume serial, the rest of the block zero. */
function vol1Fba(volser: string): Uint8Array {
  const d = new Uint8Array(80);
  d.set(toEbcdic('VOL1'), 0);
  d.set(toEbcdic(volser.padEnd(6, ' ')), 4);
  return d;
}
