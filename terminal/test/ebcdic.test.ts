import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CODE_PAGES, codePage, fromEbcdic, toEbcdic } from '../../cpu370/index.ts';
import { iconv } from '../index.ts';

describe('EBCDIC code pages', () => {
  it('each table maps 256 bytes to 256 distinct code points', () => {
    for (const page of Object.values(CODE_PAGES)) {
      expect(page.toUnicode.length).toBe(256);
      expect(new Set(page.toUnicode).size).toBe(256);
    }
  });

  it('every byte round-trips through text in every page', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const page of Object.values(CODE_PAGES)) expect(toEbcdic(fromEbcdic(all, page), page)).toEqual(all);
  });

  it('letters, digits and space in 037', () => {
    expect(Array.from(toEbcdic('A a0 ?'))).toEqual([0xc1, 0x40, 0x81, 0xf0, 0x40, 0x6f]);
  });

  it('037 and 1047 differ in exactly the six documented bytes', () => {
    const p037 = codePage('cp037'), p1047 = codePage('IBM-1047');
    const diffs: string[] = [];
    for (let b = 0; b < 256; b++) {
      if (p037.toUnicode[b] !== p1047.toUnicode[b])
        diffs.push(`${b.toString(16)}:${String.fromCodePoint(p037.toUnicode[b]!)}${String.fromCodePoint(p1047.toUnicode[b]!)}`);
    }
    expect(diffs).toEqual(['5f:¬^', 'ad:Ý[', 'b0:^¬', 'ba:[Ý', 'bb:]¨', 'bd:¨]']);
  });

  it('1140 is 037 with the euro sign at 9F', () => {
    const a = codePage('cp037'), b = codePage('cp1140');
    const diffs = [...Array(256).keys()].filter((i) => a.toUnicode[i] !== b.toUnicode[i]);
    expect(diffs).toEqual([0x9f]);
    expect(Array.from(toEbcdic('€', b))).toEqual([0x9f]);
  });

  it('unmappable characters become EBCDIC SUB (3F), one per code point, emoji included', () => {
    expect(Array.from(toEbcdic('€x😀'))).toEqual([0x3f, 0xa7, 0x3f]);
  });

  it('control bytes: 15 is NEL and 25 is LF', () => {
    expect(fromEbcdic(Uint8Array.of(0x15, 0x25))).toBe('\u0085\n');
  });

  it('is registered with iconv-lite under its names and aliases', () => {
    for (const name of ['cp037', 'IBM-037', 'ibm037', 'cp1047', 'IBM-1047', 'cp500', 'cp1140', 'ibm1140'])
      expect(iconv.encodingExists(name), name).toBe(true);
    expect(Array.from(iconv.encode('Hello [x]', 'cp1047'))).toEqual([0xc8, 0x85, 0x93, 0x93, 0x96, 0x40, 0xad, 0xa7, 0xbd]);
    expect(iconv.decode(Buffer.from([0xc8, 0x85, 0xba, 0xbb]), 'IBM-037')).toBe('He[]');
  });

  it.skipIf(!existsSync('/usr/bin/iconv'))('037 and 1047 agree with glibc iconv byte for byte', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    for (const [glibc, ours] of [['IBM037', 'cp037'], ['IBM1047', 'cp1047']] as const) {
      const text = execFileSync('iconv', ['-f', glibc, '-t', 'UTF-8'], { input: all }).toString('utf8');
      expect(text).toBe(fromEbcdic(all, codePage(ours)));
    }
  });
});
