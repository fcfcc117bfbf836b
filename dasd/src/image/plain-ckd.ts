// Uncompressed Hercules CKD images, one file or several (name_1.ext, name_2.ext ...: the
// character before the first dot of the file name is the sequence digit).
import { basename, dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { ckdGeometryForTypeByte, type CkdGeometry } from '../geometry.ts';
import { DasdImageError } from './errors.ts';
import { ImageFile } from './file-io.ts';
import { DEVHDR_SIZE, ID_CKD, decodeDeviceHeader, type DeviceHeader } from './headers.ts';
import { EOT_SIZE, parseTrack } from './track.ts';
import { Journal, readJournal, type JournalRecord } from './journal.ts';
import type { CkdImage, OpenOptions } from './ckd-image.ts';

export const CKD_MAX_FILES = 27;

interface Segment {
  file: ImageFile;
  firstTrack: number;
  tracks: number;
}

/** The name of file number `seq` (1-based) of a multi-file volume whose first file is `first`. */
export function segmentName(first: string, seq: number): string {
  const base = basename(first);
  const dot = base.indexOf('.', 1);
  const at = (dot < 0 ? base.length : dot) - 1;
  const ch = seq <= 9 ? String(seq) : String.fromCharCode(65 + seq - 10);
  return join(dirname(first), base.slice(0, at) + ch + base.slice(at + 1));
}

export class PlainCkdImage implements CkdImage {
  readonly format = 'ckd' as const;
  readonly files: string[] = [];
  readonly geometry: CkdGeometry;
  readonly cylinders: number;
  readonly heads: number;
  readonly trackSize: number;
  readonly readOnly: boolean;
  private readonly segments: Segment[] = [];
  private readonly syncWrites: boolean;
  private readonly journal: Journal;
  /** A journaled write not yet repeated in place (read-only open after a crash). */
  private overlay: JournalRecord | undefined;

  constructor(
    readonly path: string,
    options: OpenOptions = {},
  ) {
    this.readOnly = options.readOnly ?? false;
    this.syncWrites = options.sync ?? false;
    let first: DeviceHeader | undefined;
    let tracks = 0;
    try {
      for (let seq = 1; seq <= CKD_MAX_FILES; seq++) {
        const name = seq === 1 ? path : segmentName(path, seq);
        if (seq > 1 && !existsSync(name)) throw new DasdImageError(`${path}: volume continues in ${name}, which does not exist`);
        const file = new ImageFile(name, this.readOnly);
        this.files.push(name);
        const hdr = decodeDeviceHeader(file.readExact(0, DEVHDR_SIZE, 'device header'));
        if (hdr.id !== ID_CKD) {
          file.close();
          throw new DasdImageError(`${name}: not an uncompressed CKD image (header '${printable(hdr.id)}')`);
        }
        if (hdr.heads < 1 || hdr.heads > 255 || hdr.trackSize < 512 || hdr.trackSize > 0x10000 || hdr.trackSize % 512 !== 0) {
          file.close();
          throw new DasdImageError(`${name}: implausible geometry in header (heads ${hdr.heads}, track size ${hdr.trackSize})`);
        }
        if (first && (hdr.heads !== first.heads || hdr.trackSize !== first.trackSize)) {
          file.close();
          throw new DasdImageError(`${name}: geometry differs from the first file of the volume`);
        }
        const expectSeq = seq === 1 ? [0, 1] : [seq];
        if (!expectSeq.includes(hdr.fileSeq)) {
          file.close();
          throw new DasdImageError(`${name}: file out of sequence (header says ${hdr.fileSeq}, expected ${seq})`);
        }
        first ??= hdr;
        const body = file.size() - DEVHDR_SIZE;
        const cylBytes = hdr.trackSize * hdr.heads;
        if (body < 0 || body % cylBytes !== 0) {
          file.close();
          throw new DasdImageError(`${name}: file size ${body + DEVHDR_SIZE} is not header + whole cylinders of ${cylBytes} bytes`);
        }
        const fileTracks = body / hdr.trackSize;
        this.segments.push({ file, firstTrack: tracks, tracks: fileTracks });
        tracks += fileTracks;
        if (hdr.highCyl !== 0 && hdr.highCyl !== tracks / hdr.heads - 1) {
          throw new DasdImageError(`${name}: header high cylinder ${hdr.highCyl} disagrees with the file size`);
        }
        if (hdr.highCyl === 0 || hdr.fileSeq === 0) break;
      }
    } catch (e) {
      for (const s of this.segments) s.file.close();
      throw e;
    }
    this.heads = first!.heads;
    this.trackSize = first!.trackSize;
    this.cylinders = tracks / this.heads;
    const g = ckdGeometryForTypeByte(first!.typeByte, this.cylinders);
    if (!g) {
      for (const s of this.segments) s.file.close();
      throw new DasdImageError(`${path}: unknown device type byte ${first!.typeByte.toString(16)}`);
    }
    this.geometry = g;
    this.journal = new Journal(path, this.syncWrites);
    const pending = readJournal(path);
    if (pending && pending.fileIndex < this.segments.length) {
      if (this.readOnly) this.overlay = pending;
      else this.segments[pending.fileIndex]!.file.write(pending.offset, pending.data);
    }
  }

  private locate(track: number): { seg: Segment; index: number; pos: number } {
    if (!Number.isInteger(track) || track < 0 || track >= this.cylinders * this.heads) throw new RangeError(`track ${track} outside the volume`);
    for (let index = 0; index < this.segments.length; index++) {
      const seg = this.segments[index]!;
      if (track < seg.firstTrack + seg.tracks) return { seg, index, pos: DEVHDR_SIZE + (track - seg.firstTrack) * this.trackSize };
    }
    throw new RangeError(`track ${track} outside the volume`);
  }

  readTrack(track: number): Uint8Array {
    const { seg, index, pos } = this.locate(track);
    const o = this.overlay;
    const raw = o && o.fileIndex === index && o.offset === pos ? o.data.slice() : seg.file.readExact(pos, this.trackSize, `track ${track}`);
    const parsed = parseTrack(raw);
    return 'error' in parsed ? raw : raw.slice(0, parsed.end + EOT_SIZE);
  }

  writeTrack(track: number, image: Uint8Array): void {
    if (this.readOnly) throw new DasdImageError(`${this.path} is open read-only`);
    if (image.length > this.trackSize) throw new DasdImageError(`track image of ${image.length} bytes exceeds the track size ${this.trackSize}`);
    const { seg, index, pos } = this.locate(track);
    const buf = new Uint8Array(this.trackSize);
    buf.set(image);
    this.journal.record(index, pos, buf);
    seg.file.write(pos, buf);
    if (this.syncWrites) seg.file.sync();
  }

  flush(): void {
    if (!this.readOnly) for (const s of this.segments) s.file.sync();
  }

  close(): void {
    if (this.segments.length === 0) return;
    this.flush();
    for (const s of this.segments) s.file.close();
    this.segments.length = 0;
    if (!this.readOnly) this.journal.discard();
  }
}

export function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '.');
}
