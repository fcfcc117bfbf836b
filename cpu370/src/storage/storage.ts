// Main storage of one machine or virtual machine, with its storage keys.
// Backed by a SharedArrayBuffer so that CPUs on worker threads can share it.

/** Storage-key byte layout, as ISK/SSK show it in bits 24-31: KKKK F R C 0. */
export const KEY_ACCESS = 0xf0;
export const KEY_FETCH = 0x08;
export const KEY_REF = 0x04;
export const KEY_CHANGE = 0x02;

export const BLOCK_SHIFT = 11; // keys are per 2K block
export const MIN_STORAGE = 64 * 1024;
export const MAX_STORAGE = 16 * 1024 * 1024;

export class Storage {
  readonly mem: Uint8Array;
  readonly keys: Uint8Array;
  readonly size: number;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < MIN_STORAGE || size > MAX_STORAGE || size % 2048 !== 0) {
      throw new RangeError(`storage size must be a multiple of 2K from 64K to 16M, not ${size}`);
    }
    this.size = size;
    this.mem = new Uint8Array(new SharedArrayBuffer(size));
    this.keys = new Uint8Array(new SharedArrayBuffer(size >>> BLOCK_SHIFT));
  }

  /** Big-endian reads and writes at absolute addresses, with no checks (for loaders, tools and tests). */
  read8(a: number): number {
    return this.mem[a]!;
  }
  read16(a: number): number {
    const m = this.mem;
    return (m[a]! << 8) | m[a + 1]!;
  }
  read32(a: number): number {
    const m = this.mem;
    return ((m[a]! << 24) | (m[a + 1]! << 16) | (m[a + 2]! << 8) | m[a + 3]!) >>> 0;
  }
  write8(a: number, v: number): void {
    this.mem[a] = v;
  }
  write16(a: number, v: number): void {
    const m = this.mem;
    m[a] = v >>> 8;
    m[a + 1] = v;
  }
  write32(a: number, v: number): void {
    const m = this.mem;
    m[a] = v >>> 24;
    m[a + 1] = v >>> 16;
    m[a + 2] = v >>> 8;
    m[a + 3] = v;
  }
  load(a: number, bytes: Uint8Array): void {
    if (a < 0 || a + bytes.length > this.size) throw new RangeError(`image of ${bytes.length} bytes at ${a.toString(16)} exceeds storage`);
    this.mem.set(bytes, a);
  }
  slice(a: number, len: number): Uint8Array {
    return this.mem.slice(a, a + len);
  }
  clear(): void {
    this.mem.fill(0);
    this.keys.fill(0);
  }
}

/** Parses a size such as `1M`, `512K`, `2m`, `65536`. */
export function parseStorageSize(text: string): number {
  const m = /^(\d+)([KkMm]?)$/.exec(text.trim());
  if (!m) throw new RangeError(`bad storage size '${text}' (use e.g. 512K or 2M)`);
  const n = Number(m[1]);
  const unit = m[2]!.toUpperCase();
  return unit === 'M' ? n * 1024 * 1024 : unit === 'K' ? n * 1024 : n;
}
