import { describe, expect, it } from 'vitest';
import { INSTRUCTIONS } from '../../index.ts';

describe('the instruction table', () => {
  it('joins a semantic routine to every decimal and floating-point row', () => {
    const rows = INSTRUCTIONS.filter((i) => i.facility === 'decimal' || i.facility === 'hfp' || i.facility === 'hfp-extended');
    expect(rows.length).toBe(14 + 44 + 7);
    expect(rows.filter((i) => !i.implemented).map((i) => i.mnemonic)).toEqual([]);
  });
});
