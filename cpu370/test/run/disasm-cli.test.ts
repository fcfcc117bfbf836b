// `vm370 disasm FILE [--origin HEX]` and the disassembler behind it.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassemble, disassembleImage, OPCODES } from '../../index.ts';
import { hexBytes } from '../support/images.ts';

const ROOT = join(import.meta.dirname, '../../..');

describe('disassembler', () => {
  it.each([
    ['1A12', 'AR', '1,2'],
    ['58105008', 'L', '1,8(,5)'],
    ['5812500C', 'L', '1,12(2,5)'],
    ['41100005', 'LA', '1,5'],
    ['98E3F000', 'LM', '14,3,0(15)'],
    ['89800003', 'SLL', '8,3'],
    ['BF1A0800', 'ICM', '1,10,2048'],
    ['92A50FFF', 'MVI', "4095,X'A5'"],
    ['D20750105000', 'MVC', '16(8,5),0(5)'],
    ['F87230004010', 'ZAP', '0(8,3),16(3,4)'],
    ['F0523000003F', 'SRP', '0(6,3),63,2'],
    ['B2050800', 'STCK', '2048'],
    ['0AC8', 'SVC', '200'],
    ['4780C010', 'BE', '16(,12)'],
    ['47F0C010', 'B', '16(,12)'],
    ['4700C010', 'NOP', '16(,12)'],
    ['07FE', 'BR', '14'],
    ['077E', 'BNER', '14'],
    ['4731C010', 'BC', '3,16(1,12)'],
    ['0000', 'DC', "X'0000'"],
  ])('%s is %s %s', (hex, mnemonic, operands) => {
    const d = disassemble(hexBytes(hex));
    expect([d.mnemonic, d.operands, d.length]).toEqual([mnemonic, operands, hex.length / 2]);
  });

  it('knows every row of the instruction table', () => {
    for (const r of OPCODES) {
      const b = r.opcode > 0xff ? [r.opcode >>> 8, r.opcode & 0xff] : [r.opcode, 0x10];
      const bytes = new Uint8Array(6);
      bytes.set(b);
      const m = disassemble(bytes).mnemonic;
      if (r.mnemonic === 'BC' || r.mnemonic === 'BCR') expect(m).toMatch(/^(BC|BCR|B.*|NOP.*)$/);
      else expect(m).toBe(r.mnemonic);
    }
  });

  it('lists an image, ending with DC for a cut-off instruction', () => {
    const lines = disassembleImage(hexBytes('1A12 5810'), 0x800);
    expect(lines.map((l) => [l.address, l.mnemonic, l.operands])).toEqual([
      [0x800, 'AR', '1,2'],
      [0x802, 'DC', "X'5810'"],
    ]);
  });
});

describe('vm370 disasm', () => {
  it('prints address, bytes, mnemonic and operands; rejects a bad origin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vm370-dis-'));
    const f = join(dir, 'x.bin');
    writeFileSync(f, hexBytes('1A12 4780C010 D20750105000'));
    const run = (...args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) =>
        execFile(process.execPath, [join(ROOT, 'bin/vm370.js'), 'disasm', ...args], { cwd: ROOT }, (e, out, err) =>
          resolve({ code: e ? Number((e as { code?: number }).code) : 0, out, err }),
        ),
      );
    const [ok, bad] = await Promise.all([run(f, '--origin', '800'), run(f, '--origin', 'G00')]);
    expect(ok.code).toBe(0);
    expect(ok.out.split('\n')).toEqual([
      '000800  1A12          AR     1,2',
      '000802  4780C010      BE     16(,12)',
      '000806  D20750105000  MVC    16(8,5),0(5)',
      '',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--origin/);
  });
});
