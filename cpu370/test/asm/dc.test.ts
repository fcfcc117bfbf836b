import { describe, expect, it } from 'vitest';
import { body, code, hex, messages } from './helpers.ts';
import { assemble } from '../../src/asm/index.ts';

/** Object code of one DC statement assembled at location 0. */
function dc(operands: string): string {
  const { hex: h, a } = code(body(`DC ${operands}`));
  expect(messages(a)).toEqual([]);
  return h;
}

describe('DC constants', () => {
  it.each([
    // character: padding with blanks, truncation on the right, doubled quotes and ampersands
    ["C'AB'", 'C1C2'],
    ["CL4'AB'", 'C1C24040'],
    ["CL1'AB'", 'C1'],
    ["C'A''B'", 'C17DC2'],
    ["C'&&'", '50'],
    ["3C'A'", 'C1C1C1'],
    ["C'a b'", '814082'],
    // hexadecimal and binary: padding with zeros and truncation on the left
    ["X'1'", '01'],
    ["XL3'ABC'", '000ABC'],
    ["XL2'ABCDEF'", 'CDEF'],
    ["X'0102,03'", '010203'],
    ["B'101'", '05'],
    ["BL2'1'", '0001'],
    ["B'111100001'", '01E1'],
    // fixed point
    ["F'1'", '00000001'],
    ["F'-1'", 'FFFFFFFF'],
    ["F'2147483647'", '7FFFFFFF'],
    ["H'-2'", 'FFFE'],
    ["H'1,2,3'", '000100020003'],
    ["2F'7'", '0000000700000007'],
    ["FL2'5'", '0005'],
    ["FL1'-1'", 'FF'],
    ["FS4'0.5'", '00000008'],
    ["FS1'1.5'", '00000003'],
    ["FE1'3'", '0000001E'],
    ["F'1.5'", '00000002'],
    ["FS24'6.5'", '06800000'],
    ["F'U4294967295'", 'FFFFFFFF'],
    ["H'3E2'", '012C'],
    ["HL3'65536'", '010000'],
    // packed and zoned: sign nibbles, padding, truncation on the left
    ["P'123'", '123C'],
    ["P'-5'", '5D'],
    ["P'+1234'", '01234C'],
    ["PL3'12345678'", '45678C'],
    ["PL2'0'", '000C'],
    ["P'1.25'", '125C'],
    ["Z'123'", 'F1F2C3'],
    ["Z'-12'", 'F1D2'],
    ["ZL4'5'", 'F0F0F0C5'],
    // hexadecimal floating point, exactly rounded
    ["E'1'", '41100000'],
    ["E'-1'", 'C1100000'],
    ["E'0.1'", '4019999A'],
    ["E'100'", '42640000'],
    ["E'3.14159'", '413243F4'],
    ["E'-2.5'", 'C1280000'],
    ["E'1E-5'", '3CA7C5AC'],
    ["E'0'", '00000000'],
    ["D'0.1'", '401999999999999A'],
    ["D'3.14159'", '413243F3E0370CDD'],
    ["D'1E-5'", '3CA7C5AC471B4784'],
    ["D'1.5E3'", '435DC00000000000'],
    ["DE2'15'", '435DC00000000000'],
    ["L'0.1'", '4019999999999999329999999999999A'],
    ["L'1'", '41100000000000003300000000000000'],
    ["L'3.14159'", '413243F3E0370CDC338754F3775B8130'],
    ["L'-2.5'", 'C128000000000000B300000000000000'],
    ["ES1'1'", '42010000'],
    ["E'1E-80'", '00000000'],
    ["E'-1E-80'", '80000000'],
    // address constants (absolute values)
    ['A(1,X\'FF\')', '00000001000000FF'],
    ['AL1(7)', '07'],
    ['AL2(300)', '012C'],
    ['Y(300,-1)', '012CFFFF'],
    ["A(C'AB')", '0000C1C2'],
  ])('DC %s', (operand, expected) => {
    expect(dc(operand)).toBe(expected);
  });

  it('aligns F, H, D, E, A, Y, V and S without explicit length; not with one', () => {
    const { a } = code(body("DC C'A'", "W DC F'1'", "DC C'A'", "HW DC H'1'", "DC C'A'", "DW DC D'0'", "DC C'A'", "FL DC FL4'1'"));
    const loc = (n: string) => a.symbols.get(n)!.value.v;
    expect([loc('W'), loc('HW'), loc('DW'), loc('FL')]).toEqual([4, 10, 16, 25]);
    expect(a.symbols.get('FL')!.length).toBe(4);
  });

  it('DS reserves space, aligns with zero duplication and gives length attributes', () => {
    const { a } = code(body("DC C'A'", 'X1 DS 0F', 'X2 DS CL80', 'X3 DS 3D', 'X4 DS XL3', 'X5 DS (X4-X3)H', 'X6 DS 0CL2'));
    const sym = (n: string) => [a.symbols.get(n)!.value.v, a.symbols.get(n)!.length];
    expect([sym('X1'), sym('X2'), sym('X3'), sym('X4'), sym('X5'), sym('X6')]).toEqual([
      [4, 4], [4, 80], [88, 8], [112, 3], [116, 2], [164, 2],
    ]);
  });

  it('S-type constants resolve through USING', () => {
    expect(code(body('USING *,11', 'DC S(XX)', "XX DC C'A'", "DC S(8(12))")).hex).toBe('B002' + 'C1' + 'C008');
  });

  it('reports invalid constants', () => {
    const { a } = code(body("DC X'1G'", "DC F'99999999999'", "DC Q'1'", "DC C'ABC", 'DC F', "DC P'1X'"));
    expect(messages(a).map((m) => m.replace(/^(\d+)(:\d+)? /, '$1 '))).toEqual([
      "1 8 invalid hexadecimal constant '1G'",
      '2 8 value 99999999999 does not fit in 4 bytes',
      "3 8 unknown constant type 'Q' in 'Q'1''",
      "4 8 unterminated nominal value in 'C'ABC'",
      "5 8 DC operand 'F' has no nominal value",
      "6 8 invalid decimal constant '1X'",
    ]);
    expect(a.returnCode).toBe(8);
  });

  it('relocatable A-constants and V-constants become relocation items', () => {
    const a = assemble(body('XA DC A(XA+4)', 'DC AL3(XA)', 'DC V(EXT)', 'DC A(*-XA)'));
    expect(a.module.text.map((t) => hex(t.bytes))).toEqual(['00000004' + '000000' + '00' + '00000000' + '0000000C']);
    expect(a.module.rld).toEqual([
      { r: 1, p: 1, address: 0, length: 4, vcon: false, negative: false },
      { r: 1, p: 1, address: 4, length: 3, vcon: false, negative: false },
      { r: 2, p: 1, address: 8, length: 4, vcon: true, negative: false },
    ]);
  });
});
