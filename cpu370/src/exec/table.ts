// The instruction table with semantic routines: each row of ../arch/opcodes.ts joined to
// the routine of the same mnemonic. Rows with no routine yet raise an operation exception.
import { OPCODES, type OpcodeRow } from '../arch/opcodes.ts';
import { PGM_OPERATION } from '../arch/interrupts.ts';
import { GENERAL } from './general.ts';
import { STORAGE_OPS } from './storage-ops.ts';
import { CONTROL } from './control.ts';
import { DECIMAL } from './decimal.ts';
import { HFP } from './hfp.ts';
import { IO } from './io.ts';
import type { ExecFn, Semantics } from './types.ts';

export interface Instruction extends OpcodeRow {
  readonly exec: ExecFn;
  /** False when no semantic routine exists for the row (it then acts as an operation exception). */
  readonly implemented: boolean;
}

export const operationException: ExecFn = (cpu) => cpu.programCheck(PGM_OPERATION);

const GROUPS: readonly Semantics[] = [GENERAL, STORAGE_OPS, CONTROL, DECIMAL, HFP, IO];

function routineFor(mnemonic: string): ExecFn | undefined {
  for (const g of GROUPS) {
    const f = g[mnemonic];
    if (f) return f;
  }
  return undefined;
}

export const INSTRUCTIONS: readonly Instruction[] = OPCODES.map((row) => {
  const f = routineFor(row.mnemonic);
  return { ...row, exec: f ?? operationException, implemented: f !== undefined };
});
