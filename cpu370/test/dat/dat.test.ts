import { describe, expect, it } from 'vitest';
import { run, type Cpu } from '../../index.ts';
import { FAST_PATHS } from '../../src/interp/fast-paths.ts';
import { ecPsw, exec, get, hex8, newCpu, put, traps } from '../control/machine.ts';

const SEG = 0x10;
const PAGE = 0x11;
const TSPEC = 0x12;
const ADDR = 0x05;
const PROT = 0x04;

const CR0_4K_64K = 0x008000e0;
const CR0_2K_64K = 0x004000e0;
const CR0_4K_1M = 0x009000e0;
const CR0_2K_1M = 0x005000e0;

const ST = 0x2000; // segment table
const PT0 = 0x2100; // page table of segment 0
const PT1 = 0x2200; // page table of segment 1

/**
 * 4K pages, 64K segments: segment 0 maps virtual 0-64K to real 0-64K; segment 1 maps
 * virtual page X'1n000' to real page X'n000' + X'8000' for n = 0-7 (others invalid);
 * segments 2-15 are invalid.
 */
function tables4k64k(cpu: Cpu): void {
  cpu.cr[0] = CR0_4K_64K;
  cpu.cr[1] = ST;
  for (let s = 0; s < 16; s++) cpu.storage.write32(ST + s * 4, 1);
  cpu.storage.write32(ST, 0xf0000000 | PT0);
  cpu.storage.write32(ST + 4, 0xf0000000 | PT1);
  for (let p = 0; p < 16; p++) cpu.storage.write16(PT0 + p * 2, (p << 12) >>> 8);
  for (let p = 0; p < 16; p++) cpu.storage.write16(PT1 + p * 2, p < 8 ? ((0x8000 + (p << 12)) >>> 8) : 0x0008);
}

/** Runs code at X'800' with DAT on (EC mode); returns the program-interruption codes. */
function runDat(cpu: Cpu, code: string, max = 100): number[] {
  traps(cpu, true);
  put(cpu, 0x800, code);
  cpu.loadPsw(ecPsw(0x04), 0x800);
  run(cpu, max);
  return cpu.pgmLog!;
}

describe('LRA in each translation format (GA22-7000 "Load Real Address")', () => {
  it('4K pages, 64K segments', () => {
    const cpu = newCpu();
    cpu.cr[0] = CR0_4K_64K;
    cpu.cr[1] = ST;
    cpu.storage.write32(ST + 4, 0xf0000000 | 0x2100);
    cpu.storage.write16(0x2106, 0x0090);
    cpu.gpr[2] = 0x013456;
    expect(exec(cpu, 'B1102000')).toBe(0);
    expect(cpu.cc).toBe(0);
    expect(hex8(cpu.gpr[1]!)).toBe('00009456');
  });
  it('2K pages, 64K segments', () => {
    const cpu = newCpu();
    cpu.cr[0] = CR0_2K_64K;
    cpu.cr[1] = ST;
    cpu.storage.write32(ST + 4, 0xf0000000 | 0x2100);
    cpu.storage.write16(0x210e, 0x00a8);
    cpu.gpr[2] = 0x013c56;
    expect(exec(cpu, 'B1102000')).toBe(0);
    expect(cpu.cc).toBe(0);
    expect(hex8(cpu.gpr[1]!)).toBe('0000AC56'); // X'A800' | X'456'
  });
  it('4K pages, 1M segments', () => {
    const cpu = newCpu();
    cpu.cr[0] = CR0_4K_1M;
    cpu.cr[1] = ST;
    cpu.storage.write32(ST + 4, 0x30000000 | 0x2100);
    cpu.storage.write16(0x2168, 0x00b0);
    cpu.gpr[2] = 0x134567;
    expect(exec(cpu, 'B1102000')).toBe(0);
    expect(cpu.cc).toBe(0);
    expect(hex8(cpu.gpr[1]!)).toBe('0000B567');
  });
  it('2K pages, 1M segments', () => {
    const cpu = newCpu();
    cpu.cr[0] = CR0_2K_1M;
    cpu.cr[1] = ST;
    cpu.storage.write32(ST + 4, 0x30000000 | 0x2100);
    cpu.storage.write16(0x21d0, 0x00c8);
    cpu.gpr[2] = 0x134567;
    expect(exec(cpu, 'B1102000')).toBe(0);
    expect(cpu.cc).toBe(0);
    expect(hex8(cpu.gpr[1]!)).toBe('0000CD67');
  });
  it('cc 1: segment-table entry invalid, R1 = address of the entry', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.gpr[2] = 0x023000;
    expect(exec(cpu, 'B1102000')).toBe(0);
    expect(cpu.cc).toBe(1);
    expect(hex8(cpu.gpr[1]!)).toBe('00002008');
  });
  it('cc 2: page-table entry invalid, R1 = address of the entry', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.gpr[2] = 0x01a000;
    expect(exec(cpu, 'B1102000')).toBe(0);
    expect(cpu.cc).toBe(2);
    expect(hex8(cpu.gpr[1]!)).toBe('00002214');
  });
  it('cc 3: segment index beyond the segment-table length', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.gpr[2] = 0x100000; // segment 16: needs length code 1
    expect(exec(cpu, 'B1102000')).toBe(0);
    expect(cpu.cc).toBe(3);
    expect(hex8(cpu.gpr[1]!)).toBe('00002040');
    cpu.cr[1] = 0x01000000 | ST;
    cpu.storage.write32(ST + 0x40, 1);
    expect(exec(cpu, 'B1102000')).toBe(0);
    expect(cpu.cc).toBe(1);
  });
  it('cc 3: page index beyond the page-table length', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.storage.write32(ST + 4, 0x30000000 | PT1); // pages 0-3 only
    cpu.gpr[2] = 0x014000;
    expect(exec(cpu, 'B1102000')).toBe(0);
    expect(cpu.cc).toBe(3);
    expect(hex8(cpu.gpr[1]!)).toBe('00002208');
    cpu.gpr[2] = 0x013000;
    expect(exec(cpu, 'B1102000')).toBe(0);
    expect(cpu.cc).toBe(0);
    expect(hex8(cpu.gpr[1]!)).toBe('0000B000');
  });
  it('translates whether or not DAT is on, and is privileged', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.gpr[2] = 0x011234;
    cpu.loadPsw(ecPsw(0x00, 0, true), 0x800);
    expect(exec(cpu, 'B1102000')).toBe(0x02);
  });
});

