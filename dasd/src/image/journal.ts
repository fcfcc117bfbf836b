// A one-record write-ahead journal for images updated in place (uncompressed CKD, FBA).
// A killed process can stop a large write(2) between pages, leaving a track half old and
// half new. So every in-place write first goes, whole and checksummed, to the journal
// file; only then to its place. On the next open a journal record with a good checksum
// is written again (it is the last write made, so repeating it is harmless); a record
// with a bad checksum was itself cut short, which means its in-place write never began.
import { crc32 } from 'node:zlib';
import { existsSync, unlinkSync } from 'node:fs';
import { ImageFile } from './file-io.ts';

const MAGIC = 'VM370JN1';
const HEADER = 8 + 4 * 5;

export interface JournalRecord {
  fileIndex: number;
  offset: number;
  data: Uint8Array;
}

export function journalPath(imagePath: string): string {
  return `${imagePath}.journal`;
}

/** The journal's last record, or undefined when there is none or it was cut short. */
export function readJournal(imagePath: string): JournalRecord | undefined {
  const path = journalPath(imagePath);
  if (!existsSync(path)) return undefined;
  const f = new ImageFile(path, true);
  try {
    const h = f.read(0, HEADER);
    if (h.length < HEADER || String.fromCharCode(...h.subarray(0, 8)) !== MAGIC) return undefined;
    const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
    const fileIndex = v.getUint32(8);
    const offset = v.getUint32(12) * 0x100000000 + v.getUint32(16);
    const length = v.getUint32(20);
    const crc = v.getUint32(24);
    const data = f.read(HEADER, length);
    if (data.length !== length || crc32(data, crc32(h.subarray(8, 24))) !== crc) return undefined;
    return { fileIndex, offset, data };
  } finally {
    f.close();
  }
}

export class Journal {
  private file: ImageFile | undefined;
  constructor(
    private readonly imagePath: string,
    private readonly syncWrites: boolean,
  ) {}

  /** Records a write about to be made in place; returns once the record is complete. */
  record(fileIndex: number, offset: number, data: Uint8Array): void {
    if (!this.file) {
      const path = journalPath(this.imagePath);
      this.file = new ImageFile(path, false, !existsSync(path));
    }
    const buf = new Uint8Array(HEADER + data.length);
    const v = new DataView(buf.buffer);
    for (let i = 0; i < 8; i++) buf[i] = MAGIC.charCodeAt(i);
    v.setUint32(8, fileIndex);
    v.setUint32(12, Math.floor(offset / 0x100000000));
    v.setUint32(16, offset >>> 0);
    v.setUint32(20, data.length);
    v.setUint32(24, crc32(data, crc32(buf.subarray(8, 24))));
    buf.set(data, HEADER);
    this.file.write(0, buf);
    if (this.syncWrites) this.file.sync();
  }

  /** After a clean close: the image holds everything, the journal is not needed. */
  discard(): void {
    this.file?.close();
    this.file = undefined;
    const path = journalPath(this.imagePath);
    if (existsSync(path)) unlinkSync(path);
  }
}
