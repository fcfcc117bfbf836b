// A bare CPU for instruction tests: storage, the instruction bytes placed at an address,
// registers and storage preset, run for N instructions through the real interpreter.
// Every new PSW is a disabled wait at its own address, so an interruption stops the run
// with the old PSW and interruption code in low storage.
import { Cpu, run, Storage, type StopReason } from '../../index.ts';

export const CODE = 0x1000;

export interface Setup {
  /** Instruction bytes in hex, placed at `at` (default X'1000'). */
  code: string;
  at?: number;
  regs?: Readonly<Record<number, number>>;
  /** Storage contents in hex, by address. */
  mem?: Readonly<Record<number, string>>;
  cc?: number;
  progMask?: number;
  /** PSW key (default 0). */
  key?: number;
  ec?: boolean;
  problem?: boolean;
  size?: number;
  /** Storage keys (key byte as SSK sets it: KKKKF000) by 2K block address. */
  keys?: Readonly<Record<number, number>>;
}

export function hexToBytes(t: string): number[] {
  const s = t.replace(/[\s_]+/g, '');
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 2) out.push(parseInt(s.slice(i, i + 2), 16));
  return out;
}

export function machine(s: Setup): Cpu {
  const cpu = new Cpu(new Storage(s.size ?? 1024 * 1024));
  cpu.initialReset();
  cpu.pgmLog = [];
  for (const a of [0x58, 0x60, 0x68, 0x70, 0x78]) {
    cpu.storage.write32(a, 0x00020000);
    cpu.storage.write32(a + 4, a);
  }
  for (const [a, v] of Object.entries(s.mem ?? {})) cpu.mem.set(hexToBytes(v), Number(a));
  const at = s.at ?? CODE;
  cpu.mem.set(hexToBytes(s.code), at);
  for (const [r, v] of Object.entries(s.regs ?? {})) cpu.gpr[Number(r)] = v | 0;
  for (const [a, k] of Object.entries(s.keys ?? {})) cpu.keys[Number(a) >>> 11] = k;
  const key = s.key ?? 0;
  const b1 = (key << 4) | (s.ec ? 8 : 0) | (s.problem ? 1 : 0);
  if (s.ec) cpu.loadPsw(((b1 << 16) | ((s.cc ?? 0) << 12) | ((s.progMask ?? 0) << 8)) >>> 0, at);
  else cpu.loadPsw(b1 << 16, (((s.cc ?? 0) << 28) | ((s.progMask ?? 0) << 24) | at) >>> 0);
  return cpu;
}

/** Runs `n` instructions (an interruption into a wait stops earlier). */
export function step(cpu: Cpu, n = 1): StopReason {
  return run(cpu, n);
}

/** Sets up, runs one instruction (or `n`), returns the CPU. */
export function exec(s: Setup, n = 1): Cpu {
  const cpu = machine(s);
  step(cpu, n);
  return cpu;
}

export const u32 = (v: number) => v >>> 0;
export const reg = (cpu: Cpu, r: number) => cpu.gpr[r]! >>> 0;

export interface ProgramCheck {
  code: number;
  ilc: number;
  /** Instruction address in the program old PSW. */
  ia: number;
  cc: number;
}

/** The program interruption taken, read from the old PSW (BC or EC mode), or undefined. */
export function programCheck(cpu: Cpu): ProgramCheck | undefined {
  if (!cpu.pgmLog || cpu.pgmLog.length === 0) return undefined;
  const hi = cpu.storage.read32(0x28);
  const lo = cpu.storage.read32(0x2c);
  if ((hi & 0x00080000) !== 0) {
    return { code: cpu.storage.read16(0x8e), ilc: (cpu.storage.read8(0x8d) >>> 1) & 3, ia: lo & 0xffffff, cc: (hi >>> 12) & 3 };
  }
  return { code: hi & 0xffff, ilc: lo >>> 30, ia: lo & 0xffffff, cc: (lo >>> 28) & 3 };
}

export function bytes(cpu: Cpu, a: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += cpu.mem[a + i]!.toString(16).toUpperCase().padStart(2, '0');
  return s;
}
