import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toEbcdic } from '../../cpu370/index.ts';
import { startSystem } from '../index.ts';
import { lineTerminal, logon, until } from './helpers/system.ts';
import { writer } from './helpers/spool-programs.ts';

describe('spool in the system that vm370 start runs', () => {
  it('keeps spool files in the data directory across a restart; SHUTDOWN closes open output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vm370-spoolstart-'));
    try {
      const s1 = await startSystem({ dataDir: dir, port: 0 });
      s1.cp.namedSystems.set('PUNCH1', writer('PUNCH1', 0x00d, 0x01, 80, toEbcdic('ONE CARD'.padEnd(80))));
      const m = logon(s1.cp, 'maint', 'cpcms');
      m.type('spool punch to cmsuser');
      m.type('ipl punch1');
      await until(() => m.lines.some((l) => l.startsWith('DMKDSP450W')));
      m.take();
      s1.cp.shutdown();
      expect(m.take()).toContain('PUN FILE 0001  TO  CMSUSER  COPY 01 NOHOLD');
      await s1.close();
      expect(readdirSync(join(dir, 'spool')).sort()).toEqual(['0001.json', 'next']);

      const s2 = await startSystem({ dataDir: dir, port: 0 });
      const g = logon(s2.cp, 'guest', 'guest');
      g.type('#cp spool 00d to cmsuser');
      s2.cp.namedSystems.set('PUNCH1', s1.cp.namedSystems.get('PUNCH1')!);
      g.type('#cp ipl punch1');
      await until(() => g.lines.some((l) => l.startsWith('DMKDSP450W')));
      // Stopped without SHUTDOWN (SIGINT): the open punch file is closed, not lost.
      await s2.close();
      const s3 = await startSystem({ dataDir: dir, port: 0 });
      const c = lineTerminal(s3.cp);
      c.type('logon cmsuser cmsuser noipl');
      c.take();
      expect(c.type('query reader')).toEqual([
        'ORIGINID FILE CLASS RECDS    CPY HOLD',
        'MAINT    0001 A PUN 00000001 01 NONE',
        'GUEST    0002 A PUN 00000001 01 NONE',
      ]);
      expect(c.type('purge reader all')).toEqual(['0002 FILES PURGED']);
      expect(existsSync(join(dir, 'spool', '0001.json'))).toBe(false);
      s3.cp.shutdown();
      await s3.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
