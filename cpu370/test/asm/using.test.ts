import { describe, expect, it } from 'vitest';
import { body, code, messages, src } from './helpers.ts';

describe('USING resolution', () => {
  it('uses several base registers of one USING in 4K steps', () => {
    const { hex, a } = code(body('BALR 12,0', 'USING *,12,11', 'L 1,NEAR', 'L 1,FAR', 'L 1,FAR+4', 'NEAR DC F\'1\'', 'DS XL4096', 'FAR DC F\'2\''));
    expect(messages(a)).toEqual([]);
    // NEAR at X'10' (disp E from base 2); FAR at X'1014' = base+4096+X'12' through R11.
    expect(hex.slice(0, 4 + 24)).toBe('05C0' + '5810C00E' + '5810B012' + '5810B016');
  });

  it('chooses the smallest displacement, then the highest register', () => {
    const { hex } = code(body('USING XB,3', 'USING XB+8,4', 'USING XB+8,5', 'L 1,YB', 'L 1,XB+4', 'XB DS 4F', 'YB DS F'));
    expect(hex).toBe('58105008' + '58103004');
  });

  it('DROP removes a register; with no USING the address is an error', () => {
    const { a } = code(body('USING *,12', 'L 1,Z', 'DROP 12', 'L 1,Z', 'DROP 7', "Z DC F'1'"));
    expect(messages(a)).toEqual(["4:14 8 no active USING covers address of relocatable X'8'", '5 4 register 7 is not in use']);
  });

  it('a USING on a DSECT addresses its fields; DSECT and CSECT addresses stay apart', () => {
    const { hex, a } = code(
      src(
        'MAIN     CSECT',
        '         USING MAIN,15',
        '         USING REC,3',
        '         MVC   RNAME,NAME',
        '         L     1,RVAL',
        '         LA    2,RLEN(,3)',
        "NAME     DC    CL8'X'",
        'REC      DSECT',
        'RNAME    DS    CL8',
        'RVAL     DS    F',
        'RLEN     EQU   *-REC',
        '         END',
      ),
    );
    expect(messages(a)).toEqual([]);
    expect(hex).toBe('D2073000F00E' + '58103008' + '4120300C' + 'E740404040404040');
  });

  it('absolute addresses use register 0 below 4096 and absolute USINGs above', () => {
    const { hex, a } = code(body('L 1,X\'FFC\'', 'USING 4096,9', 'L 1,4100', 'L 1,5000000'));
    expect(hex.slice(0, 16)).toBe('58100FFC' + '58109004');
    expect(messages(a)).toEqual(["4:14 8 no active USING covers address X'4C4B40'"]);
  });

  it('PUSH USING and POP USING save and restore the USING state', () => {
    const { hex } = code(body('USING *,12', 'PUSH USING', 'DROP 12', 'USING *,10', 'POP USING', 'L 1,W', "W DC F'0'"));
    expect(hex.slice(0, 8)).toBe('5810C004');
  });
});
