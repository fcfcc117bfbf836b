// AWS tape images (the format of Hercules' awstape.c and P/390 AWSTAPE): each block is one
// or more chunks, each preceded by a 6-byte header: current chunk length and previous
// chunk length (16-bit little-endian), flags byte 1 (X'80' first chunk of a block, X'40'
// tape mark, X'20' last chunk of a block) and flags byte 2 (zero). A tape mark is a header
// alone. The file is indexed when it is opened; an index entry per block or tape mark.

import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

export const AWS_NEW_RECORD = 0x80;
export const AWS_TAPE_MARK = 0x40;
export const AWS_END_RECORD = 0x20;
const HEADER = 6;
export const AWS_MAX_CHUNK = 0xffff;

export interface AwsBlock {
  /** File offset of the block's first header. */
  readonly at: number;
  readonly tapeMark: boolean;
  /** Data chunks: file offset of the data and its length. */
  readonly chunks: ReadonlyArray<{ readonly offset: number; readonly length: number }>;
  readonly length: number;
}

export class AwsFile {
  readonly path: string;
  readonly readOnly: boolean;
  private fd: number;
  blocks: AwsBlock[] = [];
  /** File offset just after the last good block. */
  end = 0;
  /** Why the data after `end` cannot be read, or null when the file ends cleanly. */
  broken: string | null = null;

  constructor(path: string, readOnly: boolean) {
    this.path = path;
    let ro = readOnly;
    let fd: number;
    try {
      fd = openSync(path, ro ? 'r' : 'r+');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!ro && (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')) {
        ro = true;
        fd = openSync(path, 'r');
      } else if (!ro && code === 'ENOENT') {
        fd = openSync(path, 'w+');
      } else throw e;
    }
    this.fd = fd;
    this.readOnly = ro;
    this.scan();
  }

  private scan(): void {
    const size = fstatSync(this.fd).size;
    const h = Buffer.alloc(HEADER);
    let pos = 0;
    let prev = 0;
    this.blocks = [];
    this.broken = null;
    while (pos < size) {
      if (readSync(this.fd, h, 0, HEADER, pos) < HEADER) {
        this.broken = `truncated header at offset ${pos}`;
        break;
      }
      const cur = h.readUInt16LE(0);
      const prv = h.readUInt16LE(2);
      const f1 = h[4]!;
      if (prv !== prev || (f1 & 0x1f) !== 0 || h[5] !== 0) {
        this.broken = `bad header at offset ${pos}`;
        break;
      }
      if ((f1 & AWS_TAPE_MARK) !== 0) {
        this.blocks.push({ at: pos, tapeMark: true, chunks: [], length: 0 });
        pos += HEADER;
        prev = 0;
        continue;
      }
      if ((f1 & AWS_NEW_RECORD) === 0) {
        this.broken = `chunk without a block start at offset ${pos}`;
        break;
      }
      const at = pos;
      const chunks: { offset: number; length: number }[] = [];
      let length = 0;
      let flags = f1;
      let len = cur;
      let ok = true;
      for (;;) {
        if (pos + HEADER + len > size) {
          this.broken = `truncated block at offset ${at}`;
          ok = false;
          break;
        }
        chunks.push({ offset: pos + HEADER, length: len });
        length += len;
        pos += HEADER + len;
        prev = len;
        if ((flags & AWS_END_RECORD) !== 0) break;
        if (readSync(this.fd, h, 0, HEADER, pos) < HEADER || h.readUInt16LE(2) !== prev || (h[4]! & (AWS_NEW_RECORD | AWS_TAPE_MARK)) !== 0) {
          this.broken = `block at offset ${at} does not end`;
          ok = false;
          break;
        }
        flags = h[4]!;
        len = h.readUInt16LE(0);
      }
      if (!ok) break;
      this.blocks.push({ at, tapeMark: false, chunks, length });
    }
    this.end = this.broken ? (this.blocks.length ? this.after(this.blocks.length - 1) : 0) : size;
  }

