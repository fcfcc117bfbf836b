// Small helpers for reading CP command operands.
import { fail } from './messages.ts';

/** A device number as CP shows it: three hex digits, `00C`. */
export const hex3 = (n: number): string => n.toString(16).toUpperCase().padStart(3, '0');

/** True when `op` abbreviates `word` to at least `min` letters. */
export const abbreviates = (op: string, word: string, min: number): boolean => op.length >= min && word.startsWith(op);

/** The operand that must follow a keyword; a missing one is `operandMissing`. */
export function required(value: string | undefined): string {
  if (value === undefined) fail('operandMissing');
  return value;
}
