// Hexadecimal floating-point instructions (GA22-7000 ch. 9).
import type { Semantics } from './types.ts';

export const HFP: Semantics = {};
