// Input/output instructions (GA22-7000 ch. 13), carried out by the CPU's hooks.io.
// Bits 16-31 of the second-operand address are the I/O address (channel, device); the
// hook returns the condition code and stores the CSW or its status portion for CC 1.
import type { Cpu } from '../cpu/cpu.ts';
import type { ExecFn, Semantics } from './types.ts';

const ioAddress = (cpu: Cpu, w: number) => cpu.ea(0, (w >>> 12) & 15, w & 0xfff) & 0xffff;

function io(mnemonic: string): ExecFn {
  return (cpu, w) => {
    cpu.cc = cpu.hooks.io(cpu, mnemonic, ioAddress(cpu, w)) & 3;
  };
}

export const IO: Semantics = {
  SIO: io('SIO'),
  SIOF: io('SIOF'),
  TIO: io('TIO'),
  CLRIO: io('CLRIO'),
  HIO: io('HIO'),
  HDV: io('HDV'),
  TCH: io('TCH'),
  STIDC: io('STIDC'),
};
