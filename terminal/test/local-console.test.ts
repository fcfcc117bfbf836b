// `vm370 ipl --local-console`: the blessed 3270 window in the operator's own terminal
// (tmux here), on the configuration's 3270, with a stand-alone program driving it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { iplDeck } from '../../cpu370/index.ts';
import { bareProgram, ORIGIN } from './helpers/bare-program.ts';
import { HAVE_TMUX, Tmux } from './helpers/tmux.ts';
import { freePort } from './helpers/free-port.ts';

if (!HAVE_TMUX) console.warn('terminal/test/local-console.test.ts: SKIPPED, tmux is not on PATH');

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vm370.js');


describe.skipIf(!HAVE_TMUX)('vm370 ipl --local-console under tmux', () => {
  it('shows the program\'s screen, takes typing and Enter, and gets the reply', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vm370-local-'));
    const port = await freePort();
    writeFileSync(join(dir, 'prog.deck'), iplDeck(bareProgram(0x010), { origin: ORIGIN }));
    writeFileSync(join(dir, 'machine.cnf'), `ARCHMODE S/370\nMAINSIZE 2\nCNSLPORT ${port}\n000C 3505 ${join(dir, 'prog.deck')} ebcdic eof\n0010 3270\n`);
    // The test program clears status left from before it runs, so it must be waiting for the
    // terminal (device end) before the window opens.
    writeFileSync(join(dir, 'run.rc'), 'ipl 00c\npause 1\n');
    const t = new Tmux();
    try {
      t.start(80, 26, `TERM=xterm node ${BIN} ipl -q ${join(dir, 'machine.cnf')} --rc ${join(dir, 'run.rc')} --local-console; echo EXIT=$?; sleep 10`);
      let lines = await t.waitFor((l) => l.some((x) => x.includes('VM/370 BARE MACHINE 3270 TEST')), 60000);
      expect(lines[0]!.trimEnd()).toBe(' VM/370 BARE MACHINE 3270 TEST');
      expect(lines[2]!.trimEnd()).toBe(' NAME:');
      t.tmux('send-keys', '-t', 't', 'MAINT', 'Enter');
      lines = await t.waitFor((l) => l.some((x) => x.includes('HELLO MAINT')));
      expect(lines[4]!.trimEnd()).toBe(" HELLO MAINT                AID='");
      t.tmux('send-keys', '-t', 't', 'C-]');
      lines = await t.waitFor((l) => l.some((x) => x.startsWith('EXIT=')));
      expect(lines.find((x) => x.startsWith('EXIT='))).toBe('EXIT=0');
    } finally {
      t.kill();
    }
  }, 90000);
});
