import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSystem, type RunningSystem } from '../index.ts';
import { HAVE_S3270, S3270, has, status } from './helpers/s3270.ts';

let sys: RunningSystem;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vm370-cp-'));
  sys = await startSystem({ dataDir: dir, port: 0, negotiationMs: 300 });
});

afterAll(async () => {
  await sys.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_S3270)('end to end with s3270 (TN3270)', () => {
  it('two users log on, run their guests, use #CP, PA1/BEGIN, MSG, disconnect, reconnect and log off', async () => {
    const a = new S3270();
    const b = new S3270();
    try {
      await a.run(`Connect(127.0.0.1:${sys.port})`);
      await b.run(`Connect(127.0.0.1:${sys.port})`);
      let rows = await a.waitFor((r) => r[0]!.startsWith('VM/370 Online'));
      expect(status(rows)).toBe('RUNNING');
      await b.waitFor((r) => r[0]!.startsWith('VM/370 Online'));

      await a.enter('logon cmsuser');
      rows = await a.waitFor((r) => has(r, 'ENTER PASSWORD:'));
      expect(rows[0]!.trimEnd()).toBe('logon cmsuser');
      expect(status(rows)).toBe('CP READ');
      await a.enter('cmsuser');
      rows = await a.waitFor((r) => status(r) === 'VM READ');
      expect(rows.slice(0, 4).map((r) => r.trimEnd())).toEqual([
        'logon cmsuser',
        'ENTER PASSWORD:',
        'LOGON AT ' + rows[2]!.slice(9, 40).trimEnd(),
        'HELLO FROM A STAND-ALONE S/370 PROGRAM. TYPE A LINE, OR QUIT.',
      ]);
      expect(rows.join('\n')).not.toContain('cmsuser\n');
      expect(rows[2]).toMatch(/^LOGON AT \d\d:\d\d:\d\d GMT [A-Z]+DAY \d\d\/\d\d\/\d\d/);

      await b.enter('logon guest guest');
      await b.waitFor((r) => status(r) === 'VM READ');

      await a.enter('hi there');
      rows = await a.waitFor((r) => has(r, 'YOU TYPED: hi there'));
      expect(status(rows)).toBe('VM READ');

      await a.enter('#cp q n');
      rows = await a.waitFor((r) => has(r, 'GUEST    - '));
      expect(rows.find((r) => r.startsWith('CMSUSER  - '))).toMatch(/^CMSUSER  - 0C[0-9A-F] , GUEST    - 0C[0-9A-F]\s*$/);

      await b.enter('#cp msg cmsuser hello from b');
      await a.waitFor((r) => has(r, 'MSG FROM GUEST   : hello from b'));

      await a.run('PA(1)');
      await a.waitFor((r) => status(r) === 'CP READ');
      await a.enter('b');
      await a.waitFor((r) => status(r) === 'VM READ');

      await a.enter('#cp disc');
      await a.waitFor((r) => r[0]!.startsWith('VM/370 Online'));
      expect(sys.cp.users.get('CMSUSER')!.terminal).toBeNull();
      await a.enter('logon cmsuser');
      await a.waitFor((r) => has(r, 'ENTER PASSWORD:'));
      await a.enter('cmsuser');
      rows = await a.waitFor((r) => has(r, 'RECONNECTED AT'));
      expect(status(rows)).toBe('CP READ');

      await a.run('Clear()');
      rows = await a.waitFor((r) => status(r) === 'CP READ' && r.slice(0, 22).every((x) => x.trim() === ''));
      await a.enter('logoff');
      await a.waitFor((r) => r[0]!.startsWith('VM/370 Online'));
      expect(sys.cp.users.has('CMSUSER')).toBe(false);
      expect(sys.cp.users.has('GUEST')).toBe(true);
    } finally {
      await a.quit();
      await b.quit();
    }
    // The client went away: GUEST is disconnected, its machine runs on.
    await new Promise((r) => setTimeout(r, 200));
    expect(sys.cp.users.get('GUEST')!.terminal).toBeNull();
    expect(sys.cp.users.get('GUEST')!.cpMode).toBe(false);
  });
});

describe('end to end over line-mode telnet', () => {
  it('the same dialogue in lines', async () => {
    const sock = net.connect(sys.port, '127.0.0.1');
    let text = '';
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => (text += d));
    const waitFor = async (s: string) => {
      const end = Date.now() + 5000;
      while (!text.includes(s)) {
        if (Date.now() > end) throw new Error(`never saw ${s}; got ${JSON.stringify(text)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    try {
      await waitFor('VM/370 Online');
      sock.write('logon cmsuser\r\n');
      await waitFor('ENTER PASSWORD:');
      sock.write('cmsuser\r\n');
      await waitFor('TYPE A LINE, OR QUIT.');
      sock.write('hello line mode\r\n');
      await waitFor('YOU TYPED: hello line mode');
      sock.write('#cp q stor\r\n');
      await waitFor('STORAGE = 01024K');
      sock.write('quit\r\n');
      await waitFor("DMKDSP450W CP ENTERED; DISABLED WAIT PSW '00020000 00000000'");
      sock.write('logoff\r\n');
      await waitFor('LOGOFF AT');
      const lines = text.split(/\r?\n/).filter((l) => l !== '');
      expect(lines.at(-1)).toBe('VM/370 Online');
    } finally {
      sock.destroy();
    }
  });
});
