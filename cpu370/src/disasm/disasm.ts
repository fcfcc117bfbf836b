// The disassembler, derived from the instruction table and the formats.
import { instructionLength, type Format } from '../arch/formats.ts';
import { lookupOpcode } from '../arch/opcodes.ts';
import { extendedMnemonicFor } from '../arch/mnemonics.ts';

export interface Disassembly {
  length: 2 | 4 | 6;
  mnemonic: string;
  operands: string;
  /** The instruction bytes in hex. */
  hex: string;
}

const h = (v: number) => v.toString(16).toUpperCase();
const dxb = (d: number, x: number, b: number) => (x === 0 ? (b === 0 ? `${d}` : `${d}(,${b})`) : `${d}(${x},${b})`);
const db = (d: number, b: number) => (b === 0 ? `${d}` : `${d}(${b})`);
const dlb = (d: number, l: number, b: number) => `${d}(${l},${b})`;

function operands(format: Format, w: number, hw: number): string {
  const n1 = (w >>> 20) & 15;
  const n2 = (w >>> 16) & 15;
  const b1 = (w >>> 12) & 15;
  const d1 = w & 0xfff;
  switch (format) {
    case 'RR':
      return `${n1},${n2}`;
    case 'RR1':
      return `${n1}`;
    case 'I':
      return `${(w >>> 16) & 0xff}`;
    case 'RX':
      return `${n1},${dxb(d1, n2, b1)}`;
    case 'RS':
    case 'DIAG':
      return `${n1},${n2},${db(d1, b1)}`;
    case 'RS2':
      return `${n1},${db(d1, b1)}`;
    case 'RSM':
      return `${n1},${n2},${db(d1, b1)}`;
    case 'SI':
      return `${db(d1, b1)},X'${h((w >>> 16) & 0xff).padStart(2, '0')}'`;
    case 'S':
    case 'S2':
      return db(d1, b1);
    case 'S0':
      return '';
    case 'SS1':
      return `${dlb(d1, ((w >>> 16) & 0xff) + 1, b1)},${db(hw & 0xfff, hw >>> 12)}`;
    case 'SS2':
      return `${dlb(d1, n1 + 1, b1)},${dlb(hw & 0xfff, n2 + 1, hw >>> 12)}`;
    case 'SSI':
      return `${dlb(d1, n1 + 1, b1)},${db(hw & 0xfff, hw >>> 12)},${n2}`;
  }
}

/** Disassembles the instruction in `bytes` at `offset` (at least its length must be present). */
export function disassemble(bytes: Uint8Array, offset = 0): Disassembly {
  const b0 = bytes[offset] ?? 0;
  const length = instructionLength(b0);
  const byte = (i: number) => bytes[offset + i] ?? 0;
  const w = ((b0 << 24) | (byte(1) << 16) | (length > 2 ? (byte(2) << 8) | byte(3) : 0)) >>> 0;
  const hw = length === 6 ? (byte(4) << 8) | byte(5) : 0;
  let hex = '';
  for (let i = 0; i < length; i++) hex += h(byte(i)).padStart(2, '0');
  const row = lookupOpcode(b0, byte(1));
  if (!row) return { length, mnemonic: 'DC', operands: `X'${hex}'`, hex };
  if (row.mnemonic === 'BC' || row.mnemonic === 'BCR') {
    // Extended mnemonics (BE, BNHR, B, NOP, ...) with the mask folded in.
    const ext = extendedMnemonicFor(row.mnemonic, (w >>> 20) & 15);
    if (ext) {
      const ops = row.mnemonic === 'BCR' ? `${(w >>> 16) & 15}` : dxb(w & 0xfff, (w >>> 16) & 15, (w >>> 12) & 15);
      return { length, mnemonic: ext, operands: ops, hex };
    }
  }
  return { length, mnemonic: row.mnemonic, operands: operands(row.format, w, hw), hex };
}

export interface DisasmLine extends Disassembly {
  /** Address of the instruction (origin + offset). */
  address: number;
}

/**
 * Disassembles a whole image loaded at `origin`, instruction after instruction. Bytes
 * that do not form a known instruction, and a last instruction cut short by the end of
 * the image, come out as DC X'..'.
 */
export function disassembleImage(bytes: Uint8Array, origin = 0): DisasmLine[] {
  const out: DisasmLine[] = [];
  let off = 0;
  while (off < bytes.length) {
    const len = instructionLength(bytes[off]!);
    if (off + len > bytes.length) {
      let hex = '';
      for (let i = off; i < bytes.length; i++) hex += h(bytes[i]!).padStart(2, '0');
      out.push({ address: origin + off, length: len, mnemonic: 'DC', operands: `X'${hex}'`, hex });
      break;
    }
    out.push({ address: origin + off, ...disassemble(bytes, off) });
    off += len;
  }
  return out;
}

export function formatDisassembly(d: Disassembly): string {
  return `${d.hex.padEnd(12)} ${d.mnemonic.padEnd(6)} ${d.operands}`.trimEnd();
}
