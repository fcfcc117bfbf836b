// End to end: a stand-alone S/370 program (listing-program.ts, built with our assembler) IPLed from a card deck under
// `vm370 ipl CONFIG --ipl 00C --exit-on-wait` reads the data cards behind it, prints and
// punches them; the host files must hold exactly the expected bytes. The same deck then
// runs on Hercules 3.13 with the equivalent configuration and must give the same files.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEbcdic } from '../../index.ts';
import { iplDeck } from '../../src/machine/deck.ts';
import { herculesIpl, herculesSkipReason } from './hercules-ipl.ts';
import { tempDir } from '../devices/helpers.ts';
import { LISTING_ORIGIN, LISTING_SOURCE, listingImage } from './listing-program.ts';

const BIN = join(import.meta.dirname, '../../../bin/vm370.js');
const DATA = ['HELLO, WORLD', 'SECOND CARD (2) + $#@ = 42.', '', 'LOWER case too', '   INDENTED  ', 'LAST CARD 0123456789'];

function card(text: string): Uint8Array {
  const c = new Uint8Array(80).fill(0x40);
  c.set(toEbcdic(text));
  return c;
}

const EXPECTED_PRINT = 'LISTING OF THE DECK\n\n' + DATA.map((l) => l.replace(/ +$/, '') + '\n').join('') + '\f';
const EXPECTED_PUNCH = Buffer.concat(DATA.map(card));

function configFor(dir: string): string {
  return [
    'ARCHMODE  S/370',
    'MAINSIZE  2',
    'NUMCPU    1',
    'CPUSERIAL 000611',
    'CPUMODEL  3158',
    'PANRATE   SLOW',
    `000C 3505 ${join(dir, 'deck.ebc')} ebcdic eof`,
    `000D 3525 ${join(dir, 'punch.ebc')} ebcdic`,
    `000E 1403 ${join(dir, 'print.txt')}`,
    '',
  ].join('\n');
}

describe('a card deck through reader, printer and punch', () => {
  let tmp: ReturnType<typeof tempDir>;
  let deck: Uint8Array;
  beforeAll(() => {
    tmp = tempDir();
    // Built as a user would: vm370 asm --image, then vm370 ipl --make-deck, then the data cards.
    const src = join(tmp.dir, 'listing.asm');
    writeFileSync(src, LISTING_SOURCE);
    const img = join(tmp.dir, 'listing.bin');
    execFileSync(process.execPath, [BIN, 'asm', src, '--image', img, '--origin', '2000', '-q'], { stdio: 'ignore' });
    const program = join(tmp.dir, 'program.ebc');
    execFileSync(process.execPath, [BIN, 'ipl', '--make-deck', img, '--origin', '2000', '--output', program], { stdio: 'ignore' });
    deck = Buffer.concat([readFileSync(program), ...DATA.map(card)]);
  });

  it('the deck from the command line is the one iplDeck builds from the assembled program', () => {
    expect([...deck.subarray(0, deck.length - DATA.length * 80)]).toEqual([...iplDeck(listingImage(), { origin: LISTING_ORIGIN })]);
    expect(deck.length).toBe((1 + 1 + 5 + DATA.length) * 80);
  });
  afterAll(() => tmp.cleanup());

  it('runs under vm370 ipl --exit-on-wait with standard input at end of file', async () => {
    const dir = join(tmp.dir, 'vm370');
    mkdirSync(dir);
    writeFileSync(join(dir, 'deck.ebc'), deck);
    writeFileSync(join(dir, 'vm.cnf'), configFor(dir));
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, 'ipl', join(dir, 'vm.cnf'), '--ipl', '00c', '--exit-on-wait'], { timeout: 20000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
      ).stdin?.end();
    });
    expect(stderr).toContain('ignored: line 4: CPUSERIAL');
    expect(stderr).toContain('ignored: line 6: PANRATE   SLOW');
    expect(stdout).toBe(`CPU0000: disabled wait state PSW=00020000 0000000${DATA.length}\n`);
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'print.txt'), 'latin1')).toBe(EXPECTED_PRINT);
    expect([...readFileSync(join(dir, 'punch.ebc'))]).toEqual([...EXPECTED_PUNCH]);
  });

  const hskip = herculesSkipReason;
  it.skipIf(hskip !== undefined)(`gives the same printer and punch files on Hercules 3.13${hskip ? ` (skipped: ${hskip})` : ''}`, async () => {
    const dir = join(tmp.dir, 'hercules');
    mkdirSync(dir);
    writeFileSync(join(dir, 'deck.ebc'), deck);
    writeFileSync(join(dir, 'h.cnf'), configFor(dir));
    const log = await herculesIpl(dir, join(dir, 'h.cnf'), '00c');
    expect(log).toMatch(/HHCCP011I CPU0000: Disabled wait state/);
    // Hercules keeps the ILC in bits 32-33 of a BC-mode PSW (X'8' here).
    expect(log).toContain(`PSW=00020000 8000000${DATA.length}`);
    expect(readFileSync(join(dir, 'print.txt'), 'latin1')).toBe(EXPECTED_PRINT);
    expect([...readFileSync(join(dir, 'punch.ebc'))]).toEqual([...EXPECTED_PUNCH]);
  });
});
