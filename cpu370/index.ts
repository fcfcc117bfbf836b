// Public face of cpu370: other folders import only this file.
export * from './src/channel/device.ts';
export * from './src/arch/formats.ts';
export * from './src/arch/opcodes.ts';
export { Storage, parseStorageSize } from './src/storage/storage.ts';
export * from './src/ebcdic/ebcdic.ts';
export { Cpu, PROGRAM_CHECK, BARE_HOOKS, type CpuHooks, type StopReason } from './src/cpu/cpu.ts';
export { run, executeInstruction, SLICE } from './src/interp/interpreter.ts';
export { INSTRUCTIONS, type Instruction } from './src/exec/table.ts';
export type { ExecFn } from './src/exec/types.ts';
export { disassemble, formatDisassembly, type Disassembly } from './src/disasm/disasm.ts';
export * from './src/machine/standalone.ts';
export * from './src/arch/interrupts.ts';
export * from './src/arch/lowcore.ts';
export * from './src/arch/psw.ts';
export { TodClock } from './src/timing/tod.ts';
export * from './src/asm/index.ts';
