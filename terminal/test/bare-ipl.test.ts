// The acceptance run: `vm370 ipl` with `0010 3270` and `0009 3215` configuration
// lines, a stand-alone S/370 program IPLed from cards that drives the 3270 with CCWs, and
// s3270 (every model, TN3270E and TN3270) reading its screen, typing and getting replies.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iplDeck } from '../../cpu370/index.ts';
import { bareProgram, ORIGIN } from './helpers/bare-program.ts';
import { asciiBytes, RawClient } from './helpers/raw-client.ts';
import { HAVE_S3270, S3270 } from './helpers/s3270.ts';
import { freePort } from './helpers/free-port.ts';

if (!HAVE_S3270) console.warn('terminal/test/bare-ipl.test.ts: SKIPPED, s3270 is not on PATH (apt-get install s3270)');

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vm370.js');


describe.skipIf(!HAVE_S3270)('vm370 ipl: a stand-alone program on a channel-attached 3270', () => {
  let proc: ChildProcessWithoutNullStreams;
  let port = 0;
  let stderr = '';

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vm370-3270-'));
    writeFileSync(join(dir, 'prog.deck'), iplDeck(bareProgram(0x010), { origin: ORIGIN }));
    port = await freePort();
    writeFileSync(
      join(dir, 'machine.cnf'),
      `ARCHMODE S/370\nMAINSIZE 2\nCNSLPORT ${port}\n000C 3505 ${join(dir, 'prog.deck')} ebcdic eof\n0009 3215\n0010 3270\n`,
    );
    proc = spawn('node', [BIN, 'ipl', join(dir, 'machine.cnf'), '--ipl', '00C'], {
      env: { ...process.env, VM370_CNSLPORT: `127.0.0.1:${port}` },
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d: string) => (stderr += d));
    // Generous: tsx compiles the whole CLI at start, and the machine may be busy.
    const end = Date.now() + 50000;
    while (!stderr.includes('listening on')) {
      if (Date.now() > end || proc.exitCode !== null) throw new Error(`vm370 ipl did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 60000);

  afterAll(async () => {
    proc.stdin.end('quit\n');
    await new Promise<void>((r) => {
      const t = setTimeout(() => {
        proc.kill('SIGKILL');
        r();
      }, 5000);
      proc.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  });

  const reply = (name: string, aid: string): string => ` HELLO ${name.padEnd(20)} AID=${aid}`.padEnd(40);

  for (const [model, prefix] of [['3279-2', ''], ['3278-3', ''], ['3278-4', ''], ['3279-5', ''], ['3279-2', 'N:'], ['3279-5', 'N:']] as const) {
    it(`s3270 -model ${model} over ${prefix ? 'TN3270' : 'TN3270E'}`, async () => {
      const s = new S3270(['-model', model, '-codepage', 'cp037']);
      try {
        expect((await s.run(`Connect(${prefix}127.0.0.1:${port})`)).ok).toBe(true);
        expect((await s.run('Wait(5,InputField)')).ok).toBe(true);
        expect((await s.run('Query(ConnectionState)')).data).toEqual([prefix ? 'connected-3270' : 'connected-tn3270e']);
        expect((await s.run('Query(ScreenCurSize)')).data).toEqual(['24 80']);
        const screen = await s.run('Ascii()');
        const cols = model.endsWith('5') ? 132 : 80;
        expect(screen.data.length).toBe(24);
        expect(screen.data[0]!.trimEnd()).toBe(' VM/370 BARE MACHINE 3270 TEST');
        expect(screen.data[2]!.trimEnd()).toBe(' NAME:');
        expect(screen.data[23]!.trimEnd()).toBe(' LAST ROW OF 24X80');
        expect(screen.data.every((l) => l.length === 80 || l.length === cols)).toBe(true);
        expect((await s.run('String("MAINT")')).ok).toBe(true);
        expect((await s.run('Enter()')).ok).toBe(true);
        expect((await s.run('Ascii(4,0,40)')).data).toEqual([reply('MAINT', "'")]);
        expect((await s.run('PF(3)')).ok).toBe(true);
        expect((await s.run('Ascii(4,0,40)')).data).toEqual([reply('', '3')]);
        expect((await s.run('PA(2)')).ok).toBe(true);
        expect((await s.run('Ascii(4,0,40)')).data).toEqual([reply('', '>')]);
      } finally {
        await s.quit();
      }
    });
  }

  it('a telnet client gets the 3215 line-mode console', async () => {
    const c = await RawClient.connect(port);
    try {
      expect(await c.read(3)).toBe('ff fd 28');
      c.send([0xff, 0xfc, 0x28]);
      expect(await c.read(3)).toBe('ff fd 18');
      c.send([0xff, 0xfb, 0x18]);
      await c.read(6);
      c.send([0xff, 0xfa, 0x18, 0x00, ...asciiBytes('XTERM'), 0xff, 0xf0]);
      expect(await c.read(6)).toBe('ff fb 01 ff fb 03');
      const greeting = 'vm370: console 009 (3215) connected\r\n';
      expect(await c.read(greeting.length)).toBe(Buffer.from(greeting).toString('hex').replace(/(..)(?!$)/g, '$1 '));
    } finally {
      c.close();
    }
  });
});
