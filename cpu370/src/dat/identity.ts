// Identity translation tables (4K pages, 64K segments) for running an existing core image
// with DAT on: what `vm370 bench --dat` uses to measure what translation costs.

export const IDENTITY_TABLES_AT = 0x2000;

/** CR0 (4K pages, 64K segments) and CR1 (segment-table length and origin) for the tables below. */
export function identityControlRegisters(storageSize: number): Map<number, number> {
  const segments = Math.ceil(storageSize / 0x10000);
  const stl = Math.ceil(segments / 16) - 1;
  return new Map([
    [0, 0x008000e0],
    [1, ((stl << 24) | IDENTITY_TABLES_AT) >>> 0],
  ]);
}

/**
 * A copy of a core image with identity tables for `storageSize` at X'2000' and its PSW at
 * 0 turned into the EC-mode PSW with DAT on (same key, state and address). The image must
 * leave the table area free.
 */
export function identityDatImage(image: Uint8Array, storageSize: number): Uint8Array {
  const segments = Math.ceil(storageSize / 0x10000);
  const st = IDENTITY_TABLES_AT;
  const pt = st + Math.ceil(segments / 16) * 64;
  const end = pt + segments * 32;
  for (let a = st; a < Math.min(end, image.length); a++) {
    if (image[a] !== 0) throw new RangeError(`the image uses X'${a.toString(16)}', where the translation tables go`);
  }
  const m = new Uint8Array(Math.max(image.length, end));
  m.set(image);
  const put = (a: number, v: number, n: number) => {
    for (let i = 0; i < n; i++) m[a + i] = (v >>> (8 * (n - 1 - i))) & 0xff;
  };
  for (let s = 0; s < segments; s++) {
    put(st + s * 4, (0xf0000000 | (pt + s * 32)) >>> 0, 4);
    for (let p = 0; p < 16; p++) put(pt + s * 32 + p * 2, ((s << 16) | (p << 12)) >>> 8, 2);
  }
  const keyState = m[1]! & 0xf1;
  const ia = ((m[5]! << 16) | (m[6]! << 8) | m[7]!) >>> 0;
  put(0, (0x04 << 24) | ((keyState | 0x08) << 16), 4);
  put(4, ia, 4);
  return m;
}
