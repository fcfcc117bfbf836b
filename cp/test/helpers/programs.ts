// Stand-alone guest programs for the CP tests, in S/370 assembler (BC mode).

/** Writes ECHO READY to its console (009), then reads lines and writes `ECHO: line` for each. */
export const ECHO = [
  'ECHO     CSECT',
  '         BALR  12,0',
  '         USING *,12',
  '         MVC   120(8,0),IONEW',
  '         LA    1,HCCW',
  '         BAL   14,DOIO',
  'LOOP     LA    1,RCCW',
  '         BAL   14,DOIO',
  '         LH    3,70(0,0)          residual count from the CSW',
  '         LA    2,86               80 + prefix 6',
  '         SR    2,3',
  '         STH   2,ECCW+6',
  '         LA    1,ECCW',
  '         BAL   14,DOIO',
  '         B     LOOP',
  'DOIO     ST    1,72(0,0)          CAW',
  '         SIO   9(0)',
  '         LPSW  WAITPSW            enabled wait for the interruption',
  'IORET    BR    14',
  '         DS    0D',
  "WAITPSW  DC    X'8002000000000000'",
  "IONEW    DC    X'00000000',A(IORET)",
  "HCCW     DC    X'09',AL3(HELLO),X'20',X'00',AL2(L'HELLO)",
  "RCCW     DC    X'0A',AL3(BUF),X'20',X'00',AL2(80)",
  "ECCW     DC    X'09',AL3(PREFIX),X'20',X'00',AL2(0)",
  "HELLO    DC    C'ECHO READY'",
  "PREFIX   DC    C'ECHO: '",
  'BUF      DS    CL80',
  '         END',
].join('\n') + '\n';

/**
 * Issues DIAGNOSE X'08' with the command at CMD (length in R4 with the flags of FLAGS), the
 * response to BUF (R3, length BUFLEN in R5), keeps the condition code in R6 (BALR), then
 * stops in a disabled wait.
 */
export function diag08(command: string, flags: number, bufLen: number): string {
  const text = command.replace(/'/g, "''").split('\x15');
  const cmd = text.map((t, i) => (i === 0 ? '' : "X'15',") + `C'${t}'`).join(',');
  return [
    'D8       CSECT',
    '         BALR  12,0',
    '         USING *,12',
    '         LA    2,CMD',
    '         LA    3,BUF',
    '         L     4,FLAGLEN',
    `         LA    5,${bufLen}`,
    "         DC    X'83240008'        DIAG 2,4,X'0008'",
    '         BALR  6,0',
    '         LPSW  STOP',
    '         DS    0D',
    "STOP     DC    X'0002000000000000'",
    command === '' ? "FLAGLEN  DC    F'0'" : `FLAGLEN  DC    AL1(${flags}),AL3(CMDL)`,
    `CMD      DC    ${command === '' ? "C' '" : cmd}`,
    'CMDL     EQU   *-CMD',
    "BUF      DC    256X'00'",
    '         END',
  ].join('\n') + '\n';
}

/** DIAGNOSE X'00' into ID (R2), count in R3, then a disabled wait. */
export const DIAG00 = [
  'D0       CSECT',
  '         BALR  12,0',
  '         USING *,12',
  '         LA    2,ID',
  '         LA    3,40',
  "         DC    X'83230000'",
  '         LPSW  STOP',
  '         DS    0D',
  "STOP     DC    X'0002000000000000'",
  "ID       DC    48X'FF'",
  '         END',
].join('\n') + '\n';

/** Loops forever adding to R1 (a compute-bound guest). */
export const SPIN = ['SPIN     CSECT', '         BALR  12,0', '         USING *,12', 'LOOP     LA    1,1(1)', '         B     LOOP', '         END'].join('\n') + '\n';

/** Sets the clock comparator 20 ms ahead, waits enabled for it, then stops in a disabled wait. */
export const TIMER = [
  'T        CSECT',
  '         BALR  12,0',
  '         USING *,12',
  '         MVC   88(8,0),EXTNEW     external new PSW',
  '         STCK  NOW',
  '         LM    2,3,NOW',
  '         AL    3,DELTA            + 20 ms',
  '         BC    12,NOCARRY',
  '         AL    2,ONE',
  'NOCARRY  STM   2,3,NOW',
  '         SCKC  NOW',
  '         LCTL  0,0,CR0            clock-comparator subclass mask',
  '         LPSW  WAITPSW',
  'EXT      LPSW  STOP',
  '         DS    0D',
  "WAITPSW  DC    X'0102000000000000'",
  "EXTNEW   DC    X'00000000',A(EXT)",
  "STOP     DC    X'0002000000000000'",
  'NOW      DS    D',
  "DELTA    DC    X'04E20000'",
  "ONE      DC    F'1'",
  "CR0      DC    X'00000800'",
  '         END',
].join('\n') + '\n';
