import { describe, expect, it } from 'vitest';
import { ecPsw, exec, FakeTime, get, hex8, newCpu, put } from './machine.ts';

const PRIV = 0x02;
const SPEC = 0x06;
const ADDR = 0x05;
const SPECIAL = 0x13;

describe('privileged control instructions in the problem state', () => {
  const cases: Array<[string, string]> = [
    ['SSM', '80000100'],
    ['STNSM', 'ACFF0100'],
    ['STOSM', 'AD000100'],
    ['ISK', '0912'],
    ['SSK', '0812'],
    ['RRB', 'B2130100'],
    ['LCTL', 'B7000100'],
    ['STCTL', 'B6000100'],
    ['LRA', 'B1100100'],
    ['PTLB', 'B20D0000'],
    ['STIDP', 'B2020100'],
    ['SCK', 'B2040100'],
    ['SCKC', 'B2060100'],
    ['STCKC', 'B2070100'],
    ['SPT', 'B2080100'],
    ['STPT', 'B2090100'],
    ['SPX', 'B2100100'],
    ['STPX', 'B2110100'],
    ['STAP', 'B2120100'],
    ['SIGP', 'AE120001'],
    ['DIAG', '83120100'],
    ['WRD', '84000100'],
    ['RDD', '85000100'],
    ['CONCS', 'B2000000'],
    ['DISCS', 'B2010000'],
  ];
  for (const [name, code] of cases) {
    it(`${name} gives a privileged-operation exception and changes nothing`, () => {
      const cpu = newCpu();
      cpu.loadPsw(ecPsw(0, 0, true), 0x800);
      put(cpu, 0x100, 'FFFFFFFF FFFFFFFF');
      expect(exec(cpu, code)).toBe(PRIV);
      expect(get(cpu, 0x100, 8)).toBe('FFFFFFFFFFFFFFFF');
      expect(cpu.prefix).toBe(0);
    });
  }
});

describe('SSM, STNSM, STOSM', () => {
  it('SSM loads the system mask from storage (BC mode)', () => {
    const cpu = newCpu();
    put(cpu, 0x100, 'FF');
    expect(exec(cpu, '80000100')).toBe(0);
    expect(cpu.sysMask).toBe(0xff);
    expect(cpu.brk).toBe(true);
  });
  it('SSM with the SSM-suppression control (CR0 bit 1) is a special-operation exception', () => {
    const cpu = newCpu();
    cpu.cr[0] = 0x400000e0;
    put(cpu, 0x100, 'FF');
    expect(exec(cpu, '80000100')).toBe(SPECIAL);
    expect(cpu.sysMask).toBe(0);
  });
  it('SSM in EC mode with bits 0 or 2-4 on: the mask is set, then a specification exception', () => {
    const cpu = newCpu();
    cpu.loadPsw(ecPsw(0), 0x800);
    put(cpu, 0x100, '83');
    expect(exec(cpu, '80000100')).toBe(SPEC);
    expect(cpu.sysMask).toBe(0x83);
    put(cpu, 0x100, '47');
    expect(exec(cpu, '80000100')).toBe(0);
    expect(cpu.sysMask).toBe(0x47);
    expect(cpu.dat).toBe(true);
  });
  it('STNSM stores the old mask and ANDs the immediate in', () => {
    const cpu = newCpu();
    cpu.loadPsw(ecPsw(0x03), 0x800);
    expect(exec(cpu, 'AC020100')).toBe(0);
    expect(get(cpu, 0x100, 1)).toBe('03');
    expect(cpu.sysMask).toBe(0x02);
  });
  it('STOSM stores the old mask and ORs the immediate in; invalid EC bits give a specification exception', () => {
    const cpu = newCpu();
    cpu.loadPsw(ecPsw(0x02), 0x800);
    expect(exec(cpu, 'AD050100')).toBe(0);
    expect(get(cpu, 0x100, 1)).toBe('02');
    expect(cpu.sysMask).toBe(0x07);
    expect(cpu.dat).toBe(true);
    cpu.loadPsw(ecPsw(0x02), 0x800);
    expect(exec(cpu, 'AD100101')).toBe(SPEC);
    expect(get(cpu, 0x101, 1)).toBe('02');
    expect(cpu.sysMask).toBe(0x12);
  });
  it('STNSM with a store-protected operand changes no mask', () => {
    const cpu = newCpu();
    cpu.loadPsw(ecPsw(0x03, 2), 0x800);
    cpu.keys[0] = 0x30;
    expect(exec(cpu, 'AC000100')).toBe(0x04);
    expect(cpu.sysMask).toBe(0x03);
  });
});

