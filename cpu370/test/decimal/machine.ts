// A bare CPU for the decimal and floating-point tests: the instruction placed at X'1000',
// registers, FPRs and storage preset, one instruction run through the real interpreter.
// Every new PSW is a disabled wait at its own address, so a program interruption stops
// the run with the old PSW (interruption code, ILC, CC) in low storage.
import { Cpu, run, Storage } from '../../index.ts';

export const CODE = 0x1000;

export interface Setup {
  /** Instruction bytes in hex (spaces allowed). */
  code: string;
  regs?: Readonly<Record<number, number>>;
  /** FPRs 0, 2, 4, 6 as 16 hex digits (or 8 for the left half only). */
  fpr?: Readonly<Record<number, string>>;
  /** Storage contents in hex, by address. */
  mem?: Readonly<Record<number, string>>;
  cc?: number;
  progMask?: number;
}

export function hexToBytes(t: string): number[] {
  const s = t.replace(/[\s_]+/g, '');
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 2) out.push(parseInt(s.slice(i, i + 2), 16));
  return out;
}

export function machine(s: Setup): Cpu {
  const cpu = new Cpu(new Storage(64 * 1024));
  cpu.initialReset();
  cpu.pgmLog = [];
  for (const a of [0x58, 0x60, 0x68, 0x70, 0x78]) {
    cpu.storage.write32(a, 0x00020000);
    cpu.storage.write32(a + 4, a);
  }
  for (const [a, v] of Object.entries(s.mem ?? {})) cpu.mem.set(hexToBytes(v), Number(a));
  cpu.mem.set(hexToBytes(s.code), CODE);
  for (const [r, v] of Object.entries(s.regs ?? {})) cpu.gpr[Number(r)] = v | 0;
  for (const [r, v] of Object.entries(s.fpr ?? {})) {
    const t = v.replace(/[\s_]+/g, '');
    cpu.fpr[Number(r)] = parseInt(t.slice(0, 8), 16) >>> 0;
    if (t.length > 8) cpu.fpr[Number(r) + 1] = parseInt(t.slice(8, 16), 16) >>> 0;
  }
  cpu.loadPsw(0, (((s.cc ?? 0) << 28) | ((s.progMask ?? 0) << 24) | CODE) >>> 0);
  return cpu;
}

export interface Outcome {
  cpu: Cpu;
  /** Program-interruption code, 0 when none. */
  code: number;
  /** The CC after the instruction (from the program old PSW when it was interrupted). */
  cc: number;
}

/** Sets up and runs one instruction. */
export function exec(s: Setup): Outcome {
  const cpu = machine(s);
  run(cpu, 1);
  const log = cpu.pgmLog ?? [];
  if (log.length === 0) return { cpu, code: 0, cc: cpu.cc };
  const oldLo = cpu.storage.read32(0x2c);
  if (((oldLo & 0xffffff) - CODE) % 2 !== 0 || (oldLo & 0xffffff) <= CODE) throw new Error('unexpected old PSW');
  return { cpu, code: log[0]!, cc: (oldLo >>> 28) & 3 };
}

export function bytes(cpu: Cpu, a: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += cpu.mem[a + i]!.toString(16).toUpperCase().padStart(2, '0');
  return s;
}

const hex8 = (v: number): string => (v >>> 0).toString(16).toUpperCase().padStart(8, '0');

/** FPR r as 16 hex digits. */
export function fpr(cpu: Cpu, r: number): string {
  return hex8(cpu.fpr[r]!) + hex8(cpu.fpr[r + 1]!);
}
