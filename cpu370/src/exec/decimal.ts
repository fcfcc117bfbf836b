// Decimal instructions (GA22-7000 ch. 8).
import type { Semantics } from './types.ts';

export const DECIMAL: Semantics = {};
