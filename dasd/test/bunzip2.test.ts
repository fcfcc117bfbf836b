import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { bunzip2 } from '../src/image/bunzip2.ts';
import { hexOf } from './chain.ts';
import { onPath } from './tools.ts';

const TEXT = () => Buffer.concat([Buffer.from('hello hello hello world '.repeat(500)), Buffer.alloc(300, 0xff), Buffer.from([1, 1, 1, 1, 1, 2])]);

/** `bzip2 -9` of TEXT(). */
const STREAM = Buffer.from(
  '425a68393141592653591654a5d40007d3d180b0004020064490800008a0007040340026aa80621c6cb928314216df669066842f30442d520d5085d54217b4833483aa4183edff1772453850901654a5d4',
  'hex',
);

describe('bunzip2 (CCKD compression code 2)', () => {
  it('decodes a stream made by bzip2 -9 (runs, repeats, a run-length count)', () => {
    expect(hexOf(bunzip2(STREAM))).toBe(hexOf(TEXT()));
  });

  it('rejects what is not bzip2 and a stream cut short', () => {
    expect(() => bunzip2(Uint8Array.of(1, 2, 3, 4))).toThrow(/not bzip2/);
    expect(() => bunzip2(STREAM.subarray(0, 40))).toThrow(/ends early/);
  });

  const bzip2 = onPath('bzip2');
  it.skipIf(!bzip2)(`agrees with bzip2 on random, skewed and multi-block data${bzip2 ? '' : ' (skipped: bzip2 is not on PATH)'}`, () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (const data of [
      Buffer.from(Array.from({ length: 30000 }, () => Math.floor(rnd() * 256))),
      Buffer.from(Array.from({ length: 120000 }, () => Math.floor(rnd() * rnd() * 40))),
      Buffer.from(Array.from({ length: 250000 }, (_, i) => (i * 7 + (i >> 9)) & 0xff)),
    ]) {
      const z = execFileSync(bzip2!, ['-c', '-1'], { input: data });
      expect(hexOf(bunzip2(z))).toBe(hexOf(data));
    }
  });
});
