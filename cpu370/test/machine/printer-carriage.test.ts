// Printer carriage control, end to end and against Hercules 3.13: one chained channel
// program of writes with and without spacing, immediate spaces and skips to channels 1, 2,
// 5 and 12 of the default FCB, started by a stand-alone program IPLed from a card deck.
// The host file must hold exactly EXPECTED, on vm370 and on Hercules.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMachine, iplDeck, ipl } from '../../index.ts';
import { herculesIpl, herculesSkipReason } from './hercules-ipl.ts';
import { assembleAt, disabledWait } from './sio-program.ts';
import { tempDir } from '../devices/helpers.ts';

const SOURCE = `PRT      CSECT
         BALR  12,0
         USING *,12
         LA    1,CHAIN
         ST    1,X'48'
         SIO   X'00E'
         BC    4,DONE
POLL     TIO   X'00E'
         BC    10,POLL
DONE     MVC   RESULT(8),X'40'
         LPSW  OKPSW
         DS    0D
OKPSW    DC    X'00020000',X'0000AAAA'
RESULT   DC    XL8'00'
CHAIN    CCW   X'09',L1,X'60',6
         CCW   X'01',L2,X'60',6
         CCW   X'09',L3,X'60',6
         CCW   X'11',L4,X'60',6
         CCW   X'19',L5,X'60',6
         CCW   X'0B',0,X'60',1
         CCW   X'91',L6,X'60',6
         CCW   X'8B',0,X'60',1
         CCW   X'89',L7,X'60',6
         CCW   X'09',L8,X'60',6
         CCW   X'A9',L1,X'60',6
         CCW   X'01',L2,X'60',6
         CCW   X'8B',0,X'60',1
         CCW   X'1B',0,X'60',1
         CCW   X'E1',L3,X'60',6
         CCW   X'09',L4,X'20',6
L1       DC    CL6'LINE 1'
L2       DC    CL6'over  '
L3       DC    CL6'LINE 3'
L4       DC    CL6' 4    '
L5       DC    CL6'L5    '
L6       DC    CL6'LINE 6'
L7       DC    CL6'PAGE2 '
L8       DC    CL6'LINE 8'
         END   PRT
`;

const EXPECTED =
  'LINE 1\nover\rLINE 3\n 4\n\nL5' + '\n'.repeat(4) + 'LINE 6\f' + '\n'.repeat(6) + '\fPAGE2\rLINE 8\nLINE 1' + '\n'.repeat(23) +
  'over\r\f\n\n\nLINE 3' + '\n'.repeat(57) + ' 4\n';

describe('printer carriage control', () => {
  let tmp: ReturnType<typeof tempDir>;
  let deck: Uint8Array;
  beforeAll(() => {
    tmp = tempDir();
    deck = iplDeck(assembleAt(SOURCE, 'prt.asm', 0x2000), { origin: 0x2000 });
  });
  afterAll(() => tmp.cleanup());

  function prepare(name: string): string {
    const dir = join(tmp.dir, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'deck.ebc'), deck);
    writeFileSync(join(dir, 't.cnf'), `ARCHMODE S/370\nMAINSIZE 2\nNUMCPU 1\n000C 3505 ${join(dir, 'deck.ebc')} ebcdic eof\n000E 1403 ${join(dir, 'prt.txt')}\n`);
    return dir;
  }

  it('under vm370', async () => {
    const dir = prepare('vm370');
    const bare = buildMachine(readFileSync(join(dir, 't.cnf'), 'utf8'), () => {});
    const waited = disabledWait(bare.machine);
    expect((await ipl(bare.machine, 0x00c)).ok).toBe(true);
    await waited;
    expect(bare.machine.cpus[0]!.ia).toBe(0xaaaa);
    await bare.close();
    expect(readFileSync(join(dir, 'prt.txt'), 'latin1')).toBe(EXPECTED);
  });

  const skip = herculesSkipReason;
  it.skipIf(skip !== undefined)(`on Hercules 3.13, the same file${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const dir = prepare('hercules');
    const log = await herculesIpl(dir, join(dir, 't.cnf'), '00c');
    expect(log).toContain('PSW=00020000 8000AAAA');
    expect(readFileSync(join(dir, 'prt.txt'), 'latin1')).toBe(EXPECTED);
  });
});
