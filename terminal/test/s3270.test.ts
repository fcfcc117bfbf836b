// Real s3270 (x3270 4.1) against our server and a channel-attached 3270 on loopback.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Display3270, TerminalPool, TerminalServer, Tn3270Client } from '../index.ts';
import { HAVE_S3270, S3270 } from './helpers/s3270.ts';
import { ccw, run, TestProgram } from './helpers/test-program.ts';

if (!HAVE_S3270) console.warn('terminal/test/s3270.test.ts: SKIPPED, s3270 is not on PATH (apt-get install s3270)');

describe.skipIf(!HAVE_S3270)('s3270 against the server and a channel-attached 3270', () => {
  let server: TerminalServer;
  let port = 0;
  const pool = new TerminalPool();
  const devices = [0x010, 0x011, 0x012].map((n) => new Display3270(n));
  const programs = devices.map((d) => new TestProgram(d));
  const bare = new Display3270(0x013);
  const bareStatus: number[] = [];
  bare.attach({ presentStatus: (_d, s) => bareStatus.push(s) });

  beforeAll(async () => {
    for (const d of devices) pool.add(d);
    pool.add(bare);
    server = new TerminalServer({ port: 0, onSession: (s) => pool.assign(s) });
    port = (await server.listen()).port;
  });
  afterAll(async () => {
    await server.close();
  });

  const cases: Array<[string, string, number, number]> = [
    ['3279-2', '', 24, 80],
    ['3278-3', '', 32, 80],
    ['3278-4', '', 43, 80],
    ['3279-5', '', 27, 132],
    ['3279-2', 'N:', 24, 80],
    ['3278-4', 'N:', 43, 80],
  ];

  for (const [model, prefix, rows, cols] of cases) {
    it(`model ${model} over ${prefix ? 'TN3270' : 'TN3270E'}: reads the screen, types, gets the reply`, async () => {
      const s = new S3270(['-model', model, '-codepage', 'cp037']);
      try {
        const c = await s.run(`Connect(${prefix}127.0.0.1:${port})`);
        expect(c.ok, c.data.join('|')).toBe(true);
        expect((await s.run('Wait(5,InputField)')).ok).toBe(true);
        expect((await s.run('Query(ConnectionState)')).data).toEqual([prefix ? 'connected-3270' : 'connected-tn3270e']);
        expect((await s.run('Query(ScreenCurSize)')).data).toEqual([`${rows} ${cols}`]);
        const screen = await s.run('Ascii()');
        expect(screen.data.length).toBe(rows);
        expect(screen.data[0]).toBe(' VM/370 STAND-ALONE TEST PROGRAM'.padEnd(cols));
        expect(screen.data[2]).toBe(' NAME:'.padEnd(cols));
        expect(screen.data[rows - 1]).toBe(` LAST ROW OF ${rows}X${cols}`.padEnd(cols));
        expect(screen.status.split(' ').slice(0, 5)).toEqual(['U', 'F', 'U', 'C(127.0.0.1)', 'I']);
        expect(screen.status.split(' ').slice(8, 10)).toEqual(['2', '8']);
        expect((await s.run('String("MAINT")')).ok).toBe(true);
        const enter = await s.run('Enter()');
        expect(enter.ok).toBe(true);
        expect(enter.status.split(' ')[0]).toBe('U');
        expect((await s.run('Ascii(4,0,40)')).data).toEqual([' HELLO MAINT, AID 7D'.padEnd(40)]);
        // The reply's WCC reset the MDTs, so PF13 sends no field.
        const pf = await s.run('PF(13)');
        expect(pf.ok).toBe(true);
        expect((await s.run('Ascii(4,0,40)')).data).toEqual([' HELLO NOBODY, AID C1'.padEnd(40)]);
        expect((await s.run('PA(1)')).ok).toBe(true);
        expect((await s.run('Ascii(4,0,40)')).data).toEqual([' HELLO NOBODY, AID 6C'.padEnd(40)]);
      } finally {
        await s.quit();
      }
    });
  }

  it('disconnect and reconnect three times: the device is usable and the screen comes back', async () => {
    for (let i = 0; i < 3; i++) {
      const s = new S3270(['-model', '3279-2', '-codepage', 'cp037']);
      try {
        expect((await s.run(`Connect(0010@127.0.0.1:${port})`)).ok).toBe(true);
        expect((await s.run('Wait(5,InputField)')).ok).toBe(true);
        expect((await s.run('Ascii(0,0,40)')).data).toEqual([' VM/370 STAND-ALONE TEST PROGRAM'.padEnd(40)]);
        expect((await s.run(`String("RUN${i}")`)).ok).toBe(true);
        expect((await s.run('Enter()')).ok).toBe(true);
        expect((await s.run('Ascii(4,0,40)')).data).toEqual([` HELLO RUN${i}, AID 7D`.padEnd(40)]);
        expect((await s.run('Disconnect()')).ok).toBe(true);
      } finally {
        await s.quit();
      }
    }
    expect(programs[0]!.log.filter((l) => l.startsWith('RM 7d RUN'))).toEqual(['RM 7d RUN0', 'RM 7d RUN1', 'RM 7d RUN2']);
  });

  it('Clear gives a short read and an unformatted screen until the program writes', async () => {
    const s = new S3270(['-model', '3279-2', '-codepage', 'cp037']);
    try {
      expect((await s.run(`Connect(127.0.0.1:${port})`)).ok).toBe(true);
      expect((await s.run('Wait(5,InputField)')).ok).toBe(true);
      expect((await s.run('Clear()')).ok).toBe(true);
      expect((await s.run('Ascii(4,0,40)')).data).toEqual([' HELLO NOBODY, AID 6D'.padEnd(40)]);
    } finally {
      await s.quit();
    }
  });

  it('WSF Read Partition Query through the device: s3270 answers with a Query Reply (AID 88)', async () => {
    const s = new S3270(['-model', '3278-4', '-codepage', 'cp037']);
    try {
      expect((await s.run(`Connect(0013@127.0.0.1:${port})`)).ok).toBe(true);
      expect(bare.bound).toBe(true);
      bareStatus.length = 0;
      const wsf = ccw(0x11, Uint8Array.of(0x00, 0x05, 0x01, 0xff, 0x02));
      expect(await run(bare, wsf)).toEqual({ unitStatus: 0x0c, residual: 0 });
      const end = Date.now() + 5000;
      while (!bareStatus.includes(0x80) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      const rm = ccw(0x06, 1024);
      const r = await run(bare, rm);
      const reply = Buffer.from(rm.data.subarray(0, 1024 - r.residual)).toString('hex');
      expect(reply.slice(0, 2)).toBe('88');
      // Usable Area: 80 columns x 43 rows, buffer 3440.
      expect(reply).toMatch(/8181..000050002b/);
      expect(reply).toContain('0d70');
    } finally {
      await s.quit();
    }
  });

  it('IBM-DYNAMIC (s3270 -oversize 100x50): the size comes from the Query Reply, 14-bit addresses', async () => {
    const s = new S3270(['-model', '3279-4', '-oversize', '100x50', '-codepage', 'cp037']);
    try {
      expect((await s.run(`Connect(127.0.0.1:${port})`)).ok).toBe(true);
      expect((await s.run('Wait(5,InputField)')).ok).toBe(true);
      expect((await s.run('Query(TerminalName)')).data).toEqual(['IBM-DYNAMIC']);
      expect((await s.run('Query(ScreenCurSize)')).data).toEqual(['50 100']);
      const screen = await s.run('Ascii()');
      expect(screen.data[0]).toBe(' VM/370 STAND-ALONE TEST PROGRAM'.padEnd(100));
      expect(screen.data[49]).toBe(' LAST ROW OF 50X100'.padEnd(100));
      expect((await s.run('String("BIG")')).ok).toBe(true);
      expect((await s.run('Enter()')).ok).toBe(true);
      expect((await s.run('Ascii(4,0,40)')).data).toEqual([' HELLO BIG, AID 7D'.padEnd(40)]);
    } finally {
      await s.quit();
    }
  });
});

describe.skipIf(!HAVE_S3270 || spawnSync('sh', ['-c', 'command -v openssl']).status !== 0)('TLS listener', () => {
  it('s3270 connects with L:Y: (TLS, certificate not verified) and reads the screen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vm370-tls-'));
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const pool = new TerminalPool();
    const d = new Display3270(0x020);
    new TestProgram(d);
    pool.add(d);
    const server = new TerminalServer({
      port: 0,
      tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      onSession: (s) => pool.assign(s),
    });
    const { port } = await server.listen();
    const s = new S3270(['-model', '3279-2', '-codepage', 'cp037']);
    try {
      const c = await s.run(`Connect(L:Y:127.0.0.1:${port})`);
      expect(c.ok, c.data.join('|')).toBe(true);
      expect((await s.run('Wait(5,InputField)')).ok).toBe(true);
      expect((await s.run('Query(Tls)')).data[0]).toMatch(/^secure/);
      expect((await s.run('Ascii(0,0,40)')).data).toEqual([' VM/370 STAND-ALONE TEST PROGRAM'.padEnd(40)]);
      await s.run('Disconnect()');
      // Our own client over TLS: a self-signed certificate is refused unless told otherwise.
      await expect(Tn3270Client.connect({ host: '127.0.0.1', port, tls: { verify: true } })).rejects.toThrow(/self-signed certificate/);
      const client = await Tn3270Client.connect({ host: '127.0.0.1', port, tls: { verify: false } });
      const got: number[] = [];
      client.listen({ record: (rec) => got.push(rec[0]!), closed: () => undefined });
      const end = Date.now() + 5000;
      while (got.length < 2 && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
      // A reconnect: the device redraws the program's screen, then the program rewrites it.
      expect(got.slice(0, 2)).toEqual([0x7e, 0x7e]);
      client.close();
    } finally {
      await s.quit();
      await server.close();
    }
  });
});