describe('translation-specification and addressing exceptions', () => {
  it('CR0 page-size codes 00/11, segment-size codes with bit 12 or bit 10 on', () => {
    for (const cr0 of [0x000000e0, 0x00c000e0, 0x008800e0, 0x00a000e0, 0x00c800e0]) {
      const cpu = newCpu();
      tables4k64k(cpu);
      cpu.cr[0] = cr0;
      cpu.gpr[1] = 0x77;
      expect(exec(cpu, 'B1100000'), hex8(cr0)).toBe(TSPEC);
      expect(cpu.gpr[1]).toBe(0x77);
    }
  });
  it('segment-table entry with bits 4-7 not zero; bits 29-30 (protection, common) allowed', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.storage.write32(ST + 4, 0xf1000000 | PT1);
    cpu.gpr[2] = 0x011000;
    expect(exec(cpu, 'B1102000')).toBe(TSPEC);
    cpu.storage.write32(ST + 4, 0xf0000006 | PT1);
    expect(exec(cpu, 'B1102000')).toBe(0);
    expect(cpu.cc).toBe(0);
  });
  it('page-table entry with bits 13-14 (4K) or bit 14 (2K) not zero; bit 15 ignored', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.gpr[2] = 0x011000;
    cpu.storage.write16(PT1 + 2, 0x0094);
    expect(exec(cpu, 'B1102000')).toBe(TSPEC);
    cpu.storage.write16(PT1 + 2, 0x0092);
    expect(exec(cpu, 'B1102000')).toBe(TSPEC);
    cpu.storage.write16(PT1 + 2, 0x0091);
    expect(exec(cpu, 'B1102000')).toBe(0);
    expect(hex8(cpu.gpr[1]!)).toBe('00009000');
    cpu.cr[0] = CR0_2K_64K;
    cpu.storage.write16(PT1 + 2, 0x00aa); // 2K: page 1 of segment 1, bit 14 on
    cpu.gpr[2] = 0x010800;
    expect(exec(cpu, 'B1102000')).toBe(TSPEC);
    cpu.storage.write16(PT1 + 2, 0x00a9);
    expect(exec(cpu, 'B1102000')).toBe(0);
    expect(hex8(cpu.gpr[1]!)).toBe('0000A800');
  });
  it('a table entry outside storage is an addressing exception', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.cr[1] = 0x00fff000;
    expect(exec(cpu, 'B1100000')).toBe(ADDR);
    cpu.cr[1] = ST;
    cpu.storage.write32(ST + 4, 0xf0000000 | 0x00ff0000);
    cpu.gpr[2] = 0x011000;
    expect(exec(cpu, 'B1102000')).toBe(ADDR);
  });
});

