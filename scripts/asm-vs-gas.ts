// Developer check: assembles every instruction of the cpu370 table (and the extended branch
// mnemonics) with our assembler and with GNU as for s390 (`s390x-linux-gnu-as -m31
// -march=g5`) and compares the bytes. Opcodes GNU as lacks are written with `.insn`.
// Usage: npm run asmcheck

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OPCODES, FLOAT, EVEN_R1, EVEN_R3, EXTENDED_FP, type OpcodeRow } from '../cpu370/src/arch/opcodes.ts';
import { EXTENDED_MNEMONICS } from '../cpu370/src/arch/mnemonics.ts';
import { assemble } from '../cpu370/src/asm/index.ts';

const GAS_MISSING = new Set(['WRD', 'RDD', 'SSK', 'ISK', 'SIO', 'SIOF', 'TIO', 'CLRIO', 'HIO', 'HDV', 'TCH', 'STIDC', 'RRB', 'CONCS', 'DISCS']);

interface Case {
  readonly name: string;
  readonly ours: string;
  readonly gas: string;
}

function regs(row: OpcodeRow): [number, number] {
  if (row.flags & EXTENDED_FP) return [4, 0];
  if (row.flags & FLOAT) return [2, 6];
  if (row.flags & (EVEN_R1 | EVEN_R3)) return [4, 8];
  return [3, 7];
}

function caseFor(row: OpcodeRow): Case {
  const m = row.mnemonic;
  const g = m.toLowerCase();
  const [a, b] = regs(row);
  const r = (n: number) => ((row.flags & FLOAT) !== 0 ? `%f${n}` : `%r${n}`);
  const hexOp = '0x' + row.opcode.toString(16).padStart(row.opcode > 0xff ? 4 : 2, '0');
  switch (row.format) {
    case 'RR':
      return { name: m, ours: `${m} ${a},${b}`, gas: GAS_MISSING.has(m) ? `.insn rr,${hexOp}00,%r${a},%r${b}` : `${g} ${r(a)},${r(b)}` };
    case 'RR1':
      return { name: m, ours: `${m} ${a}`, gas: `${g} %r${a}` };
    case 'I':
      return { name: m, ours: `${m} 202`, gas: `${g} 202` };
    case 'RX':
      return { name: m, ours: `${m} ${a},X'5A4'(9,11)`, gas: `${g} ${r(a)},0x5a4(%r9,%r11)` };
    case 'RS':
    case 'DIAG': {
      const cr = m === 'LCTL' || m === 'STCTL';
      const reg = (n: number) => (cr ? `%c${n}` : `%r${n}`);
      return { name: m, ours: `${m} ${a},${b},X'FFF'(12)`, gas: `${g} ${reg(a)},${reg(b)},4095(%r12)` };
    }
    case 'RS2':
      return { name: m, ours: `${m} ${a},X'3F'(5)`, gas: `${g} %r${a},63(%r5)` };
    case 'RSM':
      return { name: m, ours: `${m} ${a},B'1011',X'100'(13)`, gas: `${g} %r${a},11,256(%r13)` };
    case 'SI':
      return {
        name: m,
        ours: `${m} X'123'(10),X'C5'`,
        gas: GAS_MISSING.has(m) ? `.insn si,${hexOp}000000,0x123(%r10),0xc5` : `${g} 0x123(%r10),0xc5`,
      };
    case 'S':
    case 'S2':
      return {
        name: m,
        ours: `${m} X'7D0'(14)`,
        gas: GAS_MISSING.has(m) ? `.insn s,${hexOp}0000,0x7d0(%r14)` : `${g} 0x7d0(%r14)`,
      };
    case 'S0':
      return { name: m, ours: m, gas: g };
    case 'SS1':
      return { name: m, ours: `${m} X'10'(200,3),X'ABC'(4)`, gas: `${g} 16(200,%r3),0xabc(%r4)` };
    case 'SS2':
      return { name: m, ours: `${m} X'10'(16,3),X'ABC'(5,4)`, gas: `${g} 16(16,%r3),0xabc(5,%r4)` };
    case 'SSI':
      return { name: m, ours: `${m} X'10'(7,3),X'ABC'(4),9`, gas: `${g} 16(7,%r3),0xabc(%r4),9` };
  }
}

function extendedCases(): Case[] {
  return EXTENDED_MNEMONICS.map((e) =>
    e.base === 'BCR'
      ? { name: e.mnemonic, ours: `${e.mnemonic} 9`, gas: `bcr ${e.mask},%r9` }
      : { name: e.mnemonic, ours: `${e.mnemonic} X'44'(3,9)`, gas: `bc ${e.mask},0x44(%r3,%r9)` },
  );
}

export function gasAvailable(): boolean {
  try {
    execFileSync('s390x-linux-gnu-as', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface GasComparison {
  readonly checked: number;
  readonly tableRows: number;
  readonly extended: number;
  readonly mismatches: string[];
}

export function compareWithGas(): GasComparison {
  const cases = [...OPCODES.map(caseFor), ...extendedCases()];
  const dir = mkdtempSync(join(tmpdir(), 'asm-vs-gas-'));
  try {
    const src = join(dir, 'all.s');
    const obj = join(dir, 'all.o');
    const bin = join(dir, 'all.bin');
    writeFileSync(src, '.text\n' + cases.map((c) => `\t${c.gas}\n`).join(''));
    execFileSync('s390x-linux-gnu-as', ['-m31', '-march=g5', '-o', obj, src], { stdio: ['ignore', 'ignore', 'pipe'] });
    execFileSync('s390x-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', obj, bin]);
    const gas = new Uint8Array(readFileSync(bin));
    const ours = assemble(cases.map((c) => `         ${c.ours}`).join('\n') + '\n         END\n');
    const mismatches: string[] = ours.diagnostics.list.map((d) => `our assembler: line ${d.loc.line}: ${d.message}`);
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
    const instructionLines = ours.lines.filter((l) => l.bytes && l.bytes.length > 0);
    let offset = 0;
    cases.forEach((c, k) => {
      const line = instructionLines[k];
      const mine = line?.bytes ?? new Uint8Array(0);
      const theirs = gas.subarray(offset, offset + mine.length);
      if (hex(mine) !== hex(theirs) || mine.length === 0) mismatches.push(`${c.name}: ours ${hex(mine)} (${c.ours}), GNU as ${hex(theirs)} (${c.gas})`);
      offset += mine.length;
    });
    if (offset !== gas.length) mismatches.push(`total length: ours ${offset}, GNU as ${gas.length}`);
    return { checked: cases.length, tableRows: OPCODES.length, extended: cases.length - OPCODES.length, mismatches };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (!gasAvailable()) {
    process.stdout.write('asmcheck: s390x-linux-gnu-as not on PATH (Debian package binutils-s390x-linux-gnu); nothing checked\n');
    process.exit(2);
  }
  const r = compareWithGas();
  for (const m of r.mismatches) process.stdout.write(`MISMATCH ${m}\n`);
  process.stdout.write(`asmcheck: ${r.checked} instructions checked against GNU as (${r.tableRows} table rows + ${r.extended} extended mnemonics), ${r.mismatches.length} mismatches\n`);
  process.exit(r.mismatches.length ? 1 : 0);
}
