// Small helpers for the control, DAT, timing, MP and PER tests: a CPU on fresh storage,
// hand-assembled code (hex strings), single instructions, and trap new PSWs.
import { Cpu, executeInstruction, PROGRAM_CHECK, run, Storage, TodClock } from '../../index.ts';

export const hex8 = (v: number) => (v >>> 0).toString(16).toUpperCase().padStart(8, '0');

/** A controllable microsecond time source for TOD, CPU timer, clock comparator and interval timer. */
export class FakeTime {
  t = 1_700_000_000_000_000; // November 2023, in microseconds since 1970
  /** When set, time advances with the CPU's instruction count: one microsecond per instruction. */
  follow: Cpu | null = null;
  private base = 0;
  readonly source = () => (this.follow ? this.base + this.follow.instructions : this.t);
  track(cpu: Cpu): void {
    this.base = this.t - cpu.instructions;
    this.follow = cpu;
  }
}

export function newCpu(opts: { size?: number; time?: FakeTime } = {}): Cpu {
  const tod = opts.time ? new TodClock(opts.time.source) : undefined;
  const cpu = new Cpu(new Storage(opts.size ?? 64 * 1024), undefined, tod);
  cpu.initialReset();
  cpu.pgmLog = [];
  return cpu;
}

/** Writes hex bytes (spaces allowed) at an absolute address. */
export function put(cpu: Cpu, addr: number, bytes: string): void {
  const h = bytes.replace(/\s+/g, '');
  for (let i = 0; i < h.length; i += 2) cpu.storage.write8(addr + i / 2, parseInt(h.slice(i, i + 2), 16));
}

export function get(cpu: Cpu, addr: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += cpu.storage.read8(addr + i).toString(16).toUpperCase().padStart(2, '0');
  return s;
}

/**
 * Executes one instruction (hex) as the interpreter would after fetching it; returns the
 * program-interruption code it raised, or 0.
 */
export function exec(cpu: Cpu, instr: string): number {
  const h = instr.replace(/\s+/g, '').padEnd(12, '0');
  const w = parseInt(h.slice(0, 8), 16) | 0;
  const hw = parseInt(h.slice(8, 12), 16);
  const len = instr.replace(/\s+/g, '').length / 2;
  cpu.ia = (cpu.ia + len) & 0xffffff;
  try {
    executeInstruction(cpu, len === 2 ? w & 0xffff0000 : w, len === 6 ? hw : 0);
    return 0;
  } catch (e) {
    if (e !== PROGRAM_CHECK) throw e;
    return cpu.pgmCode;
  }
}

/** New PSWs for every class that put the CPU in a disabled wait whose IA names the class. */
export function traps(cpu: Cpu, ec = false): void {
  for (const at of [0x58, 0x60, 0x68, 0x70, 0x78]) {
    cpu.storage.write32(at, ec ? 0x000a0000 : 0x00020000);
    cpu.storage.write32(at + 4, at);
  }
}

/** EC-mode PSW first word: system mask, key, problem state. */
export function ecPsw(sysMask: number, key = 0, problem = false): number {
  return ((sysMask << 24) | (key << 20) | (0x8 << 16) | (problem ? 0x10000 : 0)) >>> 0;
}

/** Loads code at `at`, starts it with PSW (hi, at) and runs up to `max` instructions. */
export function runCode(cpu: Cpu, at: number, code: string, hi: number, max = 1000): string {
  put(cpu, at, code);
  cpu.loadPsw(hi, at);
  return run(cpu, max);
}
