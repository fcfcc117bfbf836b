import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assemble, directoryLibrary, link, runStandalone, hex as hexOf } from '../../index.ts';

const here = import.meta.dirname;
const root = resolve(here, '../../..');
const PROGRAM = join(here, 'programs/payroll.asm');
const LIBS = [join(here, 'maclib'), join(root, 'cms/maclib')];
const ORIGIN = 0x2000;

async function runPayroll(source: string) {
  const a = assemble(source, { file: 'payroll.asm', library: directoryLibrary(LIBS) });
  const p = link([a.module], { origin: ORIGIN });
  const result = await runStandalone({
    image: p.image,
    mode: { kind: 'bin', origin: ORIGIN, entry: p.entry },
    storageSize: 1 << 20,
    maxInstructions: 1_000_000,
  });
  const at = (name: string, length: number) => {
    const addr = a.symbols.get(name)!.value.v;
    return Buffer.from(result.cpu.mem.subarray(addr, addr + length)).toString('hex').toUpperCase();
  };
  return { a, p, result, at };
}

describe('end to end: a 500-line program assembles, links and runs', () => {
  const source = readFileSync(PROGRAM, 'latin1');

  it('is a real-style program of more than 500 lines', () => {
    expect(source.split('\n').length).toBeGreaterThan(500);
  });

  it('assembles without messages, loads and ends in the success wait state with the expected results', async () => {
    const { a, p, result, at } = await runPayroll(source);
    expect(a.diagnostics.list).toEqual([]);
    expect(a.returnCode).toBe(0);
    expect(p.map.get('SORTSUB')).toBeGreaterThan(ORIGIN);
    expect(result.status).toBe('wait');
    expect(result.psw).toBe('0002000000000000');
    expect(result.cpu.gpr[9]).toBe(0);
    expect(at('FAILID', 1)).toBe('00');
    expect(hexOf(result.cpu.fpr[0]!, 8) + hexOf(result.cpu.fpr[1]!, 8)).toBe('413C000000000000');
    expect(at('TOTAL', 4)).toBe('0000B6D0');
    expect(at('AVERAGE', 4)).toBe('00000F3C');
    expect(at('ARRAY', 48)).toBe(
      [2500, 2800, 2900, 3200, 3300, 3600, 3900, 4100, 4400, 4700, 5300, 6100].map((v) => v.toString(16).toUpperCase().padStart(8, '0')).join(''),
    );
    expect(at('TOTALTXT', 8)).toBe('404040F4F6F8F0F0');
    expect(at('MAXNAME', 8)).toBe('C8C1D9D9C9E24040');
    expect(at('TEXT', 18)).toBe(Buffer.from('C8C5D3D3D66B40E261F3F7F040E6D6D9D3C4', 'hex').toString('hex').toUpperCase());
    expect(at('SURNAME', 8)).toBe('E2D4C9E3C8404040');
    expect(at('PWORK', 3)).toBe('00300C');
  });

  it('a wrong result makes the program end in the failure wait state', async () => {
    const broken = source.replace('EMPREC GREEN,2500,30', 'EMPREC GREEN,2400,30');
    const { result, at } = await runPayroll(broken);
    expect(result.status).toBe('wait');
    expect(result.psw).toBe('0002000000000BAD');
    expect(result.cpu.gpr[9]).toBe(5); // total, smallest, edited total, average, remainder
    expect(at('FAILID', 1)).toBe('0D');
  });

  it('runs through the command line: vm370 asm --image, then vm370 run --bin --json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vm370-asm-'));
    const bin = join(dir, 'payroll.bin');
    const cli = join(root, 'bin/vm370.js');
    const args = ['asm', PROGRAM, '--image', bin, '--origin', '2000', '-o', join(dir, 'payroll.obj'), '--listing', join(dir, 'payroll.lst')];
    execFileSync('node', [cli, ...args, ...LIBS.flatMap((l) => ['--maclib', l])], { stdio: 'pipe' });
    const out = execFileSync('node', [cli, 'run', '--bin', bin, '--origin', '2000', '--json'], { encoding: 'utf8' });
    const r = JSON.parse(out);
    expect(r.status).toBe('wait');
    expect(r.waitPsw).toBe('0002000000000000');
    expect(r.gpr[9]).toBe('00000000');
    const listing = readFileSync(join(dir, 'payroll.lst'), 'latin1');
    expect(listing).toContain('CROSS REFERENCE');
    expect(listing).toContain('RETURN CODE 0');
    expect(readFileSync(join(dir, 'payroll.obj')).length % 80).toBe(0);
  });

  it('the command line returns the assembly return code and prints messages with line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vm370-asm-'));
    const file = join(dir, 'bad.asm');
    writeFileSync(file, "         LR    1,16\n         MNOTE 4,'CAREFUL'\n         END\n");
    const r = spawnSync('node', [join(root, 'bin/vm370.js'), 'asm', file, '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(8);
    expect(r.stderr).toBe(`${file}:1:18: error (8): register 16 out of range 0-15\n${file}:2: warning (4): MNOTE: CAREFUL\n`);
    expect(JSON.parse(r.stdout)).toEqual({
      returnCode: 8,
      messages: [
        { file, line: 1, column: 18, severity: 8, message: 'register 16 out of range 0-15' },
        { file, line: 2, severity: 4, message: 'MNOTE: CAREFUL' },
      ],
      sections: [{ name: '', address: '000000', length: 2 }],
    });
  });
});
