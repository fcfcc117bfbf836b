import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toEbcdic } from '../../cpu370/index.ts';
import { printerText, SpoolStore, type SpoolFile } from '../src/spool/store.ts';

const file = (id: number, records: Uint8Array[]): SpoolFile => ({
  id,
  queue: 'RDR',
  owner: 'BOB',
  origin: 'ALICE',
  originType: 'PUN',
  spoolClass: 'A',
  copies: 1,
  hold: false,
  created: 0,
  name: '',
  type: '',
  dist: '',
  records,
});

describe('spool store', () => {
  it('spoolids wrap after 9900 and skip numbers still in use, also after a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vm370-spoolids-'));
    try {
      const s1 = new SpoolStore(dir);
      expect(s1.allocateId()).toBe(1);
      s1.put(file(1, [toEbcdic('X'.padEnd(80))]));
      writeFileSync(join(dir, 'spool', 'next'), '9899');
      const s2 = new SpoolStore(dir);
      expect(s2.allocateId()).toBe(9900);
      expect(s2.allocateId()).toBe(2);
      expect(s2.queue('BOB', 'RDR').map((f) => f.id)).toEqual([1]);
      expect(s2.get(1)!.records[0]).toEqual(toEbcdic('X'.padEnd(80)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('printer records become text: spacing after the line, skip to channel 1 as a form feed', () => {
    const line = (cmd: number, text: string): Uint8Array => Uint8Array.of(cmd, ...toEbcdic(text));
    const f = { ...file(1, [line(0x09, 'ONE  '), line(0x11, 'TWO'), Uint8Array.of(0x0b), line(0x89, 'THREE'), line(0x09, 'FOUR')]), queue: 'PRT' as const };
    expect(printerText(f)).toBe('ONE\nTWO\n\n\nTHREE\fFOUR\n');
  });
});