describe('implicit translation with DAT on', () => {
  it('operands are translated; reference and change bits are set in the real frame', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    put(cpu, 0x9456, 'CAFEBABE');
    cpu.gpr[2] = 0x011000;
    expect(runDat(cpu, '5810 2456 5010 2460 0000')).toEqual([0x01]);
    expect(hex8(cpu.gpr[1]!)).toBe('CAFEBABE');
    expect(get(cpu, 0x9460, 4)).toBe('CAFEBABE');
    expect(cpu.keys[0x9000 >>> 11]! & 0x06).toBe(0x06);
    expect(cpu.keys[ST >>> 11]! & 0x06).toBe(0x04); // the tables' block: referenced, not changed
    expect(cpu.tlb[0x11000 >>> 11]).toBe(0x9000 | 1);
    expect(cpu.tlb[(0x11000 >>> 11) + 1]).toBe(0x9800 | 1);
  });
  it('segment-translation exception: nullified, translation-exception address at X\'90\'', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.gpr[2] = 0x023000;
    expect(runDat(cpu, '5810 2456 0000')).toEqual([SEG]);
    expect(hex8(cpu.storage.read32(0x28))).toBe('04080000');
    expect(hex8(cpu.storage.read32(0x2c))).toBe('00000800');
    expect(hex8(cpu.storage.read32(0x90))).toBe('00023000');
    expect(get(cpu, 0x8c, 4)).toBe('00040010');
  });
  it('page-translation exception for a store: nothing stored, old PSW at the instruction', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.gpr[2] = 0x01a000;
    cpu.gpr[1] = 0x11223344;
    expect(runDat(cpu, '1B33 5010 27FE')).toEqual([PAGE]);
    expect(hex8(cpu.storage.read32(0x2c))).toBe('00000802');
    expect(hex8(cpu.storage.read32(0x90))).toBe('0001A000');
  });
  it('an operand crossing into an invalid page: exception before anything is stored', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.gpr[2] = 0x017000;
    cpu.gpr[1] = 0x11223344;
    // ST at X'17FFE': the first half is in valid page 7 (real X'FFFE'), the rest in invalid page 8.
    expect(runDat(cpu, '5010 2FFE')).toEqual([PAGE]);
    expect(get(cpu, 0xfffe, 2)).toBe('0000');
    expect(hex8(cpu.storage.read32(0x90))).toBe('00018000');
  });
  it('instruction fetch from an invalid segment: nullified at the target address', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.gpr[2] = 0x024000;
    expect(runDat(cpu, '07F2')).toEqual([SEG]);
    expect(hex8(cpu.storage.read32(0x2c))).toBe('00024000');
    expect(hex8(cpu.storage.read32(0x90))).toBe('00024000');
  });
  it('instructions run from a remapped page (fetch through the TLB and the cached block)', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    // Virtual X'11000' is real X'9000': LA 5,7 there, then an operation exception.
    put(cpu, 0x9000, '4150 0007 0000');
    cpu.gpr[2] = 0x011000;
    expect(runDat(cpu, '07F2')).toEqual([0x01]);
    expect(cpu.gpr[5]).toBe(7);
    expect(hex8(cpu.storage.read32(0x2c))).toBe('00011006');
  });
  it('segment protection: fetches allowed, stores a protection exception', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.storage.write32(ST + 4, 0xf0000004 | PT1);
    put(cpu, 0x9000, '00000042');
    cpu.gpr[2] = 0x011000;
    expect(runDat(cpu, '5810 2000 5010 2004 0000')).toEqual([PROT]);
    expect(cpu.gpr[1]).toBe(0x42);
    expect(get(cpu, 0x9004, 4)).toBe('00000000');
  });
  it('the DAT bit is honoured on LPSW: code continues translated', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    put(cpu, 0x9000, '4160 0009 0000');
    put(cpu, 0x900, '04080000 00011000');
    traps(cpu, true);
    put(cpu, 0x800, '8200 0900');
    cpu.loadPsw(ecPsw(0), 0x800);
    run(cpu, 100);
    expect(cpu.gpr[6]).toBe(9);
    expect(cpu.pgmLog).toEqual([0x01]);
  });
});

