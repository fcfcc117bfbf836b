// Compressed CKD images (Hercules CCKD, "CKD_C370") and shadow files ("CKD_S370").
// Layout: device header (512), compressed header (512), level-1 table (4 bytes per 256
// tracks: file offset of a level-2 table, 0 = all tracks null), level-2 tables (256 x
// {pos u32, len u16, size u16}), track images. A stored track image keeps its 5-byte home
// address with byte 0 replaced by the compression used (0 none, 1 zlib, 2 bzip2) and the
// rest of the image compressed. In a shadow file an L1 or L2 entry of all ones means "not
// here, look in the file below".
//
// Updates are copy-on-write: a new track image goes to space no table refers to, and only
// then is the 8-byte L2 entry (or, for a new L2 table, the 4-byte L1 entry) rewritten to
// point at it. An entry lies within one page, so a killed process leaves the old or the
// new pointer, each naming a complete image. The free-space chain and the header totals
// are written only at close; until then the header carries CCKD_OPENED, and every open,
// ours or Hercules', rebuilds free space from the tables instead of trusting the chain.
import { ftruncateSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import { ckdGeometryForTypeByte, type CkdGeometry } from '../geometry.ts';
import { DasdImageError, TrackDataError } from './errors.ts';
import { ImageFile } from './file-io.ts';
import {
  CCKD_OPENED, CCKD_ORDWR, CDEVHDR_SIZE, COMPRESS_BZIP2, COMPRESS_NONE, COMPRESS_ZLIB, DEVHDR_SIZE, FREEBLK_SIZE, ID_CCKD, ID_SHADOW,
  L1_POS, L2_ENTRIES, L2_ENTRY_SIZE, L2_TABLE_SIZE, decodeCompressedHeader, decodeDeviceHeader, encodeCompressedHeader, encodeDeviceHeader,
  CCKD_BIGENDIAN, type CompressedHeader, type DeviceHeader,
} from './headers.ts';
import { nullTrack } from './track.ts';
import { bunzip2 } from './bunzip2.ts';
import type { CkdImage, OpenOptions } from './ckd-image.ts';
import { printable } from './plain-ckd.ts';

const NONE = 0xffffffff;
/** Track images shorter than this are stored uncompressed, as Hercules does. */
const COMPRESS_MIN = 512;

interface L2Entry {
  pos: number;
  len: number;
  size: number;
}

interface Gap {
  pos: number;
  len: number;
}

export class CompressedCkdImage implements CkdImage {
  readonly format: 'cckd' | 'shadow';
  readonly files: string[];
  readonly geometry: CkdGeometry;
  readonly cylinders: number;
  readonly heads: number;
  readonly trackSize: number;
  readonly readOnly: boolean;
  private readonly file: ImageFile;
  private readonly devhdr: DeviceHeader;
  private cdevhdr: CompressedHeader;
  private readonly littleEndian: boolean;
  private readonly l1: number[];
  private readonly l2 = new Map<number, L2Entry[]>();
  private gaps: Gap[] = [];
  private end = 0;
  private readonly syncWrites: boolean;
  private closed = false;

  constructor(
    readonly path: string,
    options: OpenOptions = {},
    /** For a shadow file: the volume below it. */
    private readonly lower?: CkdImage,
  ) {
    this.readOnly = options.readOnly ?? false;
    this.syncWrites = options.sync ?? false;
    this.file = new ImageFile(path, this.readOnly);
    try {
      this.devhdr = decodeDeviceHeader(this.file.readExact(0, DEVHDR_SIZE, 'device header'));
      const id = this.devhdr.id;
      if (id !== ID_CCKD && id !== ID_SHADOW) throw new DasdImageError(`${path}: not a compressed CKD image (header '${printable(id)}')`);
      if (id === ID_SHADOW && !lower) throw new DasdImageError(`${path} is a shadow file: open its base volume with the shadow option`);
      this.format = id === ID_SHADOW ? 'shadow' : 'cckd';
      this.files = [path];
      this.cdevhdr = decodeCompressedHeader(this.file.readExact(DEVHDR_SIZE, CDEVHDR_SIZE, 'compressed device header'));
      this.littleEndian = (this.cdevhdr.options & CCKD_BIGENDIAN) === 0;
      const h = this.devhdr;
      if (h.heads < 1 || h.heads > 255 || h.trackSize < 512 || h.trackSize > 0x10000) throw new DasdImageError(`${path}: implausible geometry in header (heads ${h.heads}, track size ${h.trackSize})`);
      this.heads = h.heads;
      this.trackSize = h.trackSize;
      this.cylinders = this.cdevhdr.cylinders;
      const tracks = this.cylinders * this.heads;
      if (this.cylinders < 1 || this.cylinders > 65536 || this.cdevhdr.l2Entries !== L2_ENTRIES || this.cdevhdr.l1Entries !== Math.ceil(tracks / L2_ENTRIES)) {
        throw new DasdImageError(`${path}: compressed header inconsistent (cylinders ${this.cylinders}, L1 entries ${this.cdevhdr.l1Entries}, L2 entries ${this.cdevhdr.l2Entries})`);
      }
      const g = lower?.geometry ?? ckdGeometryForTypeByte(h.typeByte, this.cylinders);
      if (!g) throw new DasdImageError(`${path}: unknown device type byte ${h.typeByte.toString(16)}`);
      this.geometry = g;
      const fileSize = this.file.size();
      const l1Bytes = this.file.readExact(L1_POS, this.cdevhdr.l1Entries * 4, 'level-1 table');
      const v = new DataView(l1Bytes.buffer);
      this.l1 = [];
      for (let i = 0; i < this.cdevhdr.l1Entries; i++) this.l1.push(v.getUint32(i * 4, this.littleEndian));
      const used: Gap[] = [{ pos: 0, len: L1_POS + this.cdevhdr.l1Entries * 4 }];
      for (let i = 0; i < this.l1.length; i++) {
        const pos = this.l1[i]!;
        if (pos === 0 || pos === NONE) continue;
        if (pos < used[0]!.len || pos + L2_TABLE_SIZE > fileSize) throw new DasdImageError(`${path}: level-2 table ${i} at ${pos} lies outside the file`);
        const table = this.decodeL2(this.file.readExact(pos, L2_TABLE_SIZE, `level-2 table ${i}`));
        this.l2.set(i, table);
        used.push({ pos, len: L2_TABLE_SIZE });
        for (let j = 0; j < L2_ENTRIES; j++) {
          const e = table[j]!;
          if (e.pos === 0 || e.pos === NONE) continue;
          if (e.pos + e.size > fileSize || e.len > e.size || e.len < 5) throw new DasdImageError(`${path}: track ${i * 256 + j} entry (offset ${e.pos}, length ${e.len}, size ${e.size}) is invalid`);
          used.push({ pos: e.pos, len: e.size });
        }
      }
      this.buildSpaceMap(used);
      if (!this.readOnly) {
        this.cdevhdr.options |= CCKD_OPENED | CCKD_ORDWR;
        this.writeHeader();
      }
    } catch (e) {
      this.file.close();
      throw e;
    }
  }

  private buildSpaceMap(used: Gap[]): void {
    used.sort((a, b) => a.pos - b.pos);
    let at = 0;
    for (const u of used) {
      if (u.pos < at) throw new DasdImageError(`${this.path}: two tables or track images overlap at offset ${u.pos}`);
      if (u.pos > at) this.gaps.push({ pos: at, len: u.pos - at });
      at = u.pos + u.len;
    }
    this.end = at;
  }

  private decodeL2(b: Uint8Array): L2Entry[] {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const out: L2Entry[] = [];
    for (let i = 0; i < L2_ENTRIES; i++) {
      const o = i * L2_ENTRY_SIZE;
      out.push({ pos: v.getUint32(o, this.littleEndian), len: v.getUint16(o + 4, this.littleEndian), size: v.getUint16(o + 6, this.littleEndian) });
    }
    return out;
  }

  private encodeL2Entry(e: L2Entry): Uint8Array {
    const b = new Uint8Array(L2_ENTRY_SIZE);
    const v = new DataView(b.buffer);
    v.setUint32(0, e.pos, this.littleEndian);
    v.setUint16(4, e.len, this.littleEndian);
    v.setUint16(6, e.size, this.littleEndian);
    return b;
  }

  private writeHeader(): void {
    this.file.write(DEVHDR_SIZE, encodeCompressedHeader(this.cdevhdr));
  }

  private checkTrack(track: number): void {
    if (!Number.isInteger(track) || track < 0 || track >= this.cylinders * this.heads) throw new RangeError(`track ${track} outside the volume`);
  }

  /** The L2 entry of a track, or undefined when the file holds nothing for it. */
  private entry(track: number): L2Entry | 'lower' | undefined {
    const l1 = this.l1[track >> 8]!;
    if (l1 === NONE) return 'lower';
    if (l1 === 0) return undefined;
    const e = this.l2.get(track >> 8)![track & 0xff]!;
    if (e.pos === NONE) return 'lower';
    return e.pos === 0 ? undefined : e;
  }

  readTrack(track: number): Uint8Array {
    this.checkTrack(track);
    const e = this.entry(track);
    const cyl = Math.floor(track / this.heads);
    const head = track % this.heads;
    if (e === 'lower') {
      if (this.lower) return this.lower.readTrack(track);
      return nullTrack(cyl, head, this.cdevhdr.nullFormat);
    }
    if (!e) return nullTrack(cyl, head, this.nullFormatOf(track));
    const raw = this.file.readExact(e.pos, e.len, `track ${track}`);
    return this.expand(raw, track);
  }

  /** An empty L2 entry's length names the null-track format (Hercules' empty_l2). */
  private nullFormatOf(track: number): number {
    const table = this.l2.get(track >> 8);
    const len = table ? table[track & 0xff]!.len : this.cdevhdr.nullFormat;
    return len <= 2 ? len : this.cdevhdr.nullFormat;
  }

  private expand(raw: Uint8Array, track: number): Uint8Array {
    const comp = raw[0]!;
    let body: Uint8Array;
    try {
      if (comp === COMPRESS_NONE) body = raw.subarray(5);
      else if (comp === COMPRESS_ZLIB) body = new Uint8Array(inflateSync(raw.subarray(5)));
      else if (comp === COMPRESS_BZIP2) body = bunzip2(raw.subarray(5));
      else throw new TrackDataError(`track ${track} has unknown compression code ${comp}`);
    } catch (e) {
      if (e instanceof TrackDataError) throw e;
      throw new TrackDataError(`track ${track}: compressed image is damaged (${(e as Error).message})`);
    }
    const out = new Uint8Array(5 + body.length);
    out.set(raw.subarray(1, 5), 1);
    out.set(body, 5);
    return out;
  }

  private compact(image: Uint8Array): Uint8Array {
    const comp = this.cdevhdr.compression;
    if (comp === COMPRESS_ZLIB && image.length >= COMPRESS_MIN) {
      const level = this.cdevhdr.compressionParm >= 0 && this.cdevhdr.compressionParm <= 9 ? this.cdevhdr.compressionParm : undefined;
      const z = deflateSync(image.subarray(5), level === undefined ? {} : { level });
      if (z.length + 5 < image.length) {
        const out = new Uint8Array(5 + z.length);
        out[0] = COMPRESS_ZLIB;
        out.set(image.subarray(1, 5), 1);
        out.set(z, 5);
        return out;
      }
    }
    const out = image.slice();
    out[0] = COMPRESS_NONE;
    return out;
  }

  /** Space no table refers to: a gap that fits (exactly, or leaving room for a free block), or the end of file. */
  private allocate(len: number): number {
    for (let i = 0; i < this.gaps.length; i++) {
      const g = this.gaps[i]!;
      if (g.len === len || g.len >= len + FREEBLK_SIZE) {
        const pos = g.pos;
        if (g.len === len) this.gaps.splice(i, 1);
        else {
          g.pos += len;
          g.len -= len;
        }
        return pos;
      }
    }
    const pos = this.end;
    this.end += len;
    return pos;
  }

  /**
   * Space for a level-2 table at an 8-byte boundary, so that no 8-byte entry in it crosses
   * a page boundary (a page is written whole or not at all when the process is killed).
   * Any space skipped to reach the boundary is made at least a free block long.
   */
  private allocateTable(len: number): number {
    const place = (pos: number) => {
      let pre = (8 - (pos % 8)) % 8;
      if (pre > 0 && pre < FREEBLK_SIZE) pre += 8;
      return { start: pos + pre, pre };
    };
    for (let i = 0; i < this.gaps.length; i++) {
      const g = this.gaps[i]!;
      const { start, pre } = place(g.pos);
      const rest = g.len - pre - len;
      if (rest !== 0 && rest < FREEBLK_SIZE) continue;
      const pieces: Gap[] = [];
      if (pre > 0) pieces.push({ pos: g.pos, len: pre });
      if (rest > 0) pieces.push({ pos: start + len, len: rest });
      this.gaps.splice(i, 1, ...pieces);
      return start;
    }
    const { start, pre } = place(this.end);
    if (pre > 0) this.gaps.push({ pos: this.end, len: pre });
    this.end = start + len;
    return start;
  }

  private release(pos: number, len: number): void {
    if (len <= 0) return;
    let i = 0;
    while (i < this.gaps.length && this.gaps[i]!.pos < pos) i++;
    this.gaps.splice(i, 0, { pos, len });
    // merge with neighbours
    if (i + 1 < this.gaps.length && pos + len === this.gaps[i + 1]!.pos) {
      this.gaps[i]!.len += this.gaps[i + 1]!.len;
      this.gaps.splice(i + 1, 1);
    }
    if (i > 0 && this.gaps[i - 1]!.pos + this.gaps[i - 1]!.len === pos) {
      this.gaps[i - 1]!.len += this.gaps[i]!.len;
      this.gaps.splice(i, 1);
    }
  }

  writeTrack(track: number, image: Uint8Array): void {
    if (this.readOnly) throw new DasdImageError(`${this.path} is open read-only`);
    this.checkTrack(track);
    if (image.length > this.trackSize) throw new DasdImageError(`track image of ${image.length} bytes exceeds the track size ${this.trackSize}`);
    const cyl = Math.floor(track / this.heads);
    const head = track % this.heads;
    let newEntry: L2Entry;
    const nullFormat = [0, 1].find((f) => sameBytes(image, nullTrack(cyl, head, f)));
    if (nullFormat !== undefined) {
      // Hercules stores empty tracks as table entries only; its checker rejects them as images.
      newEntry = { pos: 0, len: nullFormat, size: nullFormat };
    } else {
      const stored = this.compact(image);
      if (stored.length > 0xffff) throw new DasdImageError(`track ${track}: stored image of ${stored.length} bytes is too long`);
      const pos = this.allocate(stored.length);
      this.file.write(pos, stored);
      if (this.syncWrites) this.file.sync();
      newEntry = { pos, len: stored.length, size: stored.length };
    }
    const l1i = track >> 8;
    const old = this.entry(track);
    let table = this.l2.get(l1i);
    if (!table) {
      const below = this.l1[l1i] === NONE;
      const nf = this.cdevhdr.nullFormat;
      table = Array.from({ length: L2_ENTRIES }, () => (below ? { pos: NONE, len: 0xffff, size: 0xffff } : { pos: 0, len: nf, size: nf }));
      table[track & 0xff] = newEntry;
      const bytes = new Uint8Array(L2_TABLE_SIZE);
      table.forEach((e, i) => bytes.set(this.encodeL2Entry(e), i * L2_ENTRY_SIZE));
      const tpos = this.allocateTable(L2_TABLE_SIZE);
      this.file.write(tpos, bytes);
      if (this.syncWrites) this.file.sync();
      const l1e = new Uint8Array(4);
      new DataView(l1e.buffer).setUint32(0, tpos, this.littleEndian);
      this.file.write(L1_POS + l1i * 4, l1e);
      this.l1[l1i] = tpos;
      this.l2.set(l1i, table);
    } else {
      this.file.write(this.l1[l1i]! + (track & 0xff) * L2_ENTRY_SIZE, this.encodeL2Entry(newEntry));
      table[track & 0xff] = newEntry;
    }
    if (this.syncWrites) this.file.sync();
    if (old && old !== 'lower') this.release(old.pos, old.size);
  }

  flush(): void {
    if (!this.readOnly) this.file.sync();
  }

  /** Free space and totals as they stand (what close writes into the header). */
  spaceSummary(): { size: number; used: number; freeTotal: number; freeLargest: number; freeNumber: number } {
    const gaps = this.gaps;
    let total = 0;
    let largest = 0;
    for (const g of gaps) {
      total += g.len;
      largest = Math.max(largest, g.len);
    }
    return { size: this.end, used: this.end - total, freeTotal: total, freeLargest: largest, freeNumber: gaps.length };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.readOnly) {
      this.file.close();
      this.lower?.close();
      return;
    }
    // Trailing free space is given back to the file system rather than chained.
    while (this.gaps.length && this.gaps[this.gaps.length - 1]!.pos + this.gaps[this.gaps.length - 1]!.len >= this.end) {
      this.end = this.gaps.pop()!.pos;
    }
    this.file.sync();
    truncate(this.file, this.end);
    // Old-format free chain: each gap begins with {next gap offset, this gap's length}.
    for (let i = 0; i < this.gaps.length; i++) {
      const g = this.gaps[i]!;
      const b = new Uint8Array(FREEBLK_SIZE);
      const v = new DataView(b.buffer);
      v.setUint32(0, i + 1 < this.gaps.length ? this.gaps[i + 1]!.pos : 0, this.littleEndian);
      v.setUint32(4, g.len, this.littleEndian);
      this.file.write(g.pos, b);
    }
    const s = this.spaceSummary();
    this.cdevhdr = {
      ...this.cdevhdr,
      options: this.cdevhdr.options & ~CCKD_OPENED,
      size: s.size,
      used: s.used,
      free: this.gaps.length ? this.gaps[0]!.pos : 0,
      freeTotal: s.freeTotal,
      freeLargest: s.freeLargest,
      freeNumber: s.freeNumber,
      freeImbed: 0,
    };
    this.file.sync();
    this.writeHeader();
    this.file.sync();
    this.file.close();
    this.lower?.close();
  }

  /** The stored length of every track present in this file (for `info` and `check`). */
  storedTracks(): Array<{ track: number; pos: number; len: number; compression: number }> {
    const out: Array<{ track: number; pos: number; len: number; compression: number }> = [];
    for (const [i, table] of this.l2) {
      table.forEach((e, j) => {
        if (e.pos !== 0 && e.pos !== NONE) out.push({ track: i * 256 + j, pos: e.pos, len: e.len, compression: this.file.read(e.pos, 1)[0] ?? -1 });
      });
    }
    return out.sort((a, b) => a.track - b.track);
  }

  headerInfo(): { device: DeviceHeader; compressed: CompressedHeader } {
    return { device: { ...this.devhdr }, compressed: { ...this.cdevhdr } };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function truncate(file: ImageFile, size: number): void {
  ftruncateSync(file.fd, size);
}

/** Writes a new, empty compressed volume or shadow file. */
export function createCompressedFile(path: string, devhdr: DeviceHeader, cylinders: number, options: { shadow?: boolean; compression?: number; nullFormat?: number } = {}): void {
  const tracks = cylinders * devhdr.heads;
  const l1Entries = Math.ceil(tracks / L2_ENTRIES);
  const l1Bytes = new Uint8Array(l1Entries * 4).fill(options.shadow ? 0xff : 0);
  const size = L1_POS + l1Bytes.length;
  const cdev: CompressedHeader = {
    version: [0, 3, 1],
    options: 0x01 | CCKD_ORDWR,
    l1Entries,
    l2Entries: L2_ENTRIES,
    size,
    used: size,
    free: 0,
    freeTotal: 0,
    freeLargest: 0,
    freeNumber: 0,
    freeImbed: 0,
    cylinders,
    // Format 1 (home address and R0 only) matches what uncompressed volumes get from dasdinit.
    nullFormat: options.nullFormat ?? 1,
    compression: options.compression ?? COMPRESS_ZLIB,
    compressionParm: -1,
  };
  const f = new ImageFile(path, false, true);
  try {
    f.write(0, encodeDeviceHeader({ ...devhdr, id: options.shadow ? ID_SHADOW : ID_CCKD, fileSeq: 0, highCyl: 0 }));
    f.write(DEVHDR_SIZE, encodeCompressedHeader(cdev));
    f.write(L1_POS, l1Bytes);
    f.sync();
  } finally {
    f.close();
  }
}