describe('SPKA and IPK', () => {
  it('SPKA sets the PSW key from bits 24-27 of the address in the supervisor state', () => {
    const cpu = newCpu();
    cpu.gpr[5] = 0x123;
    expect(exec(cpu, 'B20A5050')).toBe(0); // key from X'173' -> 7
    expect(cpu.key).toBe(7);
  });
  it('SPKA in the problem state needs the key\'s bit in the PSW-key mask (CR3 bits 0-15)', () => {
    const cpu = newCpu();
    cpu.loadPsw(ecPsw(0, 8, true), 0x800);
    expect(exec(cpu, 'B20A0090')).toBe(PRIV);
    expect(cpu.key).toBe(8);
    cpu.cr[3] = 0x00400000; // key 9 allowed
    expect(exec(cpu, 'B20A0090')).toBe(0);
    expect(cpu.key).toBe(9);
  });
  it('IPK puts the key in bits 24-27 of GR2 and zeros in 28-31', () => {
    const cpu = newCpu();
    cpu.loadPsw(ecPsw(0, 0xa), 0x800);
    cpu.gpr[2] = 0x1234567f;
    expect(exec(cpu, 'B20B0000')).toBe(0);
    expect(hex8(cpu.gpr[2]!)).toBe('123456A0');
  });
  it('IPK in the problem state needs the extraction-authority control (CR0 bit 4)', () => {
    const cpu = newCpu();
    cpu.loadPsw(ecPsw(0, 3, true), 0x800);
    expect(exec(cpu, 'B20B0000')).toBe(PRIV);
    cpu.cr[0] |= 0x08000000;
    expect(exec(cpu, 'B20B0000')).toBe(0);
    expect(cpu.gpr[2]! & 0xff).toBe(0x30);
  });
});

describe('ISK, SSK, RRB (2K blocks)', () => {
  it('SSK sets key, fetch bit, reference and change bits of the block; ISK (EC mode) reads them back', () => {
    const cpu = newCpu();
    cpu.loadPsw(ecPsw(0), 0x800);
    cpu.gpr[1] = 0xffffff3e;
    cpu.gpr[2] = 0x00001800;
    expect(exec(cpu, '0812')).toBe(0);
    expect(cpu.keys[3]).toBe(0x3e);
    cpu.gpr[3] = 0x11111111;
    cpu.gpr[4] = 0x00001ff0; // same block
    expect(exec(cpu, '0934')).toBe(0);
    expect(hex8(cpu.gpr[3]!)).toBe('1111113E');
    expect(cpu.brk).toBe(true);
  });
  it('ISK in BC mode inserts only key and fetch-protection bit (bits 29-31 zero)', () => {
    const cpu = newCpu();
    cpu.keys[3] = 0x3e;
    cpu.gpr[3] = 0x11111111;
    cpu.gpr[4] = 0x1800;
    expect(exec(cpu, '0934')).toBe(0);
    expect(hex8(cpu.gpr[3]!)).toBe('11111138');
  });
    it('ISK/SSK with bits 28-31 of R2 not zero: specification exception', () => {
    const cpu = newCpu();
    cpu.gpr[2] = 0x1801;
    expect(exec(cpu, '0812')).toBe(SPEC);
    expect(exec(cpu, '0912')).toBe(SPEC);
  });
  it('ISK/SSK outside storage: addressing exception', () => {
    const cpu = newCpu();
    cpu.gpr[2] = 0x10000;
    expect(exec(cpu, '0812')).toBe(ADDR);
    expect(exec(cpu, '0912')).toBe(ADDR);
  });
  it('the block address is real: prefixing applies', () => {
    const cpu = newCpu();
    cpu.prefix = 0x4000;
    cpu.gpr[1] = 0x50;
    cpu.gpr[2] = 0x0000;
    expect(exec(cpu, '0812')).toBe(0);
    expect(cpu.keys[0x4000 >>> 11]).toBe(0x50);
    expect(cpu.keys[0]).toBe(0);
  });
  it('RRB sets the CC from reference and change bits and resets the reference bit', () => {
    const cpu = newCpu();
    const expected: Array<[number, number]> = [
      [0x00, 0],
      [0x02, 1],
      [0x04, 2],
      [0x06, 3],
    ];
    for (const [k, cc] of expected) {
      cpu.keys[1] = 0x90 | k;
      expect(exec(cpu, 'B2130800')).toBe(0);
      expect(cpu.cc).toBe(cc);
      expect(cpu.keys[1]).toBe(0x90 | (k & 0x02));
    }
  });
});

