// Control instructions (GA22-7000 ch. 10 "Control"): PSW, system mask, keys, control
// registers, prefix, clocks and timers, CPU identification.

import type { Cpu } from '../cpu/cpu.ts';
import type { Semantics } from './types.ts';

const sAddr = (cpu: Cpu, w: number) => cpu.ea(0, (w >>> 12) & 15, w & 0xfff);

export const CONTROL: Semantics = {
  LPSW(cpu, w) {
    const a = sAddr(cpu, w);
    cpu.requireAligned(a, 8);
    cpu.validate(a, 8, false);
    const hi = cpu.read32(a) >>> 0;
    const lo = cpu.read32(a + 4) >>> 0;
    cpu.loadPsw(hi, lo);
  },
  SSM(cpu, w) {
    cpu.setSystemMask(cpu.read8(sAddr(cpu, w)));
  },
};
