import { describe, expect, it } from 'vitest';
import { assemble, formatListing } from '../../src/asm/index.ts';
import { messages, src } from './helpers.ts';

const SOURCE = src(
  '         MACRO',
  '         TWO   &A',
  '         DC    H\'&A\',H\'&A\'',
  '         MEND',
  "         TITLE 'SMALL'",
  'SMALL    CSECT',
  '         USING *,15',
  '         L     1,WORD',
  '         SPACE 2',
  '         TWO   7',
  '         PRINT NOGEN',
  '         TWO   8',
  'WORD     DC    F\'1\'',
  '         END',
);

describe('listing', () => {
  const a = assemble(SOURCE, { file: 'small.asm' });
  const text = formatListing(a);
  const lines = text.split('\n');

  it('shows location, object code, operand addresses, statement number and source; hides generated lines under PRINT NOGEN', () => {
    expect(messages(a)).toEqual([]);
    expect(lines).toContain('000000  5810 F00C               00000C     4           L     1,WORD');
    expect(lines).toContain("000004  0007 0007                          7 +         DC    H'7',H'7'");
    expect(lines.some((l) => l.includes("H'8'"))).toBe(false);
    expect(lines).toContain("00000C  0000 0001                         11  WORD     DC    F'1'");
  });

  it('turns TITLE and SPACE into page and line control', () => {
    expect(lines).toContain('\fSMALL');
    const at = lines.findIndex((l) => l.includes('L     1,WORD'));
    expect(lines.slice(at + 1, at + 3)).toEqual(['', '']);
  });

  it('ends with the cross-reference and the return code', () => {
    expect(lines).toContain('WORD                                4 0000000C    11  4');
    expect(lines).toContain('SMALL                               1 00000000     2  ');
    expect(lines.at(-2)).toBe('RETURN CODE 0');
  });

  it('lists messages after their statement', () => {
    const bad = formatListing(assemble(src('         LR    1,99', '         END'), { file: 'bad.asm' })).split('\n');
    const at = bad.findIndex((l) => l.includes('LR    1,99'));
    expect(bad[at + 1]).toBe('** bad.asm:1:18: error (8): register 99 out of range 0-15');
  });

  it('warns when a continuation line does not start in column 16', () => {
    const a2 = assemble(src('*'.padEnd(71, '-') + 'X', "LAB      DC    F'1'", '         END'));
    expect(messages(a2)).toEqual(['2 4 continuation line 2 does not start in column 16 (column 72 of line 1 is not blank)']);
  });
});
