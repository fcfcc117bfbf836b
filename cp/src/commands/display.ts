// DISPLAY and STORE (GC20-1820): storage (L = hex, T = hex and EBCDIC), general
// registers (G), control registers (X), the PSW. Storage locations are real addresses of
// the virtual machine. Formats are chosen (R6 pages not seen): one line per four words or
// registers, e.g. `GPR  0 = 00000000  00000000  00000000  00000000`.
import { fromEbcdic, type Cpu } from '../../../cpu370/index.ts';
import type { CommandDef } from './framework.ts';
import { fail } from './messages.ts';

const hex = (n: number, d: number): string => (n >>> 0).toString(16).toUpperCase().padStart(d, '0');

/** A register range: `G`, `G5`, `G2-7`, `G3.4`. */
function registerRange(spec: string, prefix: string): [number, number] {
  const body = spec.slice(prefix.length);
  if (body === '') return [0, 15];
  const m = /^([0-9A-F]{1,2})(?:([-.])([0-9A-F]{1,2}|END))?$/.exec(body);
  if (!m) fail('invalidRegister', spec);
  const dec = (s: string): number => (/^\d+$/.test(s) ? Number(s) : parseInt(s, 16));
  const a = dec(m[1]!);
  let b = a;
  if (m[2] === '-') b = m[3] === 'END' ? 15 : dec(m[3]!);
  else if (m[2] === '.') b = a + dec(m[3]!) - 1;
  if (a > 15 || b > 15 || b < a) fail('invalidRegister', spec);
  return [a, b];
}

function registerLines(label: string, values: ArrayLike<number>, a: number, b: number): string[] {
  const lines: string[] = [];
  for (let r = a; r <= b; r += 4) {
    const words: string[] = [];
    for (let i = r; i <= Math.min(b, r + 3); i++) words.push(hex(values[i]!, 8));
    lines.push(`${label} ${String(r).padStart(2)} = ${words.join('  ')}`);
  }
  return lines;
}

/** A storage range: `hexloc`, `hexloc-hexloc`, `hexloc.bytes`, `hexloc-END`. */
function storageRange(spec: string, size: number): [number, number] {
  const m = /^([0-9A-F]{1,6})(?:([-.])([0-9A-F]{1,6}|END))?$/.exec(spec);
  if (!m) fail('invalidHexloc', spec);
  const a = parseInt(m[1]!, 16);
  let b = a + 3;
  if (m[2] === '-') b = m[3] === 'END' ? size - 1 : parseInt(m[3]!, 16);
  else if (m[2] === '.') b = a + parseInt(m[3]!, 16) - 1;
  if (a >= size) fail('hexlocExceeds', hex(a, 6));
  if (b < a) fail('invalidHexloc', spec);
  return [a & ~3, Math.min(b, size - 1)];
}

function storageLines(cpu: Cpu, a: number, b: number, withText: boolean): string[] {
  const lines: string[] = [];
  const mem = cpu.mem;
  for (let line = a; line <= b; line += 16) {
    const end = Math.min(b, line + 15);
    const words: string[] = [];
    for (let w = line; w <= end; w += 4) words.push(hex(((mem[w]! << 24) | (mem[w + 1]! << 16) | (mem[w + 2]! << 8) | mem[w + 3]!) >>> 0, 8));
    let text = `${hex(line, 6)}  ${words.join(' ')}`;
    if (withText) {
      const chars = fromEbcdic(mem.subarray(line, line + words.length * 4)).replace(/[^ -~]/g, '.');
      text = `${text.padEnd(8 + 35)}  *${chars}*`;
    }
    lines.push(text);
  }
  return lines;
}

function pswLine(cpu: Cpu): string {
  const [hi, lo] = cpu.pswWords();
  return `PSW = ${hex(hi, 8)} ${hex(lo, 8)}`;
}

export const DISPLAY: CommandDef = {
  name: 'DISPLAY',
  min: 1,
  classes: 'G',
  run(ctx, args) {
    const cpu = ctx.vm!.cpu;
    if (args.length === 0) fail('operandMissing');
    for (const spec of args) {
      let lines: string[];
      if (spec === 'PSW') lines = [pswLine(cpu)];
      else if (spec.startsWith('G')) lines = registerLines('GPR', cpu.gpr, ...registerRange(spec, 'G'));
      else if (spec.startsWith('X')) lines = registerLines('CR ', cpu.cr, ...registerRange(spec, 'X'));
      else if (spec.startsWith('T')) lines = storageLines(cpu, ...storageRange(spec.slice(1), cpu.size), true);
      else if (spec.startsWith('L')) lines = storageLines(cpu, ...storageRange(spec.slice(1), cpu.size), false);
      else lines = storageLines(cpu, ...storageRange(spec, cpu.size), false);
      for (const l of lines) ctx.out(l);
    }
  },
};

/** Hex data of up to 8 digits: one fullword, right-justified. */
function words(data: string[]): number[] {
  if (data.length === 0) fail('operandMissing');
  return data.map((d) => {
    if (!/^[0-9A-F]{1,8}$/.test(d)) fail('invalidHexdata', d);
    return parseInt(d, 16) >>> 0;
  });
}

export const STORE: CommandDef = {
  name: 'STORE',
  min: 2,
  classes: 'G',
  run(ctx, args) {
    const cpu = ctx.vm!.cpu;
    const [spec, ...data] = args;
    if (!spec) fail('operandMissing');
    if (spec === 'PSW') {
      const w = words(data);
      if (w.length > 2) fail('invalidOperand', data[2]!);
      const [hi] = cpu.pswWords();
      if (w.length === 1) cpu.loadPsw(hi, w[0]!);
      else cpu.loadPsw(w[0]!, w[1]!);
    } else if (/^[GX][0-9A-F]{1,2}$/.test(spec)) {
      const [r] = registerRange(spec, spec[0]!);
      const w = words(data);
      if (r + w.length > 16) fail('invalidOperand', data[16 - r]!);
      const target = spec[0] === 'G' ? cpu.gpr : cpu.cr;
      w.forEach((v, i) => (target[r + i] = v));
    } else {
      const loc = spec.startsWith('L') ? spec.slice(1) : spec;
      if (!/^[0-9A-F]{1,6}$/.test(loc)) fail('invalidHexloc', spec);
      const a = parseInt(loc, 16) & ~3;
      const w = words(data);
      if (a + w.length * 4 > cpu.size) fail('hexlocExceeds', hex(a + w.length * 4 - 1 >= cpu.size ? Math.max(a, cpu.size) : a, 6));
      w.forEach((v, i) => cpu.storage.write32(a + i * 4, v));
    }
    ctx.out('STORE COMPLETE');
  },
};