describe('LCTL and STCTL', () => {
  it('LCTL loads control registers R1 through R3, wrapping from 15 to 0', () => {
    const cpu = newCpu();
    put(cpu, 0x200, '11111111 22222222 33333333');
    expect(exec(cpu, 'B7F10200')).toBe(0); // CR15, CR0, CR1
    expect(hex8(cpu.cr[15]!)).toBe('11111111');
    expect(hex8(cpu.cr[0]!)).toBe('22222222');
    expect(hex8(cpu.cr[1]!)).toBe('33333333');
    expect(hex8(cpu.cr[2]!)).toBe('FFFFFFFF');
  });
  it('STCTL stores control registers R1 through R3', () => {
    const cpu = newCpu();
    cpu.cr[14] = 0xc2000000;
    cpu.cr[15] = 0x200;
    expect(exec(cpu, 'B6E00200')).toBe(0);
    expect(get(cpu, 0x200, 12)).toBe('C200000000000200000000E0');
  });
  it('both need a word-aligned operand', () => {
    const cpu = newCpu();
    expect(exec(cpu, 'B7000202')).toBe(SPEC);
    expect(exec(cpu, 'B6000202')).toBe(SPEC);
    expect(hex8(cpu.cr[0]!)).toBe('000000E0');
  });
  it('LCTL with part of the operand outside storage loads nothing', () => {
    const cpu = newCpu();
    cpu.gpr[5] = 0xfffc; // CR0 from the last word of 64K, CR1 beyond it
    expect(exec(cpu, 'B7015000')).toBe(ADDR);
    expect(hex8(cpu.cr[0]!)).toBe('000000E0');
  });
});

describe('STIDP, STAP, SPX, STPX', () => {
  it('STIDP stores version, CPU identification and model', () => {
    const cpu = newCpu();
    expect(exec(cpu, 'B2020100')).toBe(0);
    expect(get(cpu, 0x100, 8)).toBe('FD00061131580000');
    expect(exec(cpu, 'B2020104')).toBe(SPEC);
  });
  it('STAP stores the CPU address', () => {
    const cpu = newCpu();
    cpu.cpuAddress = 3;
    expect(exec(cpu, 'B2120100')).toBe(0);
    expect(get(cpu, 0x100, 2)).toBe('0003');
    expect(exec(cpu, 'B2120101')).toBe(SPEC);
  });
  it('SPX sets bits 8-19 as the prefix; STPX stores it', () => {
    const cpu = newCpu();
    put(cpu, 0x100, 'FF00AFFF');
    expect(exec(cpu, 'B2100100')).toBe(0);
    expect(hex8(cpu.prefix)).toBe('0000A000');
    expect(exec(cpu, 'B2110104')).toBe(0);
    // Real 0x104 is absolute 0xA104 now.
    expect(get(cpu, 0xa104, 4)).toBe('0000A000');
  });
  it('SPX with a prefix area outside storage: addressing exception, prefix unchanged', () => {
    const cpu = newCpu();
    put(cpu, 0x100, '00010000');
    expect(exec(cpu, 'B2100100')).toBe(ADDR);
    expect(cpu.prefix).toBe(0);
    expect(exec(cpu, 'B2100102')).toBe(SPEC);
  });
});

