import { describe, expect, it } from 'vitest';
import { BY_MNEMONIC, instructionLength, lookupOpcode, OPCODES } from '../index.ts';
import { INSTRUCTIONS } from '../src/exec/table.ts';

describe('the instruction table', () => {
  it('has one row per opcode and per mnemonic', () => {
    expect(new Set(OPCODES.map((r) => r.opcode)).size).toBe(OPCODES.length);
    expect(BY_MNEMONIC.size).toBe(OPCODES.length);
  });

  it('gives each row a format consistent with the length the opcode implies', () => {
    const lengths: Record<string, number> = { RR: 2, RR1: 2, I: 2, RX: 4, RS: 4, RS2: 4, RSM: 4, SI: 4, S: 4, S2: 4, S0: 4, DIAG: 4, SS1: 6, SS2: 6, SSI: 6 };
    for (const r of OPCODES) {
      const first = r.opcode > 0xff ? r.opcode >>> 8 : r.opcode;
      expect(instructionLength(first), r.mnemonic).toBe(lengths[r.format]);
    }
  });

  it('finds one-byte and two-byte opcodes', () => {
    expect(lookupOpcode(0x1a, 0x12)?.mnemonic).toBe('AR');
    expect(lookupOpcode(0xb2, 0x05)?.mnemonic).toBe('STCK');
    expect(lookupOpcode(0x9c, 0x01)?.mnemonic).toBe('SIOF');
    expect(lookupOpcode(0xb2, 0xff)).toBeUndefined();
    expect(lookupOpcode(0x00, 0x00)).toBeUndefined();
  });

  it('joins a semantic routine to every general instruction', () => {
    const missing = INSTRUCTIONS.filter((i) => i.facility === 'general' && !i.implemented).map((i) => i.mnemonic);
    expect(missing).toEqual([]);
  });
});
