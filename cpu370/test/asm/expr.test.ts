import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.ts';
import { body, code, messages, src } from './helpers.ts';

const value = (source: string, name: string) => assemble(source).symbols.get(name)!;

describe('expressions, symbols and source format', () => {
  it('evaluates self-defining terms and operators with precedence', () => {
    const a = assemble(
      body("V1 EQU 2+3*4", "V2 EQU (2+3)*4", "V3 EQU X'FF'+B'101'+C'A'", "V4 EQU 7/2-1", "V5 EQU -5/2", "V6 EQU 5/0", "V7 EQU C'AB'"),
    );
    expect(['V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7'].map((n) => a.symbols.get(n)!.value.v)).toEqual([14, 20, 255 + 5 + 0xc1, 2, -2, 0, 0xc1c2]);
  });

  it('relocatable differences are absolute, sums of relocatables are not allowed in machine operands', () => {
    const a = assemble(body('S1 DS F', 'S2 DS 3F', 'LEN EQU S2-S1', 'SIZE EQU *-S1', 'USING S1,12', 'LA 1,S1+S2', 'LA 1,S2-S1'));
    expect(a.symbols.get('LEN')!.value).toEqual({ v: 4, rel: new Map() });
    expect(a.symbols.get('SIZE')!.value.v).toBe(16);
    expect(messages(a)).toEqual(['6:15 8 complex relocatable expression cannot be an address']);
    expect(a.returnCode).toBe(8);
  });

  it('EQU takes length and type operands and forward references', () => {
    const a = assemble(body('FWD EQU LATER+2', "E2 EQU X'10',8,C'X'", 'LATER DS CL5', 'LL EQU L\'LATER'));
    expect(value(body('FWD EQU LATER+2', 'LATER DS CL5'), 'FWD').value.v).toBe(2);
    expect(a.symbols.get('E2')!.length).toBe(8);
    expect(a.symbols.get('E2')!.type).toBe('X');
    expect(a.symbols.get('LL')!.value.v).toBe(5);
    expect(a.symbols.get('LATER')!.length).toBe(5);
  });

  it('ORG moves the location counter; ORG with no operand goes to the high-water mark', () => {
    const { hex } = code(body("T DC C'ABCDEF'", 'ORG T+2', "DC C'XY'", 'ORG', "DC C'Z'"));
    expect(hex).toBe('C1C2C3C4C5C6' + 'E7E8' + 'E9');
  });

  it('CNOP aligns with NOPR fillers', () => {
    const { hex } = code(body('BALR 1,0', 'CNOP 0,8', 'BALR 2,0', 'CNOP 0,4', 'CNOP 2,4'));
    expect(hex).toBe('0510' + '070007000700' + '0520' + '0700' + '0700');
  });

  it('joins continuation lines (column 72) and ignores sequence numbers and comments', () => {
    const card = (text: string, cont: string, seq: string) => text.padEnd(71) + cont + seq;
    const s = src(
      '* a comment line',
      card("         DC    C'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ12", 'X', '00000010'),
      card("               34'", ' ', '00000020'),
      card("         DC    F'1',                 remarks after a comma", 'X', '00000030'),
      card("               F'2'                  more remarks", ' ', '00000040'),
      '         END',
    );
    const { hex, a } = code(s);
    expect(messages(a)).toEqual([]);
    const letters = 'C1C2C3C4C5C6C7C8C9D1D2D3D4D5D6D7D8D9E2E3E4E5E6E7E8E9';
    expect(hex).toBe(letters + letters + 'F1F2F3F4' + '0000000100000002');
  });

  it('accepts lower-case operation codes and symbols', () => {
    const { hex } = code(src('         using *,15', 'lab      lr    1,2', '         b     lab', '         END'));
    expect(hex).toBe('1812' + '47F0F000');
  });

  it('gives precise messages and the highest severity as return code', () => {
    const a = assemble(
      src(
        'A        DC    F\'1\'',
        'A        DC    F\'2\'',
        '         LA    1,(2+3',
        '         DC    F\'1\'+',
        '1BAD     DS    F',
        '         ORG   UNDEF',
        '         END',
      ),
    );
    expect(messages(a)).toEqual([
      '2 8 symbol A is already defined (statement 1)',
      "3:22 8 ')' expected",
      "4:20 8 unexpected '+' in constant 'F'1'+'",
      "5 8 invalid symbol '1BAD'",
      '6:16 8 undefined symbol UNDEF',
    ]);
    expect(a.returnCode).toBe(8);
  });

  it('never throws on garbage', () => {
    const junk = ["'''", '(((', '&&&', ' DC ((((', ' L 1,=', ' MVC =,=', ' DC 5000000000C\'A\'', ' AIF (', ' MACRO', ' X', ' USING', ' END ***', "\t\tLR\t1,2", ' DC E\'1E999\''];
    for (const line of junk) {
      const a = assemble(line + '\n');
      expect(a.returnCode).toBeGreaterThanOrEqual(0);
    }
    expect(assemble(" DC E'1E99'\n END\n").returnCode).toBe(8);
    const oscillating = assemble(src('A        DS    (B-A)X', 'B        DS    (B-A+1)X', '         END'));
    expect(messages(oscillating)[0]).toBe('1 8 symbol values did not settle after 6 passes (lengths depend on their own addresses)');
  });
});
