// Issue 8's "done when": `vm370 start --headless` serves the logo to c3270 (in tmux) and
// s3270 at once, and both users log on, work with their guests, message each other and
// log off. Real programs only: the CLI, c3270 and s3270 over TN3270E on loopback.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from './helpers/free-port.ts';
import { HAVE_S3270, S3270 } from './helpers/s3270.ts';
import { HAVE_TMUX, Tmux } from './helpers/tmux.ts';

const HAVE_C3270 = spawnSync('sh', ['-c', 'command -v c3270']).status === 0;
const missing = [!HAVE_S3270 && 's3270', !HAVE_C3270 && 'c3270', !HAVE_TMUX && 'tmux'].filter(Boolean);
const SKIP = missing.length > 0 ? ` (SKIPPED: ${missing.join(', ')} not on PATH)` : '';
if (SKIP) console.warn(`terminal/test/start-clients.test.ts:${SKIP}`);

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vm370.js');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function startVm370(port: number, dir: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [BIN, 'start', '--headless', '--port', String(port), '--data', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const end = Date.now() + 15000;
  while (!err.includes(`TN3270 and telnet on 127.0.0.1:${port}`)) {
    if (Date.now() > end || proc.exitCode !== null) throw new Error(`vm370 start did not come up: ${err}`);
    await sleep(50);
  }
  return proc;
}

/** s3270's screen: polls Ascii() until `pred` holds. */
async function screenOf(s: S3270, pred: (rows: string[]) => boolean, ms = 8000): Promise<string[]> {
  const end = Date.now() + ms;
  for (;;) {
    const rows = (await s.run('Ascii()')).data;
    if (pred(rows)) return rows;
    if (Date.now() > end) throw new Error(`s3270 screen never matched:\n${rows.join('\n')}`);
    await sleep(25);
  }
}

const has = (rows: string[], text: string): boolean => rows.some((r) => r.includes(text));

describe.skipIf(SKIP !== '')(`vm370 start --headless with c3270 and s3270 at once${SKIP}`, () => {
  it('both get the logo, log on, talk to their guests, MSG each other and log off', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'vm370-clients-'));
    const proc = await startVm370(port, dir);
    const t = new Tmux();
    const s = new S3270(['-model', '3279-2', '-codepage', 'cp037']);
    const type = (text: string): void => {
      t.tmux('send-keys', '-t', 't', '-l', text);
      t.tmux('send-keys', '-t', 't', 'Enter');
    };
    const enter = async (text: string): Promise<void> => {
      await s.run(`String(${JSON.stringify(text)})`);
      await s.run('Enter()');
      await s.run('Wait(5,Unlock)');
    };
    try {
      t.start(80, 30, `TERM=xterm c3270 -model 3279-2 -codepage cp037 127.0.0.1:${port}; sleep 10`);
      await s.run(`Connect(127.0.0.1:${port})`, 15000);
      await s.run('Wait(10,InputField)');

      let c = await t.waitFor((l) => l.some((x) => x.startsWith('VM/370 Online')));
      const top = c.findIndex((x) => x.startsWith('VM/370 Online'));
      const cStatus = (l: string[]): string => (l[top + 23] ?? '').slice(60).trim();
      expect(cStatus(c)).toBe('RUNNING');
      expect(c.some((x) => /^4B\s+VM\d{6}\s+023\/001$/.test(x))).toBe(true);
      let r = await screenOf(s, (x) => x[0]!.startsWith('VM/370 Online'));
      expect(r[23]!.slice(60).trim()).toBe('RUNNING');
      expect((await s.run('Query(ConnectionState)')).data).toEqual(['connected-tn3270e']);

      type('logon cmsuser');
      await t.waitFor((l) => l.some((x) => x.startsWith('ENTER PASSWORD:')) && cStatus(l) === 'CP READ');
      type('cmsuser');
      c = await t.waitFor((l) => l.some((x) => x.startsWith('HELLO FROM A STAND-ALONE S/370 PROGRAM')) && cStatus(l) === 'VM READ');
      expect(c.slice(top, top + 3).map((x) => x.trimEnd())).toEqual(['logon cmsuser', 'ENTER PASSWORD:', c[top + 2]!.trimEnd()]);
      expect(c[top + 2]).toMatch(/^LOGON AT \d\d:\d\d:\d\d GMT /);
      expect(c.join('\n')).not.toMatch(/^cmsuser/m);

      await enter('logon guest');
      await screenOf(s, (x) => has(x, 'ENTER PASSWORD:'));
      await enter('guest');
      r = await screenOf(s, (x) => has(x, 'HELLO FROM A STAND-ALONE S/370 PROGRAM') && x[23]!.slice(60).trim() === 'VM READ');
      expect(r.some((x) => x.trimEnd() === 'guest')).toBe(false);

      type('hello from c3270');
      await t.waitFor((l) => l.some((x) => x.trimEnd() === 'YOU TYPED: hello from c3270') && cStatus(l) === 'VM READ');
      await enter('hello from s3270');
      await screenOf(s, (x) => x.some((y) => y.trimEnd() === 'YOU TYPED: hello from s3270'));

      await enter('#cp query names');
      r = await screenOf(s, (x) => x.some((y) => y.startsWith('CMSUSER  - ')));
      expect(r.find((y) => y.startsWith('CMSUSER  - '))!.trimEnd()).toMatch(/^CMSUSER  - 0C[0-9A-F] , GUEST    - 0C[0-9A-F]$/);

      await enter('#cp msg cmsuser hi c3270, from s3270');
      await t.waitFor((l) => l.some((x) => x.trimEnd() === 'MSG FROM GUEST   : hi c3270, from s3270'));
      type('#cp msg guest hi s3270, from c3270');
      await screenOf(s, (x) => x.some((y) => y.trimEnd() === 'MSG FROM CMSUSER : hi s3270, from c3270'));

      type('#cp logoff');
      await t.waitFor((l) => l[top]!.startsWith('VM/370 Online') && cStatus(l) === 'RUNNING');
      await enter('#cp logoff');
      r = await screenOf(s, (x) => x[0]!.startsWith('VM/370 Online'));
      expect(r[23]!.slice(60).trim()).toBe('RUNNING');
    } finally {
      await s.quit();
      t.kill();
      proc.kill('SIGTERM');
      await new Promise<void>((res) => (proc.exitCode !== null ? res() : proc.once('exit', () => res())));
      rmSync(dir, { recursive: true, force: true });
    }
    expect(proc.exitCode).toBe(0);
  }, 60000);
});
