// Running a stand-alone S/370 program on a bare CPU: the engine behind `vm370 run`.
// Other tools compare us with Hercules through this contract (issue 2, item 7).

import { Cpu } from '../cpu/cpu.ts';
import { Storage } from '../storage/storage.ts';
import { run } from '../interp/interpreter.ts';
import { CpuComplex, runComplex } from '../mp/complex.ts';
import type { RunReport } from '../reference/report.ts';

export type StartMode = { kind: 'bin'; origin: number; entry: number } | { kind: 'core'; start: 'restart' | 'psw' };

export interface StandaloneOptions {
  image: Uint8Array;
  mode: StartMode;
  storageSize: number;
  maxInstructions: number;
  /** Control registers preset before the start, by number. */
  controlRegisters?: ReadonlyMap<number, number>;
  /** Wall-clock milliseconds to wait in an enabled wait before reporting it. */
  enabledWaitMs?: number;
  /** Called before each instruction when tracing (slow path). */
  trace?: (cpu: Cpu) => void;
  /** Number of CPUs sharing the storage (default 1); CPU 0 starts, the others are stopped. */
  cpus?: number;
}

export type RunStatus = 'wait' | 'limit' | 'checkstop';

export interface StandaloneResult {
  status: RunStatus;
  cpu: Cpu;
  /** The PSW when the run ended, 16 hex digits. */
  psw: string;
  /** With more than one CPU: all of them, by CPU address, and their states. */
  complex?: CpuComplex;
}

export function hex(v: number, digits: number): string {
  return (v >>> 0).toString(16).toUpperCase().padStart(digits, '0');
}

export function createStandaloneCpu(opts: StandaloneOptions): Cpu {
  const storage = new Storage(opts.storageSize);
  const cpu = new Cpu(storage);
  cpu.initialReset();
  for (const [n, v] of opts.controlRegisters ?? []) cpu.cr[n] = v >>> 0;
  const m = opts.mode;
  if (m.kind === 'bin') {
    storage.load(m.origin, opts.image);
    cpu.loadPsw(0, m.entry & 0xffffff);
  } else {
    storage.load(0, opts.image);
    if (m.start === 'restart') cpu.restartInterrupt();
    else cpu.loadPswFrom(0);
  }
  cpu.pgmLog = [];
  return cpu;
}

export async function runStandalone(opts: StandaloneOptions): Promise<StandaloneResult> {
  const cpu = createStandaloneCpu(opts);
  const limit = opts.maxInstructions;
  const waitMs = opts.enabledWaitMs ?? 2000;
  if ((opts.cpus ?? 1) > 1) {
    const complex = new CpuComplex(cpu, opts.cpus!);
    const status = await runComplex(complex, limit, waitMs);
    const [hi, lo] = cpu.pswWords();
    return { status, cpu, psw: hex(hi, 8) + hex(lo, 8), complex };
  }
  let status: RunStatus = 'limit';
  let waitedSince = 0;
  for (;;) {
    const before = cpu.instructions;
    const budget = Math.min(limit - cpu.instructions, opts.trace ? 1 : 1_000_000);
    if (opts.trace && budget > 0) opts.trace(cpu);
    const r = budget > 0 ? run(cpu, budget) : 'limit';
    if (r === 'checkstop') {
      status = 'checkstop';
      break;
    }
    if (r === 'wait') {
      if (cpu.isDisabledWait()) {
        status = 'wait';
        break;
      }
      if (waitedSince === 0) waitedSince = Date.now();
      if (Date.now() - waitedSince > waitMs) {
        status = 'wait';
        break;
      }
      await new Promise((res) => setTimeout(res, 1));
      continue;
    }
    waitedSince = 0;
    if (cpu.instructions >= limit) {
      status = 'limit';
      break;
    }
    if (cpu.instructions === before && r === 'limit') break;
  }
  const [hi, lo] = cpu.pswWords();
  return { status, cpu, psw: hex(hi, 8) + hex(lo, 8) };
}

/** Parses a dump range as Hercules' `r` command takes it: `ADDR.LEN` or `ADDR-END` in hex. */
export function parseRange(text: string): { start: number; length: number } {
  const m = /^([0-9a-fA-F]+)(?:([.-])([0-9a-fA-F]+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`bad range '${text}' (use ADDR.LEN or ADDR-END in hex)`);
  const start = parseInt(m[1]!, 16);
  if (!m[2]) return { start, length: 1 };
  const v = parseInt(m[3]!, 16);
  const length = m[2] === '.' ? v : v - start + 1;
  if (length <= 0) throw new RangeError(`empty range '${text}'`);
  return { start, length };
}

/** The final state of a run in the `vm370 run --json` shape; `dumps` are ranges as `parseRange` takes them. */
export function runReport(result: StandaloneResult, dumps: readonly string[]): RunReport {
  const { cpu } = result;
  const mem: Record<string, string> = {};
  for (const d of dumps) {
    const { start, length } = parseRange(d);
    let s = '';
    for (let i = 0; i < length; i++) {
      const a = (start + i) & 0xffffff;
      s += a < cpu.size ? hex(cpu.mem[a]!, 2) : '--';
    }
    mem[d] = s;
  }
  return {
    status: result.status,
    waitPsw: result.psw,
    gpr: [...cpu.gpr].map((v) => hex(v, 8)),
    fpr: [0, 2, 4, 6].map((r) => hex(cpu.fpr[r]!, 8) + hex(cpu.fpr[r + 1]!, 8)),
    cr: [...cpu.cr].map((v) => hex(v, 8)),
    mem,
    pgmCodes: (cpu.pgmLog ?? []).map((c) => hex(c, 4)),
    instructions: cpu.instructions,
  };
}
