// FBA images as Hercules keeps them: the blocks of the device, 512 bytes each, from block
// 0, with no header. In-place writes go through the journal (journal.ts).
import type { FbaGeometry } from '../geometry.ts';
import { DasdImageError } from './errors.ts';
import { ImageFile } from './file-io.ts';
import { Journal, readJournal, type JournalRecord } from './journal.ts';
import type { OpenOptions } from './ckd-image.ts';

export const FBA_BLOCK_SIZE = 512;

export class FbaImage {
  readonly blocks: number;
  readonly readOnly: boolean;
  readonly format = 'fba' as const;
  private readonly file: ImageFile;
  private readonly journal: Journal;
  private readonly syncWrites: boolean;
  private overlay: JournalRecord | undefined;
  private closed = false;

  constructor(
    readonly path: string,
    readonly geometry: FbaGeometry,
    options: OpenOptions = {},
  ) {
    this.readOnly = options.readOnly ?? false;
    this.syncWrites = options.sync ?? false;
    this.file = new ImageFile(path, this.readOnly);
    const size = this.file.size();
    if (size === 0 || size % FBA_BLOCK_SIZE !== 0) {
      this.file.close();
      throw new DasdImageError(`${path}: size ${size} is not a whole number of 512-byte blocks`);
    }
    this.blocks = size / FBA_BLOCK_SIZE;
    this.journal = new Journal(path, this.syncWrites);
    const pending = readJournal(path);
    if (pending && pending.fileIndex === 0 && pending.offset + pending.data.length <= size) {
      if (this.readOnly) this.overlay = pending;
      else this.file.write(pending.offset, pending.data);
    }
  }

  readBlocks(first: number, count: number): Uint8Array {
    this.check(first, count);
    const out = this.file.readExact(first * FBA_BLOCK_SIZE, count * FBA_BLOCK_SIZE, `blocks ${first}-${first + count - 1}`);
    const o = this.overlay;
    if (o) {
      const start = first * FBA_BLOCK_SIZE;
      const lo = Math.max(start, o.offset);
      const hi = Math.min(start + out.length, o.offset + o.data.length);
      if (lo < hi) out.set(o.data.subarray(lo - o.offset, hi - o.offset), lo - start);
    }
    return out;
  }

  writeBlocks(first: number, data: Uint8Array): void {
    if (this.readOnly) throw new DasdImageError(`${this.path} is open read-only`);
    if (data.length % FBA_BLOCK_SIZE !== 0) throw new RangeError('FBA writes are whole blocks');
    this.check(first, data.length / FBA_BLOCK_SIZE);
    this.journal.record(0, first * FBA_BLOCK_SIZE, data);
    this.file.write(first * FBA_BLOCK_SIZE, data);
    if (this.syncWrites) this.file.sync();
  }

  private check(first: number, count: number): void {
    if (!Number.isInteger(first) || first < 0 || count < 0 || first + count > this.blocks) throw new RangeError(`blocks ${first}+${count} outside the volume of ${this.blocks}`);
  }

  flush(): void {
    if (!this.readOnly) this.file.sync();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.file.close();
    if (!this.readOnly) this.journal.discard();
  }
}
