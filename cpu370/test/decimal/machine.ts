// A bare CPU for the decimal and floating-point tests: the instruction placed at X'1000',
// registers, FPRs and storage preset, one instruction run through the real interpreter.
// Every new PSW is a disabled wait at its own address, so a program interruption stops
// the run with the old PSW (interruption code, ILC, CC) in low storage.
import { run, type Cpu } from '../../index.ts';
import { CODE, machine as bareMachine } from '../general/machine.ts';

export { bytes, CODE, hexToBytes } from '../general/machine.ts';

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

export function machine(s: Setup): Cpu {
  const cpu = bareMachine({ code: s.code, regs: s.regs, mem: s.mem, cc: s.cc, progMask: s.progMask, size: 64 * 1024 });
  for (const [r, v] of Object.entries(s.fpr ?? {})) {
    const t = v.replace(/[\s_]+/g, '');
    cpu.fpr[Number(r)] = parseInt(t.slice(0, 8), 16) >>> 0;
    if (t.length > 8) cpu.fpr[Number(r) + 1] = parseInt(t.slice(8, 16), 16) >>> 0;
  }
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

const hex8 = (v: number): string => (v >>> 0).toString(16).toUpperCase().padStart(8, '0');

/** FPR r as 16 hex digits. */
export function fpr(cpu: Cpu, r: number): string {
  return hex8(cpu.fpr[r]!) + hex8(cpu.fpr[r + 1]!);
}
