// Stand-alone guest programs for the spool tests (S/370 BC mode, assembled with our
// assembler): one writes records to a unit-record device, one reads cards to end of file.
import { assemble, link } from '../../../cpu370/index.ts';
import type { NamedSystem } from '../../index.ts';

const ORIGIN = 0x1000;
/** Where the writer finds its records and the reader puts its cards. */
export const DATA = 0x4000;
/** The reader stores its card count here (fullword), then the CSW's unit and channel status. */
export const RESULT = 0x300;

function build(name: string, source: string, data?: Uint8Array): NamedSystem {
  const a = assemble(source);
  if (a.returnCode > 0) throw new Error(`assembly failed: ${JSON.stringify(a.diagnostics)}`);
  const code = link([a.module], { origin: ORIGIN }).image;
  const image = new Uint8Array(data ? DATA - ORIGIN + data.length : code.length);
  image.set(code);
  if (data) image.set(data, DATA - ORIGIN);
  return { name, image, origin: ORIGIN, psw: [0, ORIGIN] };
}

/**
 * Writes `records.length / length` records of `length` bytes from DATA to device `devnum`
 * with CCW command `op` (X'01' punch, X'09' print and space), one SIO each, then stops in
 * a disabled wait.
 */
export function writer(name: string, devnum: number, op: number, length: number, records: Uint8Array): NamedSystem {
  const count = records.length / length;
  return build(
    name,
    [
      'W        CSECT',
      '         BALR  12,0',
      '         USING *,12',
      '         MVC   120(8,0),IONEW',
      '         L     2,DATAA',
      `         LA    4,${count}`,
      'LOOP     STCM  2,7,WCCW+1',
      '         LA    1,WCCW',
      '         ST    1,72(0,0)',
      `         SIO   ${devnum}(0)`,
      '         LPSW  WAITPSW',
      `IORET    LA    2,${length}(0,2)`,
      '         BCT   4,LOOP',
      '         LPSW  STOP',
      '         DS    0D',
      "WAITPSW  DC    X'FE02000000000000'",
      "IONEW    DC    X'00000000',A(IORET)",
      "STOP     DC    X'0002000000000000'",
      `WCCW     DC    AL1(${op}),AL3(0),X'20',X'00',AL2(${length})`,
      `DATAA    DC    A(${DATA})`,
      '         END',
    ].join('\n') + '\n',
    records,
  );
}

/**
 * Reads 80-byte cards from device `devnum` into DATA, DATA+80, ... until a read ends with
 * unit exception or unit check; stores the count of cards read at RESULT and CSW bytes 4-5
 * after it, then stops in a disabled wait.
 */
export function reader(name: string, devnum: number, waitForCards = false): NamedSystem {
  // waitForCards: after a unit check (no cards) it waits for the reader's device end, then reads on.
  const onCheck = waitForCards
    ? [
        "         TM    68(0),X'02'",
        '         BZ    DONE',
        '         MVC   120(8,0),DENEW',
        '         LPSW  WAITPSW',
        'RETRY    MVC   120(8,0),IONEW',
        '         B     LOOP',
      ]
    : [];
  return build(
    name,
    [
      'R        CSECT',
      '         BALR  12,0',
      '         USING *,12',
      '         MVC   120(8,0),IONEW',
      '         L     2,DATAA',
      '         SR    4,4',
      'LOOP     STCM  2,7,RCCW+1',
      '         LA    1,RCCW',
      '         ST    1,72(0,0)',
      `         SIO   ${devnum}(0)`,
      '         BC    7,IORET            CSW stored at once',
      '         LPSW  WAITPSW',
      "IORET    TM    68(0),X'03'",
      '         BZ    CARD',
      ...onCheck,
      '         B     DONE',
      'CARD     DS    0H',
      '         LA    2,80(0,2)',
      '         LA    4,1(0,4)',
      '         B     LOOP',
      `DONE     ST    4,${RESULT}(0,0)`,
      `         MVC   ${RESULT + 4}(2,0),68(0)`,
      '         LPSW  STOP',
      '         DS    0D',
      "WAITPSW  DC    X'FE02000000000000'",
      "IONEW    DC    X'00000000',A(IORET)",
      ...(waitForCards ? ["DENEW    DC    X'00000000',A(RETRY)"] : []),
      "STOP     DC    X'0002000000000000'",
      "RCCW     DC    X'02',AL3(0),X'20',X'00',AL2(80)",
      `DATAA    DC    A(${DATA})`,
      '         END',
    ].join('\n') + '\n',
  );
}
