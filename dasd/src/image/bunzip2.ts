// A bzip2 decompressor, for CCKD track images Hercules stored with bzip2 (compression
// code 2). Format as the bzip2 1.0 sources document it: "BZh" + level, then blocks
// (magic 0x314159265359) of Huffman-coded MTF/RLE symbols over a Burrows-Wheeler
// transform, ended by 0x177245385090. Checksums are not verified (zlib-free inputs are
// checked by the track parser instead).

class BitReader {
  private pos = 0;
  private bit = 0;
  constructor(private readonly data: Uint8Array) {}

  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      if (this.pos >= this.data.length) throw new Error('bzip2 data ends early');
      v = (v << 1) | ((this.data[this.pos]! >> (7 - this.bit)) & 1);
      if (++this.bit === 8) {
        this.bit = 0;
        this.pos++;
      }
    }
    return v >>> 0;
  }
}

const MAX_GROUPS = 6;
const GROUP_SIZE = 50;

export function bunzip2(input: Uint8Array): Uint8Array {
  const r = new BitReader(input);
  if (r.bits(8) !== 0x42 || r.bits(8) !== 0x5a || r.bits(8) !== 0x68) throw new Error('not bzip2 data');
  const level = r.bits(8) - 0x30;
  if (level < 1 || level > 9) throw new Error('bad bzip2 block size');
  const maxBlock = level * 100000;
  const out: number[] = [];
  for (;;) {
    const hi = r.bits(24);
    const lo = r.bits(24);
    if (hi === 0x177245 && lo === 0x385090) {
      r.bits(32);
      break;
    }
    if (hi !== 0x314159 || lo !== 0x265359) throw new Error('bad bzip2 block magic');
    r.bits(32); // block CRC
    if (r.bits(1)) throw new Error('randomised bzip2 blocks are not supported');
    const origPtr = r.bits(24);
    const used: number[] = [];
    const ranges = r.bits(16);
    for (let i = 0; i < 16; i++) {
      if (ranges & (0x8000 >> i)) {
        const m = r.bits(16);
        for (let j = 0; j < 16; j++) if (m & (0x8000 >> j)) used.push(i * 16 + j);
      }
    }
    if (used.length === 0) throw new Error('bzip2 block uses no symbols');
    const alphaSize = used.length + 2;
    const nGroups = r.bits(3);
    const nSelectors = r.bits(15);
    if (nGroups < 2 || nGroups > MAX_GROUPS || nSelectors < 1) throw new Error('bad bzip2 Huffman groups');
    const mtfGroups = Array.from({ length: nGroups }, (_, i) => i);
    const selectors = new Uint8Array(nSelectors);
    for (let i = 0; i < nSelectors; i++) {
      let j = 0;
      while (r.bits(1)) if (++j >= nGroups) throw new Error('bad bzip2 selector');
      const v = mtfGroups[j]!;
      mtfGroups.splice(j, 1);
      mtfGroups.unshift(v);
      selectors[i] = v;
    }
    const tables: Array<{ limit: Int32Array; base: Int32Array; perm: Int32Array; minLen: number }> = [];
    for (let g = 0; g < nGroups; g++) {
      const lengths = new Uint8Array(alphaSize);
      let len = r.bits(5);
      for (let s = 0; s < alphaSize; s++) {
        for (;;) {
          if (len < 1 || len > 20) throw new Error('bad bzip2 code length');
          if (!r.bits(1)) break;
          len += r.bits(1) ? -1 : 1;
        }
        lengths[s] = len;
      }
      tables.push(huffmanTable(lengths));
    }
    // Huffman and MTF/RLE2 decoding into tt (symbol counts per byte value kept in counts)
    const mtf = used.slice();
    const tt = new Uint32Array(maxBlock);
    const counts = new Int32Array(256);
    let n = 0;
    let group = -1;
    let left = 0;
    let run = 0;
    let runWeight = 1;
    for (;;) {
      if (left === 0) {
        group++;
        if (group >= nSelectors) throw new Error('bzip2 selectors exhausted');
        left = GROUP_SIZE;
      }
      left--;
      const t = tables[selectors[group]!]!;
      let len = t.minLen;
      let code = r.bits(len);
      while (len <= 20 && code > t.limit[len]!) {
        code = (code << 1) | r.bits(1);
        len++;
      }
      if (len > 20) throw new Error('bad bzip2 Huffman code');
      const sym = t.perm[code - t.base[len]!]!;
      if (sym <= 1) {
        run += (sym + 1) * runWeight;
        runWeight <<= 1;
        continue;
      }
      if (run > 0) {
        const b = mtf[0]!;
        if (n + run > maxBlock) throw new Error('bzip2 block too long');
        counts[b]! += run;
        while (run--) tt[n++] = b;
        run = 0;
        runWeight = 1;
      }
      if (sym === alphaSize - 1) break;
      const idx = sym - 1;
      const b = mtf[idx]!;
      mtf.splice(idx, 1);
      mtf.unshift(b);
      if (n >= maxBlock) throw new Error('bzip2 block too long');
      counts[b]!++;
      tt[n++] = b;
    }
    if (origPtr >= n) throw new Error('bad bzip2 origin pointer');
    // inverse Burrows-Wheeler transform
    const start = new Int32Array(256);
    for (let i = 0, sum = 0; i < 256; i++) {
      start[i] = sum;
      sum += counts[i]!;
    }
    for (let i = 0; i < n; i++) {
      const b = tt[i]! & 0xff;
      tt[start[b]!++]! |= i << 8;
    }
    // undo the initial run-length encoding: 4 equal bytes are followed by a repeat count
    let p = tt[origPtr]! >>> 8;
    let last = -1;
    let same = 0;
    for (let i = 0; i < n; i++) {
      const e = tt[p]!;
      const b = e & 0xff;
      p = e >>> 8;
      if (same === 4) {
        for (let k = 0; k < b; k++) out.push(last);
        same = 0;
        continue;
      }
      if (b === last) same++;
      else {
        last = b;
        same = 1;
      }
      out.push(b);
    }
  }
  return Uint8Array.from(out);
}

function huffmanTable(lengths: Uint8Array): { limit: Int32Array; base: Int32Array; perm: Int32Array; minLen: number } {
  let minLen = 32;
  let maxLen = 0;
  for (const l of lengths) {
    minLen = Math.min(minLen, l);
    maxLen = Math.max(maxLen, l);
  }
  const perm = new Int32Array(lengths.length);
  let pp = 0;
  for (let len = minLen; len <= maxLen; len++) for (let s = 0; s < lengths.length; s++) if (lengths[s] === len) perm[pp++] = s;
  const limit = new Int32Array(22).fill(-1);
  const base = new Int32Array(22);
  let code = 0;
  let index = 0;
  for (let len = minLen; len <= maxLen; len++) {
    let count = 0;
    for (const l of lengths) if (l === len) count++;
    base[len] = code - index;
    code += count;
    index += count;
    limit[len] = code - 1;
    code <<= 1;
  }
  // `code - base[len]` indexes perm: base holds (first code of the length) - (its first index)
  return { limit, base, perm, minLen };
}
