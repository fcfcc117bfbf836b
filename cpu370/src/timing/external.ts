// Operator-initiated external interruption conditions (GA22-7000 "Interrupt Key").
import type { Cpu } from '../cpu/cpu.ts';
import { EXTP_INTERRUPT_KEY } from '../interp/pending.ts';

/** The operator pressed the interrupt key: the condition stays pending until the CPU is enabled (CR0 bit 25). */
export function pressInterruptKey(cpu: Cpu): void {
  cpu.extPending |= EXTP_INTERRUPT_KEY;
}
