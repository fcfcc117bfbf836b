// Taking pending interruptions between instructions, in the priority order of
// GA22-7000 "Priority of Interruptions": machine check, program, supervisor call (these
// three arise from instructions), external, I/O, restart.

import type { Cpu } from '../cpu/cpu.ts';
import { PSW_EXTERNAL } from '../arch/psw.ts';
import {
  EXT_CLOCK_COMPARATOR,
  EXT_CPU_TIMER,
  EXT_EMERGENCY_SIGNAL,
  EXT_EXTERNAL_CALL,
  EXT_INTERRUPT_KEY,
  EXT_INTERVAL_TIMER,
} from '../arch/interrupts.ts';

/** External-interruption conditions, as bits of Cpu.extPending. */
export const EXTP_EMERGENCY_SIGNAL = 0x01;
export const EXTP_EXTERNAL_CALL = 0x02;
export const EXTP_CLOCK_COMPARATOR = 0x04;
export const EXTP_CPU_TIMER = 0x08;
export const EXTP_INTERVAL_TIMER = 0x10;
export const EXTP_INTERRUPT_KEY = 0x20;

/** Each condition with its interruption code and its CR0 subclass-mask bit (bit 0 = 0x80000000). */
const EXTERNAL_ORDER: ReadonlyArray<readonly [bit: number, code: number, cr0Mask: number]> = [
  [EXTP_EMERGENCY_SIGNAL, EXT_EMERGENCY_SIGNAL, 1 << (31 - 17)],
  [EXTP_EXTERNAL_CALL, EXT_EXTERNAL_CALL, 1 << (31 - 18)],
  [EXTP_CLOCK_COMPARATOR, EXT_CLOCK_COMPARATOR, 1 << (31 - 20)],
  [EXTP_CPU_TIMER, EXT_CPU_TIMER, 1 << (31 - 21)],
  [EXTP_INTERVAL_TIMER, EXT_INTERVAL_TIMER, 1 << (31 - 24)],
  [EXTP_INTERRUPT_KEY, EXT_INTERRUPT_KEY, 1 << (31 - 25)],
];

/** Takes at most one pending external or I/O interruption the CPU is enabled for. */
export function takePendingInterrupt(cpu: Cpu): boolean {
  cpu.updateTimers?.(cpu);
  if (cpu.extPending !== 0 && (cpu.sysMask & PSW_EXTERNAL) !== 0) {
    const cr0 = cpu.cr[0]!;
    for (const [bit, code, mask] of EXTERNAL_ORDER) {
      if ((cpu.extPending & bit) !== 0 && (cr0 & mask) !== 0) {
        let source = 0;
        if (bit === EXTP_EMERGENCY_SIGNAL && cpu.emsSources !== 0) {
          // One signal per sending CPU, the lowest CPU address first (GA22-7000 "Emergency Signal").
          const low = cpu.emsSources & -cpu.emsSources;
          source = 31 - Math.clz32(low);
          cpu.emsSources &= ~low;
          if (cpu.emsSources === 0) cpu.extPending &= ~bit;
        } else {
          if (bit === EXTP_EXTERNAL_CALL) source = cpu.extCallSource;
          cpu.extPending &= ~bit;
        }
        cpu.externalInterrupt(code, source);
        return true;
      }
    }
  }
  return cpu.hooks.takeIoInterrupt(cpu);
}
