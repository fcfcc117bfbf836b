import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashTest } from './crash-harness.ts';
import { tempDir } from './chain.ts';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

// Bounded: a few kills per format here; `npm run crash:dasd` runs hundreds.
describe('crash safety: writer killed at random moments', () => {
  for (const [format, kills] of [['ckd', 8], ['cckd', 8], ['shadow', 4]] as const) {
    it(`${format}: every reopen succeeds, no damaged track, no lost acknowledged write`, async () => {
      const f = await crashTest(tmp.dir, format, kills);
      expect(f.kills).toBe(kills);
      expect(f.acknowledged).toBeGreaterThan(0);
      expect({ unreadable: f.unreadable, damaged: f.damagedTracks, lost: f.lostWrites }).toEqual({ unreadable: 0, damaged: 0, lost: 0 });
    }, 60000);
  }
});
