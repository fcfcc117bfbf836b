// Input/output instructions (GA22-7000 ch. 12-13), carried out by the CPU's hooks.io.
import type { Semantics } from './types.ts';

export const IO: Semantics = {};
