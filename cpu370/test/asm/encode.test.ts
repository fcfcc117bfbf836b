import { describe, expect, it } from 'vitest';
import { OPCODES, FLOAT, EVEN_R1, EVEN_R3, EXTENDED_FP, type OpcodeRow } from '../../src/arch/opcodes.ts';
import { EXTENDED_MNEMONICS } from '../../src/arch/mnemonics.ts';
import { body, code, messages } from './helpers.ts';

function regs(row: OpcodeRow): [number, number] {
  if (row.flags & EXTENDED_FP) return [4, 0];
  if (row.flags & FLOAT) return [2, 6];
  if (row.flags & (EVEN_R1 | EVEN_R3)) return [4, 8];
  return [3, 7];
}

const h2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/** Operands and the expected bytes, laid out by hand from GA22-7000 "Instruction Formats". */
function sample(row: OpcodeRow): [operands: string, expected: string] {
  const [a, b] = regs(row);
  const op = row.opcode > 0xff ? row.opcode.toString(16).toUpperCase().padStart(4, '0') : h2(row.opcode);
  switch (row.format) {
    case 'RR': return [`${a},${b}`, `${op}${a}${b}`];
    case 'RR1': return [`${a}`, `${op}${a}0`];
    case 'I': return ['202', `${op}CA`];
    case 'RX': return [`${a},X'5A4'(9,11)`, `${op}${a}9B5A4`];
    case 'RS': case 'DIAG': return [`${a},${b},X'FFF'(12)`, `${op}${a}${b}CFFF`];
    case 'RS2': return [`${a},X'3F'(5)`, `${op}${a}0503F`];
    case 'RSM': return [`${a},B'1011',X'100'(13)`, `${op}${a}BD100`];
    case 'SI': return [`X'123'(10),X'C5'`, `${op}C5A123`];
    case 'S': return [`X'7D0'(14)`, `${op}00E7D0`];
    case 'S2': return [`X'7D0'(14)`, `${op}E7D0`];
    case 'S0': return ['', `${op}0000`];
    case 'SS1': return [`X'10'(200,3),X'ABC'(4)`, `${op}C730104ABC`];
    case 'SS2': return [`X'10'(16,3),X'ABC'(5,4)`, `${op}F430104ABC`];
    case 'SSI': return [`X'10'(7,3),X'ABC'(4),9`, `${op}6930104ABC`];
  }
}

describe('instruction encoding', () => {
  it.each(OPCODES.map((r) => [r.mnemonic, r] as const))('%s', (_m, row) => {
    const [operands, expected] = sample(row);
    const { hex, a } = code(body(`${row.mnemonic} ${operands}`));
    expect(messages(a)).toEqual([]);
    expect(hex).toBe(expected);
  });

  const EXPECTED_MASKS: Record<string, number> = {
    B: 15, NOP: 0, BO: 1, BH: 2, BP: 2, BL: 4, BM: 4, BE: 8, BZ: 8,
    BNO: 14, BNH: 13, BNP: 13, BNL: 11, BNM: 11, BNE: 7, BNZ: 7,
  };

  it('derives all extended branch mnemonics from the BC mask rule', () => {
    const names = EXTENDED_MNEMONICS.map((e) => e.mnemonic).sort();
    const expected = Object.keys(EXPECTED_MASKS).flatMap((n) => [n, n === 'NOP' ? 'NOPR' : n + 'R']).sort();
    expect(names).toEqual(expected);
  });

  it.each(Object.entries(EXPECTED_MASKS))('%s and its RR form', (name, mask) => {
    const rr = name === 'NOP' ? 'NOPR' : name + 'R';
    const { hex, a } = code(body(`${name} X'44'(3,9)`, `${rr} 9`));
    expect(messages(a)).toEqual([]);
    expect(hex).toBe(`47${mask.toString(16).toUpperCase()}39044` + `07${mask.toString(16).toUpperCase()}9`);
  });

  it('takes implicit lengths from the length attribute of the operand', () => {
    const { hex } = code(
      body('USING *,12', 'MVC FA,FB', 'PACK P,Z', "ZAP P,=P'5'", 'FA DS CL10', 'FB DS CL20', 'P DS PL3', 'Z DS ZL5'),
    );
    expect(hex).toBe('D209C012C01C' + 'F224C030C033' + 'F820C030C038' + '5C');
  });

  it('accepts D(X,B), D(,B), D(X) and absolute addresses', () => {
    const { hex } = code(body('L 1,8(2,3)', 'L 1,8(,3)', 'L 1,8(2)', 'L 1,4095', 'LA 1,0(1)', "MVI 0(1),-1", 'SRL 1,4'));
    expect(hex).toBe('58123008' + '58103008' + '58120008' + '58100FFF' + '41110000' + '92FF1000' + '88100004');
  });

  it('reports bad operands with column and severity, and still keeps going', () => {
    const { a } = code(body('LR 1,16', 'L 1,FOO', 'MVC 0(257,1),0(2)', 'AR 1', '         XYZZY 1,2', 'LR 2,3'));
    expect(messages(a)).toEqual([
      '1:15 8 register 16 out of range 0-15',
      '2:14 8 undefined symbol FOO',
      '3:14 8 length 257 out of range',
      '4 8 AR needs 2 operand(s), got 1',
      "5 8 undefined operation code 'XYZZY'",
    ]);
    expect(a.returnCode).toBe(8);
    expect(a.lines.find((l) => l.statement.op === 'LR' && l.statement.operands === '2,3')?.loc).toBe(14);
  });
});