describe('the interpreter\'s inline paths under DAT', () => {
  it('loops of L, ST, MVC, CLC, IC, STC, LH, STH use translated addresses once the TLB is filled', () => {
    const cpu = newCpu({ size: 256 * 1024 }); // virtual addresses are real ones too: a wrong path would show
    tables4k64k(cpu);
    put(cpu, 0x9000, '0123456789ABCDEF');
    cpu.gpr[2] = 0x011000; // -> real X'9000'
    cpu.gpr[3] = 0x012000; // -> real X'A000'
    cpu.gpr[4] = 3;
    // LOOP: MVC 256(8,3),0(2); CLC 256(8,3),0(2); L 5,0(2); ST 5,512(3); IC 6,7(2); STC 6,520(3);
    //       LH 7,2(2); STH 7,522(3); BCT 4,LOOP; then an operation exception.
    const code = 'D207 3100 2000 D507 3100 2000 5850 2000 5050 3200 4360 2007 4260 3208 4870 2002 4070 320A 4640 0800 0000';
    expect(runDat(cpu, code)).toEqual([0x01]);
    expect(cpu.cc).toBe(0);
    expect(get(cpu, 0xa100, 8)).toBe('0123456789ABCDEF');
    expect(get(cpu, 0xa200, 12)).toBe('0123456700000000EF004567');
    expect(get(cpu, 0x12100, 8)).toBe('0000000000000000');
    expect(get(cpu, 0x12200, 4)).toBe('00000000');
    expect(hex8(cpu.gpr[7]!)).toBe('00004567');
  });
  it('LM, STM, TM, CLI, MVI, NI, OI, XI likewise', () => {
    const cpu = newCpu({ size: 256 * 1024 });
    tables4k64k(cpu);
    put(cpu, 0x9000, '00000001 00000002 F0');
    cpu.gpr[2] = 0x011000; // -> real X'9000'
    cpu.gpr[3] = 0x012000; // -> real X'A000'
    cpu.gpr[4] = 2;
    // LOOP: LM 6,7,0(2); STM 6,7,16(3); TM 8(2),X'F0'; CLI 8(2),X'F0'; MVI 24(3),X'AA';
    //       NI 24(3),X'0F'; OI 25(3),X'30'; XI 25(3),X'FF'; BCT 4,LOOP; then an operation exception.
    const code = '9867 2000 9067 3010 91F0 2008 95F0 2008 92AA 3018 940F 3018 9630 3019 97FF 3019 4640 0800 0000';
    expect(runDat(cpu, code)).toEqual([0x01]);
    expect(cpu.gpr[6]).toBe(1);
    expect(cpu.gpr[7]).toBe(2);
    expect(get(cpu, 0xa010, 10)).toBe('00000001000000020A00'); // OI then XI twice: back to 00
    expect(get(cpu, 0x12010, 10)).toBe('00000000000000000000');
  });
  it('every inline path that touches storage translates its operands (the TLB is named in it)', () => {
    for (const [mnemonic, src] of Object.entries(FAST_PATHS)) {
      if (src.includes('mem[')) expect(src.includes('tlb'), mnemonic).toBe(true);
    }
  });
    it('a store into a segment-protected page still gives a protection exception after fetches filled the TLB', () => {
    const cpu = newCpu({ size: 256 * 1024 });
    tables4k64k(cpu);
    cpu.storage.write32(ST + 4, 0xf0000004 | PT1);
    cpu.gpr[2] = 0x011000;
    expect(runDat(cpu, '5850 2000 5850 2000 5050 2004 0000')).toEqual([PROT]);
    expect(get(cpu, 0x11004, 4)).toBe('00000000');
  });
});

