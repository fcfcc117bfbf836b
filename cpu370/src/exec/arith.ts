// 64-bit fixed-point helpers on 32-bit halves (no BigInt in the hot path).

const TWO32 = 4294967296;

/** Signed 32 x 32 -> 64-bit product into g[r], g[r + 1] (MR, M). */
export function mulSigned64(g: Int32Array, r: number, a: number, b: number): void {
  const neg = a < 0 !== b < 0;
  const x = Math.abs(a);
  const y = Math.abs(b);
  const xh = Math.floor(x / 65536);
  const xl = x % 65536;
  const yh = Math.floor(y / 65536);
  const yl = y % 65536;
  const mid1 = xh * yl;
  const mid2 = xl * yh;
  const t = xl * yl + ((mid1 % 65536) + (mid2 % 65536)) * 65536;
  let lo = t % TWO32;
  let hi = xh * yh + Math.floor(mid1 / 65536) + Math.floor(mid2 / 65536) + Math.floor(t / TWO32);
  if (neg) {
    lo = (TWO32 - lo) % TWO32;
    hi = TWO32 - 1 - hi + (lo === 0 ? 1 : 0);
  }
  g[r] = hi | 0;
  g[r + 1] = lo | 0;
}
