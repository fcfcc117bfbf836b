import { describe, expect, it } from 'vitest';
import { CardReader, fromEbcdic, iplDeck, Storage } from '../../cpu370/index.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineTerminal, logon, namedSystem, system, until } from './helpers/system.ts';
import { DIAG00, diag08, ECHO, SPIN, TIMER } from './helpers/programs.ts';

function withSystems(...systems: [string, string][]) {
  const cp = system();
  for (const [name, src] of systems) cp.namedSystems.set(name, namedSystem(name, src));
  return cp;
}

describe('virtual machines: IPL, console I/O, BEGIN, PA1', () => {
  it('IPLs a named system that talks to its console through SIO and the channel', async () => {
    const cp = withSystems(['ECHO', ECHO]);
    const t = logon(cp, 'cmsuser', 'cmsuser');
    t.type('ipl echo');
    await until(() => t.port.read === 'VM READ');
    expect(t.take()).toEqual(['ECHO READY']);
    t.port.enter('hello, world');
    await until(() => t.lines.at(-1) === 'ECHO: hello, world' && t.port.read === 'VM READ');
    expect(t.take()).toEqual(['ECHO: hello, world']);
    // The line-end character gives the guest two lines.
    t.port.enter('one#two');
    await until(() => t.lines.at(-1) === 'ECHO: two');
    expect(t.take()).toEqual(['ECHO: one', 'ECHO: two']);
  });

  it('#CP runs a CP command from VM READ; PA1 stops the machine, BEGIN resumes it', async () => {
    const cp = withSystems(['ECHO', ECHO]);
    const t = logon(cp, 'cmsuser', 'cmsuser');
    t.type('i echo');
    await until(() => t.port.read === 'VM READ');
    t.take();
    expect(t.type('#cp q stor')).toEqual(['STORAGE = 01024K']);
    expect(t.port.read).toBe('VM READ');
    t.port.attention();
    expect(t.port.read).toBe('CP READ');
    expect(cp.users.get('CMSUSER')!.cpMode).toBe(true);
    t.type('begin');
    expect(t.port.read).toBe('VM READ');
    t.port.enter('again');
    await until(() => t.lines.at(-1) === 'ECHO: again');
    t.type('#cp');
    expect(t.port.read).toBe('CP READ');
  });

  it('the directory IPL runs at logon; IPL of an unknown system or device is refused', async () => {
    const cp = withSystems(['ECHO', ECHO]);
    const t = logon(cp, 'auto', 'auto');
    await until(() => t.port.read === 'VM READ');
    expect(t.take()).toEqual(['ECHO READY']);
    t.type('#cp logoff');
    const n = lineTerminal(cp);
    n.type('logon auto noipl');
    expect(n.type('auto')).toEqual(['LOGON AT 18:41:51 GMT THURSDAY 01/01/26']);
    expect(n.port.read).toBe('CP READ');
    expect(cp.users.get('AUTO')!.cpMode).toBe(true);
    const u = logon(cp, 'guest', 'guest');
    expect(u.type('ipl cms')).toEqual(['DMKCFG044E SYSTEM CMS DOES NOT EXIST']);
    expect(u.type('ipl 190')).toEqual(['DMKCFG040E DEV 190 DOES NOT EXIST']);
    expect(u.type('ipl 01f')).toEqual(['DMKCFG091E DEVICE 01F CANNOT BE IPLED']);
    expect(u.type('ipl')).toEqual(['DMKCFM026E OPERAND MISSING OR INVALID']);
  });

  it('IPLs from a virtual card reader holding an IPL deck (the IPL channel program)', async () => {
    const cp = system();
    const t = logon(cp, 'cmsuser', 'cmsuser');
    const vm = cp.users.get('CMSUSER')!;
    const sys = namedSystem('X', ECHO);
    const dir = mkdtempSync(join(tmpdir(), 'vm370-deck-'));
    try {
      const file = join(dir, 'echo.deck');
      writeFileSync(file, iplDeck(sys.image, { origin: sys.origin }));
      const reader = new CardReader(0x00c, 0x2540, [file, 'ebcdic']);
      // In place of the (empty) spooled reader of the directory.
      vm.channel.detach(0x00c);
      vm.devices.set(0x00c, reader);
      vm.channel.attach(reader);
      t.type('ipl 00c');
      await until(() => t.port.read === 'VM READ');
      expect(t.take()).toEqual(['ECHO READY']);
      expect(vm.cpu.storage.read16(2)).toBe(0x00c);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a disabled wait gives CP ENTERED with the PSW', async () => {
    const cp = withSystems(['D0', DIAG00]);
    const t = logon(cp, 'guest', 'guest');
    t.type('ipl d0');
    await until(() => t.port.read === 'CP READ');
    expect(t.take()).toEqual(["DMKDSP450W CP ENTERED; DISABLED WAIT PSW '00020000 00000000'"]);
  });
});

describe('DIAGNOSE', () => {
  async function runDiag(src: string, userid = 'guest') {
    const cp = withSystems(['P', src]);
    const t = logon(cp, userid, userid);
    t.type('ipl p');
    const vm = cp.users.get(userid.toUpperCase())!;
    await until(() => vm.cpMode);
    return { cp, t, vm, cpu: vm.cpu };
  }
  const bufText = (cpu: { mem: Uint8Array; gpr: Int32Array }, len: number) => fromEbcdic(cpu.mem.subarray(cpu.gpr[3]!, cpu.gpr[3]! + len)).replace(/\u0085/g, '\x15');

  it("X'08' with the response in a buffer: lines ended by X'15', cc 0, length in Ry+1, code 0 in Ry", async () => {
    const { cpu, t } = await runDiag(diag08('QUERY STORAGE\x15Q USERS', 0x40, 256));
    expect(cpu.gpr[4]).toBe(0);
    expect(cpu.gpr[5]).toBe(38);
    expect((cpu.gpr[6]! >>> 28) & 3).toBe(0);
    expect(bufText(cpu, 38)).toBe('STORAGE = 00512K\x15001 USER, 000 DIALED\x15');
    expect(t.take()).toEqual(["DMKDSP450W CP ENTERED; DISABLED WAIT PSW '00020000 00000000'"]);
  });

  it("X'08' buffer too small: only whole lines, cc 1, Ry+1 = bytes that did not fit", async () => {
    const { cpu } = await runDiag(diag08('Q STOR\x15Q USERS', 0x40, 20));
    expect((cpu.gpr[6]! >>> 28) & 3).toBe(1);
    expect(cpu.gpr[5]).toBe(21);
    expect(bufText(cpu, 18)).toBe('STORAGE = 00512K\x15\x00');
  });

  it("X'08' error: processing stops, the message number is the completion code", async () => {
    const { cpu } = await runDiag(diag08('FROB\x15Q STOR', 0x40, 256));
    expect(cpu.gpr[4]).toBe(1);
    expect(bufText(cpu, 31)).toBe('DMKCFM001E UNKNOWN CP COMMAND\x15\x00');
    const r = await runDiag(diag08('MSG NOBODY HI', 0x40, 256));
    expect(r.cpu.gpr[4]).toBe(45);
  });

  it("X'08' without the buffer flag: the response goes to the terminal", async () => {
    const { t, cpu } = await runDiag(diag08('Q STORAGE', 0, 0));
    expect(t.take()).toEqual(['STORAGE = 00512K', "DMKDSP450W CP ENTERED; DISABLED WAIT PSW '00020000 00000000'"]);
    expect(cpu.gpr[4]).toBe(0);
  });

  it("X'08' with length 0 puts the machine in CP READ", async () => {
    const { t, vm } = await runDiag(diag08('', 0, 0));
    expect(vm.cpMode).toBe(true);
    expect(t.port.read).toBe('CP READ');
    expect(t.take()).toEqual([]);
  });

  it("X'08' from the guest can change the machine: DEFINE STORAGE resets it", async () => {
    const { vm, t } = await runDiag(diag08('DEFINE STORAGE 1M', 0, 0));
    expect(vm.cpu.size).toBe(1024 * 1024);
    expect(t.take()).toEqual(['STORAGE = 01024K']);
  });

  it("X'00' stores the extended identification", async () => {
    const { cpu } = await runDiag(DIAG00, 'cmsuser');
    const a = cpu.gpr[2]!;
    expect(fromEbcdic(cpu.mem.subarray(a, a + 8))).toBe('VM/370  ');
    expect([...cpu.mem.subarray(a + 8, a + 12)]).toEqual([0x06, 0x00, 0x17, 0x00]);
    expect(fromEbcdic(cpu.mem.subarray(a + 16, a + 24))).toBe('CMSUSER ');
    expect(cpu.mem[a + 40]).toBe(0xff);
  });

  it('an unknown DIAGNOSE code and DIAGNOSE in problem state are program checks in the guest', async () => {
    const src = ['X        CSECT', '         BALR  12,0', '         USING *,12', '         MVC   104(8,0),PGMNEW', "         DC    X'83000FF0'", 'PGM      LPSW  STOP', '         DS    0D', "PGMNEW   DC    X'00000000',A(PGM)", "STOP     DC    X'0002000000000000'", '         END'].join('\n') + '\n';
    const { cpu } = await runDiag(src);
    expect(cpu.mem[0x2b]).toBe(0x06);
  });
});

describe('DISPLAY, STORE, SYSTEM, DEFINE STORAGE', () => {
  it('displays and stores registers, storage, control registers and the PSW', () => {
    const cp = system();
    const t = logon(cp, 'guest', 'guest');
    expect(t.type('store g2 12345678 9abc')).toEqual(['STORE COMPLETE']);
    expect(t.type('d g0-5')).toEqual(['GPR  0 = 00000000  00000000  12345678  00009ABC', 'GPR  4 = 00000000  00000000']);
    expect(t.type('d g15')).toEqual(['GPR 15 = 00000000']);
    expect(t.type('st 1001 c1c2c3c4 5')).toEqual(['STORE COMPLETE']);
    expect(t.type('d 1000.10')).toEqual(['001000  C1C2C3C4 00000005 00000000 00000000']);
    expect(t.type('d t1000-1007')).toEqual(['001000  C1C2C3C4 00000005' + ' '.repeat(18) + '  *ABCD....*']);
    expect(t.type('st psw 070e0000 00002000')).toEqual(['STORE COMPLETE']);
    expect(t.type('d psw')).toEqual(['PSW = 070E0000 00002000']);
    expect(t.type('d x0-2')).toEqual(['CR   0 = 000000E0  00000000  FFFFFFFF']);
    expect(t.type('st x1 00123000')).toEqual(['STORE COMPLETE']);
    expect(t.type('d x1')).toEqual(['CR   1 = 00123000']);
    expect(t.type('d 80000')).toEqual(['DMKCFD160E HEXLOC 080000 EXCEEDS STORAGE']);
    expect(t.type('d g16')).toEqual(['DMKCFD006E INVALID REGISTER - G16']);
    expect(t.type('st g1 xyz')).toEqual(['DMKCFD005E INVALID HEXDATA - XYZ']);
    expect(t.type('d zork')).toEqual(['DMKCFD004E INVALID HEXLOC - ZORK']);
  });

  it('SYSTEM CLEAR zeroes storage; SYSTEM RESET keeps it', () => {
    const cp = system();
    const t = logon(cp, 'guest', 'guest');
    t.type('st 2000 11223344');
    expect(t.type('system reset')).toEqual(['SYSTEM RESET']);
    expect(t.type('d 2000')).toEqual(['002000  11223344']);
    expect(t.type('sys clear')).toEqual(['STORAGE CLEARED - SYSTEM RESET']);
    expect(t.type('d 2000')).toEqual(['002000  00000000']);
    expect(t.type('sys bogus')).toEqual(['DMKCFM002E INVALID OPERAND - BOGUS']);
  });

  it('DEFINE STORAGE changes the size within the directory maximum', () => {
    const cp = system();
    const t = logon(cp, 'guest', 'guest');
    expect(t.type('def stor 1m')).toEqual(['STORAGE = 01024K']);
    expect(cp.users.get('GUEST')!.cpu.size).toBe(1 << 20);
    expect(t.type('define storage 2M')).toEqual(['DMKDEF093E STORAGE EXCEEDS ALLOWED MAXIMUM']);
    expect(t.type('define storage 100Q')).toEqual(['DMKCFM002E INVALID OPERAND - 100Q']);
    expect(t.type('q v')[0]).toBe('STORAGE = 01024K');
  });
});

describe('disconnected machines', () => {
  it('are logged off when they wait for the terminal too long, unless the user reconnects', async () => {
    const cp = system(undefined, { disconnectLogoffMs: 80 });
    cp.namedSystems.set('ECHO', namedSystem('ECHO', ECHO));
    const op = logon(cp, 'operator', 'operator');
    const u = logon(cp, 'cmsuser', 'cmsuser');
    u.type('ipl echo');
    await until(() => u.port.read === 'VM READ');
    u.type('#cp disc');
    await new Promise((r) => setTimeout(r, 30));
    const again = logon(cp, 'cmsuser', 'cmsuser');
    await new Promise((r) => setTimeout(r, 150));
    expect(cp.users.get('CMSUSER')!.terminal).toBe(again.uc);
    again.type('b');
    await until(() => again.port.read === 'VM READ');
    again.type('#cp disc');
    await until(() => !cp.users.has('CMSUSER'), 1000);
    expect(op.take()).toEqual(['USER DSC LOGOFF AS CMSUSER']);
  });
});

describe('isolation', () => {
  it('a hostile guest executing random bytes never escapes or crashes CP', async () => {
    const cp = system();
    const victim = logon(cp, 'cmsuser', 'cmsuser');
    victim.type('st 1000 5a5a5a5a a5a5a5a5');
    const vstore = cp.users.get('CMSUSER')!.cpu.storage;
    const before = vstore.mem.slice();
    logon(cp, 'guest', 'guest');
    const vm = cp.users.get('GUEST')!;
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) & 0xff;
    const size = vm.cpu.size;
    let executed = 0;
    for (let round = 0; round < 10 && cp.users.has('GUEST'); round++) {
      const cpu = vm.cpu;
      const mem = cpu.storage.mem;
      for (let i = 0; i < mem.length; i++) mem[i] = rnd();
      // New PSWs that go on executing random bytes at random places (supervisor state, BC mode, disabled).
      for (const at of [0x58, 0x60, 0x68, 0x70, 0x78]) {
        cpu.storage.write32(at, 0);
        cpu.storage.write32(at + 4, ((rnd() << 16) | (rnd() << 8) | rnd()) % size & ~1);
      }
      cpu.loadPsw(0, ((rnd() << 16) | (rnd() << 8) | rnd()) % size & ~1);
      const before0 = cpu.instructions;
      const slices0 = vm.slices;
      vm.begin();
      // A few slices, or until the guest stops itself (disabled wait, check stop, LOGOFF ...).
      await until(() => vm.slices >= slices0 + 3 || vm.cpMode || vm.loggedOff);
      executed += vm.cpu.instructions - before0;
      vm.enterCpMode();
    }
    expect(executed).toBeGreaterThan(1_000);
    expect(Buffer.compare(vstore.mem, before)).toBe(0);
    expect(victim.type('q stor')).toEqual(['STORAGE = 01024K']);
    expect(cp.users.get('CMSUSER')!.cpu.storage).toBe(vstore);
    expect(vstore).toBeInstanceOf(Storage);
  });
});

