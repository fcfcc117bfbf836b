import type { Cpu } from '../cpu/cpu.ts';

/**
 * The semantic routine of one instruction. `w` holds the first four instruction bytes
 * (for a 2-byte instruction, bytes 0-1 in the high half and zeros below), `h` the fifth
 * and sixth bytes of a 6-byte instruction. When it runs, `cpu.ia` already points past the
 * instruction (a branch overwrites it).
 */
export type ExecFn = (cpu: Cpu, w: number, h: number) => void;

export type Semantics = Readonly<Record<string, ExecFn>>;