describe('clocks and timers', () => {
  it('SCK sets the TOD clock, STCK reads it back (unique, increasing)', () => {
    const time = new FakeTime();
    const cpu = newCpu({ time });
    put(cpu, 0x100, '12345678 9ABCD000');
    expect(exec(cpu, 'B2040100')).toBe(0);
    expect(cpu.cc).toBe(0);
    expect(exec(cpu, 'B2050108')).toBe(0);
    expect(get(cpu, 0x108, 8)).toBe('123456789ABCD000');
    expect(exec(cpu, 'B2050110')).toBe(0);
    expect(get(cpu, 0x110, 8)).toBe('123456789ABCD001');
    time.t += 2;
    expect(exec(cpu, 'B2050118')).toBe(0);
    expect(get(cpu, 0x118, 8)).toBe('123456789ABCF000');
  });
  it('SCKC/STCKC round trip; SPT/STPT decrement with TOD bit 51', () => {
    const time = new FakeTime();
    const cpu = newCpu({ time });
    put(cpu, 0x100, 'AAAAAAAA BBBBB000 00000000 00064000');
    expect(exec(cpu, 'B2060100')).toBe(0);
    expect(exec(cpu, 'B2070120')).toBe(0);
    expect(get(cpu, 0x120, 8)).toBe('AAAAAAAABBBBB000');
    expect(exec(cpu, 'B2080108')).toBe(0); // 100 microseconds
    time.t += 40;
    expect(exec(cpu, 'B2090128')).toBe(0);
    expect(get(cpu, 0x128, 8)).toBe('000000000003C000'); // 60 microseconds left
    time.t += 70;
    expect(exec(cpu, 'B2090128')).toBe(0);
    expect(get(cpu, 0x128, 8)).toBe('FFFFFFFFFFFF6000'); // 10 microseconds past zero
  });
  it('clock and timer operands must be doubleword aligned', () => {
    const cpu = newCpu();
    for (const op of ['B2040104', 'B2060104', 'B2070104', 'B2080104', 'B2090104']) expect(exec(cpu, op)).toBe(SPEC);
  });
});

describe('DIAGNOSE, direct control, channel sets', () => {
  it('DIAGNOSE on the bare machine is a specification exception (the hook decides)', () => {
    const cpu = newCpu();
    expect(exec(cpu, '83120100')).toBe(SPEC);
    let seen: number[] = [];
    cpu.hooks = { ...cpu.hooks, diagnose: (_c, r1, r3, a) => void (seen = [r1, r3, a]) };
    cpu.gpr[4] = 0x1000;
    expect(exec(cpu, '83354008')).toBe(0);
    expect(seen).toEqual([3, 5, 0x1008]);
  });
  it('RDD stores the (unconnected, zero) direct-control lines; WRD only fetches', () => {
    const cpu = newCpu();
    put(cpu, 0x100, 'FF');
    expect(exec(cpu, '85070100')).toBe(0);
    expect(get(cpu, 0x100, 1)).toBe('00');
    expect(exec(cpu, '84070FFF')).toBe(0);
    cpu.gpr[1] = 0xfff000;
    expect(exec(cpu, '84071000')).toBe(ADDR);
  });
  it('CONCS/DISCS: the CPU\'s own channel set (number = CPU address) is cc 0, others cc 3', () => {
    const cpu = newCpu();
    expect(exec(cpu, 'B2000000')).toBe(0);
    expect(cpu.cc).toBe(0);
    expect(exec(cpu, 'B2000001')).toBe(0);
    expect(cpu.cc).toBe(3);
    expect(exec(cpu, 'B2010000')).toBe(0);
    expect(cpu.cc).toBe(0);
    expect(exec(cpu, 'B2010002')).toBe(0);
    expect(cpu.cc).toBe(3);
  });
  it('SIGP on a CPU without a multiprocessing complex: not operational (cc 3)', () => {
    const cpu = newCpu();
    expect(exec(cpu, 'AE120001')).toBe(0);
    expect(cpu.cc).toBe(3);
  });
});

describe('LPSW', () => {
  it('loads an EC-mode PSW from a doubleword', () => {
    const cpu = newCpu();
    put(cpu, 0x100, '070E2000 00001234');
    expect(exec(cpu, '82000100')).toBe(0);
    expect(cpu.ec).toBe(true);
    expect(cpu.sysMask).toBe(0x07);
    expect(cpu.key).toBe(0);
    expect(cpu.wait).toBe(true);
    expect(cpu.cc).toBe(2);
    expect(cpu.ia).toBe(0x1234);
    expect(cpu.dat).toBe(true);
  });
  it('needs a doubleword-aligned operand', () => {
    const cpu = newCpu();
    expect(exec(cpu, '82000104')).toBe(SPEC);
  });
});