describe('TLB purge rules', () => {
  it('a changed page-table entry is not seen until PTLB', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    put(cpu, 0x9000, '00000001');
    put(cpu, 0xa000, '00000002');
    cpu.gpr[2] = 0x011000;
    cpu.gpr[3] = PT1 + 2;
    cpu.gpr[4] = 0x00a0;
    // L 1,0(2); STH 4,0(3) (remap page 1 to real X'A000'); L 5,0(2); PTLB; L 6,0(2); invalid op
    expect(runDat(cpu, '5810 2000 4040 3000 5850 2000 B20D 0000 5860 2000 0000')).toEqual([0x01]);
    expect(cpu.gpr[1]).toBe(1);
    expect(cpu.gpr[5]).toBe(1);
    expect(cpu.gpr[6]).toBe(2);
  });
  it('LCTL of CR1 with a new value purges; reloading the same CR0/CR1 does not', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.gpr[2] = 0x011000;
    expect(exec(cpu, 'B1102000')).toBe(0);
    cpu.loadPsw(ecPsw(0x04), 0x800);
    expect(exec(cpu, '58302000')).toBe(0);
    expect(cpu.tlb[0x11000 >>> 11]).toBe(0x9001);
    put(cpu, 0x300, hex8(CR0_4K_64K) + hex8(ST));
    cpu.loadPsw(ecPsw(0), 0x800);
    expect(exec(cpu, 'B7010300')).toBe(0);
    expect(cpu.tlb[0x11000 >>> 11]).toBe(0x9001);
    put(cpu, 0x304, hex8(0x01000000 | ST));
    expect(exec(cpu, 'B7010300')).toBe(0);
    expect(cpu.tlb[0x11000 >>> 11]).toBe(0);
  });
  it('LCTL changing the translation format of CR0 purges; other CR0 bits do not', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.tlb[5] = 0x2801;
    put(cpu, 0x300, hex8(CR0_4K_64K | 0x0800));
    expect(exec(cpu, 'B7000300')).toBe(0);
    expect(cpu.tlb[5]).toBe(0x2801);
    put(cpu, 0x300, hex8(CR0_2K_64K));
    expect(exec(cpu, 'B7000300')).toBe(0);
    expect(cpu.tlb[5]).toBe(0);
  });
  it('SPX and CPU reset purge', () => {
    const cpu = newCpu();
    cpu.tlb[7] = 0x3801;
    put(cpu, 0x300, '00000000');
    expect(exec(cpu, 'B2100300')).toBe(0);
    expect(cpu.tlb[7]).toBe(0);
    cpu.tlb[7] = 0x3801;
    cpu.reset();
    expect(cpu.tlb[7]).toBe(0);
  });
  it('an invalid entry is not kept: making it valid takes effect without PTLB', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.gpr[2] = 0x01a000;
    expect(runDat(cpu, '5810 2000')).toEqual([PAGE]);
    cpu.storage.write16(PT1 + 20, 0x00c0);
    put(cpu, 0xc000, '0000ABCD');
    cpu.pgmLog = [];
    expect(runDat(cpu, '5810 2000 0000')).toEqual([0x01]);
    expect(cpu.gpr[1]).toBe(0xabcd);
  });
});

describe('keys and prefixing under DAT', () => {
  it('the translated address is real: prefixing then applies', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.prefix = 0x4000;
    put(cpu, 0x4000, '0000BEEF'); // absolute X'4000' = real 0
    // The tables are fetched with real addresses too: copy them to where real X'2000' is.
    cpu.gpr[2] = 0x010000; // virtual X'10000' -> real X'8000'
    cpu.storage.write16(PT1, 0x0000); // ... now real 0
    put(cpu, 0x4800, '5810 2000 0000'); // virtual = real X'800' = absolute X'4800'
    // Traps are at real 0 -> absolute X'4000'.
    for (const at of [0x58, 0x60, 0x68, 0x70, 0x78]) {
      cpu.storage.write32(0x4000 + at, 0x000a0000);
      cpu.storage.write32(0x4000 + at + 4, at);
    }
    cpu.loadPsw(ecPsw(0x04), 0x800);
    run(cpu, 10);
    expect(hex8(cpu.gpr[1]!)).toBe('0000BEEF');
    expect(cpu.pgmLog).toEqual([0x01]);
  });
  it('storage keys apply to the real frame', () => {
    const cpu = newCpu();
    tables4k64k(cpu);
    cpu.keys[0x9000 >>> 11] = 0x38; // key 3, fetch protected
    cpu.gpr[2] = 0x011000;
    traps(cpu, true);
    put(cpu, 0x800, '5810 2000');
    cpu.loadPsw(ecPsw(0x04, 5), 0x800);
    run(cpu, 10);
    expect(cpu.pgmLog).toEqual([PROT]);
  });
});