describe('dispatcher', () => {
  it('shares the processor between compute-bound guests and keeps CP responsive', async () => {
    const cp = withSystems(['SPIN', SPIN]);
    const a = logon(cp, 'cmsuser', 'cmsuser');
    const b = logon(cp, 'maint', 'cpcms');
    a.type('ipl spin');
    b.type('ipl spin');
    await new Promise((r) => setTimeout(r, 200));
    const va = cp.users.get('CMSUSER')!;
    const vb = cp.users.get('MAINT')!;
    expect(va.cpu.instructions).toBeGreaterThan(0);
    expect(vb.cpu.instructions).toBeGreaterThan(0);
    // Round robin: while both are runnable they take turns, slice for slice.
    expect(va.slices).toBeGreaterThan(2);
    expect(Math.abs(va.slices - vb.slices)).toBeLessThanOrEqual(1);
    expect(a.type('#cp q stor')).toEqual(['STORAGE = 01024K']);
    a.port.attention();
    b.port.attention();
    expect(cp.dispatcher.runnableCount).toBe(0);
  });

  it('a VM waiting for its clock comparator is woken by it', async () => {
    const cp = withSystems(['T', TIMER]);
    const t = logon(cp, 'guest', 'guest');
    const vm = cp.users.get('GUEST')!;
    const start = Date.now();
    t.type('ipl t');
    await until(() => vm.cpMode, 2000);
    expect(Date.now() - start).toBeGreaterThanOrEqual(15);
    expect(t.take()).toEqual(["DMKDSP450W CP ENTERED; DISABLED WAIT PSW '00020000 00000000'"]);
    expect(vm.cpu.storage.read16(0x1a)).toBe(0x1004);
  });

  it('a VM in an enabled wait costs no slices until its I/O arrives', async () => {
    const cp = withSystems(['ECHO', ECHO]);
    const t = logon(cp, 'cmsuser', 'cmsuser');
    t.type('ipl echo');
    await until(() => t.port.read === 'VM READ');
    const slices = cp.dispatcher.slices;
    await new Promise((r) => setTimeout(r, 50));
    expect(cp.dispatcher.slices).toBe(slices);
    t.port.enter('x');
    await until(() => t.lines.at(-1) === 'ECHO: x');
    expect(cp.dispatcher.slices).toBeGreaterThan(slices);
  });
});