  /** File offset just after block `i`. */
  private after(i: number): number {
    const b = this.blocks[i]!;
    if (b.tapeMark) return b.at + HEADER;
    const last = b.chunks[b.chunks.length - 1]!;
    return last.offset + last.length;
  }

  readBlock(i: number): Uint8Array {
    const b = this.blocks[i]!;
    const out = new Uint8Array(b.length);
    let o = 0;
    for (const c of b.chunks) {
      readSync(this.fd, out, o, c.length, c.offset);
      o += c.length;
    }
    return out;
  }

  /** Size the file would have after writing `dataLength` bytes as block `i` (or a tape mark when null). */
  sizeAfterWrite(i: number, dataLength: number | null): number {
    const start = i === 0 ? 0 : this.after(i - 1);
    if (dataLength === null) return start + HEADER;
    const chunks = Math.max(1, Math.ceil(dataLength / AWS_MAX_CHUNK));
    return start + chunks * HEADER + dataLength;
  }

  /** Writes block `i` (data, or a tape mark when null); everything after it is erased, as on tape. */
  write(i: number, data: Uint8Array | null): void {
    const start = i === 0 ? 0 : this.after(i - 1);
    const prevBlock = i === 0 ? undefined : this.blocks[i - 1];
    let prev = !prevBlock || prevBlock.tapeMark ? 0 : prevBlock.chunks[prevBlock.chunks.length - 1]!.length;
    const parts: Uint8Array[] = [];
    const chunks: { offset: number; length: number }[] = [];
    let pos = start;
    if (data === null) {
      parts.push(header(0, prev, AWS_TAPE_MARK));
      pos += HEADER;
    } else {
      let off = 0;
      do {
        const len = Math.min(AWS_MAX_CHUNK, data.length - off);
        const flags = (off === 0 ? AWS_NEW_RECORD : 0) | (off + len === data.length ? AWS_END_RECORD : 0);
        parts.push(header(len, prev, flags), data.subarray(off, off + len));
        chunks.push({ offset: pos + HEADER, length: len });
        pos += HEADER + len;
        prev = len;
        off += len;
      } while (off < data.length);
    }
    const buf = Buffer.concat(parts);
    ftruncateSync(this.fd, start);
    let w = 0;
    while (w < buf.length) w += writeSync(this.fd, buf, w, buf.length - w, start + w);
    this.blocks.length = i;
    this.blocks.push({ at: start, tapeMark: data === null, chunks, length: data?.length ?? 0 });
    this.end = pos;
    this.broken = null;
  }

  /** Erases everything from block `i` on (Data Security Erase). */
  eraseFrom(i: number): void {
    const start = i === 0 ? 0 : this.after(i - 1);
    ftruncateSync(this.fd, start);
    this.blocks.length = i;
    this.end = start;
    this.broken = null;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

function header(cur: number, prev: number, flags: number): Uint8Array {
  const h = Buffer.alloc(HEADER);
  h.writeUInt16LE(cur, 0);
  h.writeUInt16LE(prev, 2);
  h[4] = flags;
  return h;
}

/** Builds an AWS image in memory from blocks (Uint8Array) and tape marks (null): for tools and tests. */
export function buildAws(items: ReadonlyArray<Uint8Array | null>): Uint8Array {
  const parts: Uint8Array[] = [];
  let prev = 0;
  for (const it of items) {
    if (it === null) {
      parts.push(header(0, prev, AWS_TAPE_MARK));
      prev = 0;
      continue;
    }
    let off = 0;
    do {
      const len = Math.min(AWS_MAX_CHUNK, it.length - off);
      const flags = (off === 0 ? AWS_NEW_RECORD : 0) | (off + len === it.length ? AWS_END_RECORD : 0);
      parts.push(header(len, prev, flags), it.subarray(off, off + len));
      prev = len;
      off += len;
    } while (off < it.length);
  }
  return Buffer.concat(parts);
}
