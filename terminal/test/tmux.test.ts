// `vm370 connect` in a real terminal (tmux), against our server and against Hercules' 3270 console.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Display3270, TerminalPool, TerminalServer } from '../index.ts';
import { TestProgram } from './helpers/test-program.ts';
import { Tmux } from './helpers/tmux.ts';
import net from 'node:net';
import { freePort } from './helpers/free-port.ts';

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const HAVE_TMUX = has('tmux');
const HAVE_HERCULES = has('hercules');
const HAVE_C3270 = has('c3270');
if (!HAVE_TMUX) console.warn('terminal/test/tmux.test.ts: SKIPPED, tmux is not on PATH');
if (HAVE_TMUX && !HAVE_HERCULES) console.warn('terminal/test/tmux.test.ts: Hercules part SKIPPED, hercules is not on PATH');

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vm370.js');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));


describe.skipIf(!HAVE_TMUX)('vm370 connect under tmux', () => {
  let server: TerminalServer;
  let port = 0;
  beforeAll(async () => {
    const pool = new TerminalPool();
    const d = new Display3270(0x010);
    new TestProgram(d);
    pool.add(d);
    server = new TerminalServer({ port: 0, onSession: (s) => pool.assign(s) });
    port = (await server.listen()).port;
  });
  afterAll(() => server.close());

  it('shows the program screen, types, sends Enter and PF13 (Shift-F1), quits with Ctrl-]', async () => {
    const t = new Tmux();
    try {
      t.start(80, 25, `TERM=xterm node ${BIN} connect 127.0.0.1:${port} --model 2; echo EXIT=$?; sleep 10`);
      let lines = await t.waitFor((l) => l[0] === ' VM/370 STAND-ALONE TEST PROGRAM');
      expect(lines[2]).toBe(' NAME:');
      expect(lines[23]).toBe(' LAST ROW OF 24X80');
      expect(lines[24]).toBe('4B                                                               3279-2  003/009');
      expect(t.cursor()).toBe('8,2');
      t.tmux('send-keys', '-t', 't', '-l', 'maint');
      t.tmux('send-keys', '-t', 't', 'Enter');
      lines = await t.waitFor((l) => l[4]!.startsWith(' HELLO maint'));
      expect(lines[4]).toBe(' HELLO maint, AID 7D');
      expect(t.cursor()).toBe('13,2');
      t.tmux('send-keys', '-t', 't', 'S-F1');
      lines = await t.waitFor((l) => l[4]!.includes('AID C1'));
      expect(lines[4]).toBe(' HELLO NOBODY, AID C1');
      t.tmux('send-keys', '-t', 't', 'C-]');
      lines = await t.waitFor((l) => l.some((x) => x.startsWith('EXIT=')));
      expect(lines.filter((x) => x.startsWith('vm370 connect:') || x.startsWith('EXIT='))).toEqual(['vm370 connect: quit', 'EXIT=0']);
    } finally {
      t.kill();
    }
  });

  it.skipIf(!HAVE_C3270)('c3270 (x3270 4.1) shows the screen over TN3270E, types and gets the reply', async () => {
    const t = new Tmux();
    try {
      t.start(80, 30, `TERM=xterm c3270 -model 3279-2 -codepage cp037 127.0.0.1:${port}; sleep 10`);
      // After a reconnect the device first redraws the old screen, then the program rewrites it.
      let lines = await t.waitFor((l) => l.some((x, i) => x === ' VM/370 STAND-ALONE TEST PROGRAM' && l[i + 2] === ' NAME:'));
      const top = lines.indexOf(' VM/370 STAND-ALONE TEST PROGRAM');
      t.tmux('send-keys', '-t', 't', '-l', 'chris');
      t.tmux('send-keys', '-t', 't', 'Enter');
      lines = await t.waitFor((l) => l[top + 4] === ' HELLO chris, AID 7D');
      expect(lines.some((x) => /^4B\s+VM\d{6}\s+003\/014$/.test(x))).toBe(true);
    } finally {
      t.kill();
    }
  });

  describe.skipIf(!HAVE_HERCULES)('against Hercules', () => {
    let herc: ChildProcess | undefined;
    let hport = 0;
    beforeAll(async () => {
      hport = await freePort();
      const dir = mkdtempSync(join(tmpdir(), 'vm370-herc-'));
      writeFileSync(join(dir, 'h.cnf'), `ARCHMODE S/370\nCPUSERIAL 000611\nCPUMODEL 3158\nMAINSIZE 2\nNUMCPU 1\nCNSLPORT 127.0.0.1:${hport}\n0010 3270\n`);
      writeFileSync(join(dir, 'run.rc'), '\n');
      herc = spawn('hercules', ['-f', 'h.cnf', '-d'], { cwd: dir, env: { ...process.env, HERCULES_RC: 'run.rc' }, stdio: 'ignore' });
      const end = Date.now() + 10000;
      while (Date.now() < end) {
        const up = await new Promise<boolean>((r) => {
          const s = net.connect(hport, '127.0.0.1', () => {
            s.destroy();
            r(true);
          });
          s.on('error', () => r(false));
        });
        if (up) break;
        await sleep(200);
      }
      // Hercules 3.13 keeps a device busy briefly after a probe connection closes.
      await sleep(1500);
    });
    afterAll(() => {
      herc?.kill('SIGKILL');
    });

    it("shows Hercules' own 3270 logo screen", async () => {
      const t = new Tmux();
      try {
        t.start(80, 25, `TERM=xterm node ${BIN} connect 127.0.0.1:${hport}; sleep 10`);
        const lines = await t.waitFor((l) => l.some((x) => x.includes('HHHHHHHHHHHHHHHH')));
        expect(lines.some((x) => /^ Hercules Version\s+: 3\./.test(x) || /Hercules version 3\./.test(x))).toBe(true);
        expect(lines.some((x) => x.trim() === 'Device number     : 0010')).toBe(true);
        expect(lines[24]!.startsWith('4A')).toBe(true);
      } finally {
        t.kill();
      }
    });
  });
});
