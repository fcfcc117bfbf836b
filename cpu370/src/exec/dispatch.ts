// Late-bound single-instruction dispatch, for EX (which executes a target instruction
// through the same semantic routines as the interpreter). Bound once by the interpreter.
import type { Cpu } from '../cpu/cpu.ts';
import type { ExecFn } from './types.ts';

let target: ExecFn = () => {
  throw new Error('interpreter not loaded');
};

export function bindDispatch(fn: ExecFn): void {
  target = fn;
}

export function dispatchOne(cpu: Cpu, w: number, h: number): void {
  target(cpu, w, h);
}
