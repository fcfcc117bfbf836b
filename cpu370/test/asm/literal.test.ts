import { describe, expect, it } from 'vitest';
import { body, code, image, messages, src } from './helpers.ts';

describe('literals and LTORG', () => {
  it('pools literals at LTORG, longest alignment first, each literal once', () => {
    const { hex, a } = code(body('USING *,12', "L 1,=F'1'", "LH 2,=H'2'", "CLC 0(3,1),=C'ABC'", "L 3,=F'1'", "LD 0,=D'1'", 'LTORG'));
    expect(messages(a)).toEqual([]);
    // code is 20 bytes; pool at X'18': D'1' (8), F'1' (4), H'2' (2), C'ABC' (3)
    expect(hex).toBe('5810C020' + '4820C024' + 'D5021000C026' + '5830C020' + '6800C018' + '4110000000000000' + '00000001' + '0002' + 'C1C2C3');
  });

  it('starts a new pool after each LTORG and puts the rest at the end of the first section', () => {
    const { hex, a } = image(
      src(
        'A        CSECT',
        '         USING *,12',
        "         L     1,=F'5'",
        '         LTORG',
        "         L     1,=F'5'",
        'B        CSECT',
        '         USING *,11',
        "         L     2,=F'6'",
        '         END',
      ),
    );
    // The USING of A is still active in B, so B reaches the pool at the end of A through R12.
    expect(messages(a)).toEqual([]);
    // A: L, pool 1 (F'5' at 8), L, end pool (F'5', F'6' at X'10'); B at X'18'
    expect(hex).toBe('5810C008' + '00000000' + '00000005' + '5810C010' + '00000005' + '00000006' + '5820C014');
  });

  it('literal address constants are relocated, and L\' of a literal is its length', () => {
    const { hex, a } = image(body('USING *,12', 'L 1,=A(QQ)', "LA 2,L'=C'HELLO'", "QQ DC C'X'"), 0x1000);
    expect(messages(a)).toEqual([]);
    expect(hex).toBe('5810C010' + '41200005' + 'E7' + '000000' + '00000000' + '00001008' + 'C8C5D3D3D6');
  });
});
