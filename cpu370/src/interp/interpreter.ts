// The interpreter: a dense switch on the opcode, generated once from the instruction table
// so that each opcode has its own monomorphic call site (which V8 inlines), with the hot
// state in locals and interruption checks between slices (GA22-7000 ch. 5, "Instruction
// Execution"; ch. 6 for the interruption sequence).

import { Cpu, PROGRAM_CHECK, type StopReason } from '../cpu/cpu.ts';
import { PRIV } from '../arch/opcodes.ts';
import { nullifies, PGM_PRIVILEGED_OPERATION, PGM_SPECIFICATION } from '../arch/interrupts.ts';
import { INSTRUCTIONS, operationException, type Instruction } from '../exec/table.ts';
import { bindDispatch } from '../exec/dispatch.ts';
import { takePendingInterrupt } from './pending.ts';
import { makePerSlice, perActive } from '../per/per.ts';
import type { ExecFn } from '../exec/types.ts';
import { FAST_PATHS } from './fast-paths.ts';

type SliceFn = (cpu: Cpu, budget: number) => number;

/**
 * Source of the switch cases, one per opcode, each calling its routine through a distinct
 * parameter; with `fast`, a case first tries its inline fast path when the slice is plain.
 */
function buildSwitch(execs: ExecFn[], fast?: Readonly<Record<string, string>>): string {
  const byFirst = new Map<number, Instruction[]>();
  for (const ins of INSTRUCTIONS) {
    const first = ins.opcode > 0xff ? ins.opcode >>> 8 : ins.opcode;
    const list = byFirst.get(first) ?? [];
    list.push(ins);
    byFirst.set(first, list);
  }
  const call = (ins: Instruction): string => {
    const i = execs.push(ins.exec) - 1;
    const priv = (ins.flags & PRIV) !== 0 ? 'if (cpu.problem) priv(cpu); ' : '';
    return `${priv}e${i}(cpu, w, h);`;
  };
  let src = 'switch (w >>> 24) {\n';
  for (const [first, list] of [...byFirst].sort((a, b) => a[0] - b[0])) {
    if (list.length === 1 && list[0]!.opcode <= 0xff) {
      const f = fast?.[list[0]!.mnemonic];
      src += `case ${first}: ${f ? `if (fast) { ${f} }\n` : ''}${call(list[0]!)} break;\n`;
    } else {
      src += `case ${first}: switch ((w >>> 16) & 255) {\n`;
      for (const ins of list) src += `  case ${ins.opcode & 0xff}: ${call(ins)} break;\n`;
      src += '  default: opx(cpu, w, h); }\nbreak;\n';
    }
  }
  src += 'default: opx(cpu, w, h);\n}\n';
  return src;
}

function generate(): { slice: SliceFn; step: ExecFn } {
  const execs: ExecFn[] = [];
  const switchSrc = buildSwitch(execs);
  const fastSwitchSrc = buildSwitch(execs, FAST_PATHS);
  const names = execs.map((_, i) => `e${i}`);
  const priv = (cpu: Cpu) => cpu.programCheck(PGM_PRIVILEGED_OPERATION);
  const helpers = { opx: operationException, priv, fetchChecked, PROGRAM_CHECK, programInterrupt };

  const stepSrc = `return function step(cpu, w, h) {\n${switchSrc}};`;
  const sliceSrc = `return function slice(cpu, budget) {
  const mem = cpu.mem;
  const keys = cpu.keys;
  const limit = cpu.size - 6;
  const size = cpu.size;
  const g = cpu.gpr;
  const plain = !cpu.dat && cpu.key === 0 && cpu.prefix === 0 && !cpu.pswInvalid;
  // The inline fast paths also run with DAT on (key 0, prefix 0), through the TLB.
  const fast = cpu.key === 0 && cpu.prefix === 0 && !cpu.pswInvalid;
  const tlb = cpu.dat ? cpu.tlb : null;
  let e = 0;
  let n = 0;
  let ia = 0;
  let w = 0;
  let h = 0;
  // AIA (GA22-7000 has no such thing; Hercules' instruction-address accelerator): the 2K
  // block of the last checked instruction fetch, usable until the slice ends. Everything
  // that could change its translation, key or prefix ends the slice (cpu.brk).
  let aiaV = -1;
  let aiaD = 0;
  while (n < budget) {
    try {
      while (n < budget) {
        ia = cpu.ia;
        n++;
        if (plain && ia <= limit && (ia & 1) === 0) {
          const kb = ia >>> 11;
          const k = keys[kb];
          if ((k & 4) === 0) keys[kb] = k | 4;
          const b0 = mem[ia];
          if (b0 < 0x40) {
            w = (b0 << 24) | (mem[ia + 1] << 16);
            h = 0;
            cpu.ia = ia + 2;
          } else {
            w = (b0 << 24) | (mem[ia + 1] << 16) | (mem[ia + 2] << 8) | mem[ia + 3];
            if (b0 < 0xc0) {
              h = 0;
              cpu.ia = ia + 4;
            } else {
              h = (mem[ia + 4] << 8) | mem[ia + 5];
              cpu.ia = ia + 6;
            }
          }
        } else if ((ia & 0xfff801) === aiaV && (ia & 0x7ff) <= 0x7fa) {
          const a = ia + aiaD;
          const b0 = mem[a];
          if (b0 < 0x40) {
            w = (b0 << 24) | (mem[a + 1] << 16);
            h = 0;
            cpu.ia = ia + 2;
          } else {
            w = (b0 << 24) | (mem[a + 1] << 16) | (mem[a + 2] << 8) | mem[a + 3];
            if (b0 < 0xc0) {
              h = 0;
              cpu.ia = ia + 4;
            } else {
              h = (mem[a + 4] << 8) | mem[a + 5];
              cpu.ia = ia + 6;
            }
          }
        } else {
          w = fetchChecked(cpu, ia);
          h = cpu.fetchH;
          aiaV = ia & 0xfff800;
          aiaD = cpu.fetchAbs - ia;
        }
${fastSwitchSrc}
        if (cpu.brk) { cpu.instructions += n; return n; }
      }
    } catch (e) {
      if (e !== PROGRAM_CHECK) { cpu.instructions += n; throw e; }
      programInterrupt(cpu, ia, w);
      if (cpu.brk) break;
    }
  }
  cpu.instructions += n;
  return n;
};`;
  const args = [...names, ...Object.keys(helpers)];
  const values = [...execs, ...Object.values(helpers)];
  const slice = new Function(...args, sliceSrc)(...values) as SliceFn;
  const step = new Function(...args, stepSrc)(...values) as ExecFn;
  return { slice, step };
}

