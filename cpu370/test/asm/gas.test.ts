import { describe, expect, it } from 'vitest';
import { compareWithGas, gasAvailable } from '../../../scripts/asm-vs-gas.ts';
import { OPCODES } from '../../src/arch/opcodes.ts';

const haveGas = gasAvailable();

describe('comparison with GNU as for s390', () => {
  it.skipIf(!haveGas)('assembles every table instruction and extended mnemonic to the same bytes', () => {
    const r = compareWithGas();
    expect(r.mismatches).toEqual([]);
    expect(r.tableRows).toBe(OPCODES.length);
    expect(r.checked).toBe(OPCODES.length + 32);
  });
  it.runIf(!haveGas)('is skipped: s390x-linux-gnu-as is not on PATH (Debian package binutils-s390x-linux-gnu)', () => {
    expect(haveGas).toBe(false);
  });
});
