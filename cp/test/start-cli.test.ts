import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DIRECTORY, DirectoryLoadError, startSystem } from '../index.ts';

describe('vm370 start --headless', () => {
  it('creates the system, serves the logo, LOGON works, and the operator SHUTDOWN ends it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vm370-start-'));
    const proc = spawn(process.execPath, ['bin/vm370.js', 'start', '--headless', '--port', '0', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    try {
      const end = Date.now() + 15000;
      while (!/127\.0\.0\.1:(\d+)/.test(err)) {
        if (Date.now() > end || proc.exitCode !== null) throw new Error(`no listener: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(err)![1]);
      expect(err).toContain(`vm370: created a new system in ${dir}`);
      expect(readFileSync(join(dir, 'user.direct'), 'utf8')).toBe(DEFAULT_DIRECTORY);
      const sock = net.connect(port, '127.0.0.1');
      let text = '';
      sock.setEncoding('latin1').on('data', (d: string) => (text += d));
      const waitFor = async (s: string) => {
        const until = Date.now() + 8000;
        while (!text.includes(s)) {
          if (Date.now() > until) throw new Error(`never saw ${s}: ${JSON.stringify(text)}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await waitFor('VM/370 Online');
      sock.write('logon operator\r\n');
      await waitFor('ENTER PASSWORD:');
      sock.write('operator\r\n');
      await waitFor('LOGON AT ');
      sock.write('shutdown\r\n');
      await waitFor('DMKCKP961W SYSTEM SHUTDOWN COMPLETE');
      sock.destroy();
      const code = await new Promise<number | null>((r) => (proc.exitCode !== null ? r(proc.exitCode) : proc.once('exit', (c) => r(c))));
      expect(code).toBe(0);
    } finally {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start with a directory that has errors, naming each line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vm370-start-'));
    try {
      writeFileSync(join(dir, 'user.direct'), 'USER A B 1M\n FROB\n CONSOLE 009 3215\n CONSOLE 00A 3215\n');
      const err = await startSystem({ dataDir: dir, port: 0 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DirectoryLoadError);
      expect((err as DirectoryLoadError).message).toBe("DMKDIR751E UNKNOWN STATEMENT 'FROB' ON LINE 2\nDMKDIR759E DUPLICATE CONSOLE STATEMENT ON LINE 4");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