/** Instruction fetch with every check (odd address, invalid PSW, DAT, keys, addressing). */
function fetchChecked(cpu: Cpu, ia: number): number {
  cpu.fetchFault = true;
  if (cpu.pswInvalid || (ia & 1) !== 0) cpu.programCheck(PGM_SPECIFICATION);
  const abs = cpu.absFetch(ia);
  cpu.fetchAbs = abs;
  const first = cpu.mem[abs]! << 8 | cpu.mem[cpu.absFetch(ia + 1)]!;
  const b0 = first >>> 8;
  const len = b0 < 0x40 ? 2 : b0 < 0xc0 ? 4 : 6;
  let w = first << 16;
  if (len > 2) w |= (cpu.mem[cpu.absFetch(ia + 2)]! << 8) | cpu.mem[cpu.absFetch(ia + 3)]!;
  cpu.fetchH = len === 6 ? (cpu.mem[cpu.absFetch(ia + 4)]! << 8) | cpu.mem[cpu.absFetch(ia + 5)]! : 0;
  cpu.fetchFault = false;
  cpu.ia = (ia + len) & 0xffffff;
  return w;
}

/** Takes the program interruption for the instruction at `ia` whose first word is `w`. */
function programInterrupt(cpu: Cpu, ia: number, w: number): void {
  const code = cpu.pgmCode;
  if (cpu.fetchFault) {
    // The instruction could not be fetched. A PSW-format error found at fetch (early
    // recognition) gives ILC 0 and the old PSW points at the instruction; an odd address
    // or an access exception gives an ILC of 1, 2 or 3 (unpredictable, GA22-7000 "Addressing
    // Exception") with the address advanced by as many halfwords: we use 1.
    cpu.fetchFault = false;
    const [hi] = cpu.pswWords();
    const early = cpu.pswInvalid;
    // Segment and page translation exceptions nullify: the old PSW points at the instruction.
    cpu.programInterrupt(code, early ? 0 : 1, early || nullifies(code) ? ia : ia + 2);
    const [hi2] = cpu.pswWords();
    // The program new PSW itself cannot be fetched from: an interruption loop, which
    // real machines and Hercules only leave by operator action. Report a check stop.
    if (hi === hi2 && cpu.ia === ia) cpu.stopRequest = 'checkstop';
    return;
  }
  const b0 = w >>> 24;
  const len = b0 < 0x40 ? 2 : b0 < 0xc0 ? 4 : 6;
  cpu.programInterrupt(code, len >>> 1, nullifies(code) ? ia : ia + len);
}

const { slice, step } = generate();
bindDispatch(step);
const perSlice = makePerSlice(step, fetchChecked, programInterrupt);

/** Executes exactly one instruction the way EX does (used by tests and tracing). */
export const executeInstruction: ExecFn = step;

export const SLICE = 50_000;

/**
 * Runs the CPU until `maxInstructions` have been executed, it enters a wait state, or
 * the CPU is stopped by a hook. Pending interruptions are taken between slices.
 */
export function run(cpu: Cpu, maxInstructions: number): StopReason {
  let left = maxInstructions;
  for (;;) {
    cpu.brk = false;
    if (cpu.stopRequest !== null) {
      const r = cpu.stopRequest;
      cpu.stopRequest = null;
      return r;
    }
    takePendingInterrupt(cpu);
    if (cpu.wait) return 'wait';
    if (left <= 0) return 'limit';
    let budget = left < SLICE ? left : SLICE;
    if (cpu.timerBudget < budget) budget = cpu.timerBudget;
    left -= perActive(cpu) ? perSlice(cpu, budget) : slice(cpu, budget);
  }
}

