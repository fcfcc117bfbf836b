// Machine instructions: operands by format (GA22-7000 "Instruction Formats"), explicit
// D(X,B) / D(L,B) / D(B) addresses or implicit ones resolved through USING.

import type { Format } from '../arch/formats.ts';
import { hasTwoByteOpcode, instructionLength } from '../arch/formats.ts';
import { BY_MNEMONIC, type OpcodeRow } from '../arch/opcodes.ts';
import { EXTENDED_BY_MNEMONIC } from '../arch/mnemonics.ts';
import { AsmError } from './diag.ts';
import { isAbsolute, parseExpression, type ExprContext, type Value } from './expr.ts';
import { splitTopLevel } from './dc.ts';

export interface MachineOp {
  readonly row: OpcodeRow;
  /** The mask of an extended branch mnemonic, put before the written operands. */
  readonly mask?: number;
}

export function lookupMachineOp(mnemonic: string): MachineOp | undefined {
  const row = BY_MNEMONIC.get(mnemonic);
  if (row) return { row };
  const ext = EXTENDED_BY_MNEMONIC.get(mnemonic);
  if (ext) return { row: BY_MNEMONIC.get(ext.base)!, mask: ext.mask };
  return undefined;
}

export function machineOpLength(op: MachineOp): number {
  return instructionLength(op.row.opcode > 0xff ? op.row.opcode >>> 8 : op.row.opcode);
}

export interface AddressResolver {
  /** Base register and displacement for an implicit address (through USING). */
  resolve(value: Value): { base: number; disp: number };
}

interface Address {
  disp: number;
  /** Index register, or explicit length for SS operands. */
  first?: number;
  base?: number;
  implicitLength: number;
}

const OPERAND_COUNT: Record<Format, number> = {
  RR: 2, RR1: 1, I: 1, RX: 2, RS: 3, RS2: 2, RSM: 3, SI: 2, S: 1, S2: 1, S0: 0, SS1: 2, SS2: 2, SSI: 3, DIAG: 3,
};

export function encodeInstruction(op: MachineOp, operandText: string, ctx: ExprContext, usings: AddressResolver): Uint8Array {
  const { row } = op;
  let operands = operandText === '' ? [] : splitTopLevel(operandText);
  const offsets: number[] = [];
  let pos = 0;
  for (const o of operands) {
    offsets.push(pos);
    pos += o.length + 1;
  }
  if (op.mask !== undefined) {
    operands = [String(op.mask), ...operands];
    offsets.unshift(0);
  }
  const want = OPERAND_COUNT[row.format];
  if (operands.length !== want && !(row.format === 'S0' && operands.length === 1 && operands[0] === '')) {
    throw new AsmError(`${op.mask !== undefined ? 'extended mnemonic' : row.mnemonic} needs ${want - (op.mask !== undefined ? 1 : 0)} operand(s), got ${operands.length - (op.mask !== undefined ? 1 : 0)}`);
  }
  const at = (k: number, e: unknown): never => {
    if (e instanceof AsmError) throw new AsmError(e.message, e.severity, e.column !== undefined ? e.column + offsets[k]! : offsets[k]! + 1);
    throw e;
  };
  const absolute = (k: number, min: number, max: number, what: string): number => {
    try {
      const r = parseExpression(operands[k]!, 0, ctx);
      if (r.end !== operands[k]!.length) throw new AsmError(`unexpected '${operands[k]!.slice(r.end)}'`, 8, r.end + 1);
      if (!isAbsolute(r.value)) throw new AsmError(`${what} must be absolute`);
      if (r.value.v < min || r.value.v > max) throw new AsmError(`${what} ${r.value.v} out of range ${min}-${max}`);
      return r.value.v;
    } catch (e) {
      return at(k, e);
    }
  };
  const reg = (k: number) => absolute(k, 0, 15, 'register');
  const address = (k: number, allowFirst: boolean, lengthForm: boolean): Address => {
    try {
      return parseAddress(operands[k]!, ctx, usings, allowFirst, lengthForm);
    } catch (e) {
      return at(k, e);
    }
  };
  const bd = (a: Address) => (((a.base ?? 0) & 15) << 12) | (a.disp & 0xfff);
  const len = instructionLength(row.opcode > 0xff ? row.opcode >>> 8 : row.opcode);
  const out = new Uint8Array(len);
  const two = hasTwoByteOpcode(row.format);
  if (two) {
    out[0] = row.opcode >>> 8;
    out[1] = row.opcode & 0xff;
  } else out[0] = row.opcode;
  const put16 = (i: number, v: number) => {
    out[i] = (v >>> 8) & 0xff;
    out[i + 1] = v & 0xff;
  };
  switch (row.format) {
    case 'RR':
      out[1] = (reg(0) << 4) | reg(1);
      break;
    case 'RR1':
      out[1] = reg(0) << 4;
      break;
    case 'I':
      out[1] = absolute(0, 0, 255, 'immediate');
      break;
    case 'RX': {
      const r1 = reg(0);
      const a = address(1, true, false);
      out[1] = (r1 << 4) | (a.first ?? 0);
      put16(2, bd(a));
      break;
    }
    case 'RS':
    case 'DIAG':
    case 'RSM': {
      const r1 = reg(0);
      const r3 = row.format === 'RSM' ? absolute(1, 0, 15, 'mask') : reg(1);
      const a = address(2, false, false);
      out[1] = (r1 << 4) | r3;
      put16(2, bd(a));
      break;
    }
    case 'RS2': {
      const r1 = reg(0);
      const a = address(1, false, false);
      out[1] = r1 << 4;
      put16(2, bd(a));
      break;
    }
    case 'SI': {
      const a = address(0, false, false);
      out[1] = absolute(1, -128, 255, 'immediate') & 0xff;
      put16(2, bd(a));
      break;
    }
    case 'S':
    case 'S2':
      put16(2, bd(address(0, false, false)));
      break;
    case 'S0':
      break;
    case 'SS1': {
      const a1 = address(0, true, true);
      const a2 = address(1, false, false);
      const l = a1.first ?? a1.implicitLength;
      if (l < 0 || l > 256) throw new AsmError(`length ${l} out of range 1-256`, 8, 1);
      out[1] = Math.max(0, l - 1);
      put16(2, bd(a1));
      put16(4, bd(a2));
      break;
    }
    case 'SS2':
    case 'SSI': {
      const a1 = address(0, true, true);
      const a2 = address(1, row.format === 'SS2', true);
      const l1 = a1.first ?? a1.implicitLength;
      if (l1 < 0 || l1 > 16) throw new AsmError(`length ${l1} out of range 1-16`, 8, 1);
      let low: number;
      if (row.format === 'SS2') {
        const l2 = a2.first ?? a2.implicitLength;
        if (l2 < 0 || l2 > 16) throw new AsmError(`length ${l2} out of range 1-16`, 8, offsets[1]! + 1);
        low = Math.max(0, l2 - 1);
      } else low = absolute(2, 0, 15, 'rounding digit');
      out[1] = (Math.max(0, l1 - 1) << 4) | low;
      put16(2, bd(a1));
      put16(4, bd(a2));
      break;
    }
  }
  return out;
}

/** Parses D(X,B), D(L,B), D(,B), D(X), D(B) or an implicit address. */
function parseAddress(text: string, ctx: ExprContext, usings: AddressResolver, allowFirst: boolean, lengthForm: boolean): Address {
  const r = parseExpression(text, 0, ctx);
  const implicitLength = r.length;
  if (r.end === text.length) {
    return { ...implicitAddress(r.value, usings), implicitLength };
  }
  if (text[r.end] !== '(' || !text.endsWith(')')) throw new AsmError(`unexpected '${text.slice(r.end)}' in address`, 8, r.end + 1);
  const inner = text.slice(r.end + 1, -1);
  const parts = inner.split(',');
  const num = (t: string, max: number, what: string, min = 0): number | undefined => {
    if (t.trim() === '') return undefined;
    const v = parseExpression(t, 0, ctx);
    if (v.end !== t.length) throw new AsmError(`unexpected '${t.slice(v.end)}' in ${what}`);
    if (!isAbsolute(v.value)) throw new AsmError(`${what} must be absolute`);
    if (v.value.v < min || v.value.v > max) throw new AsmError(`${what} ${v.value.v} out of range`);
    return v.value.v;
  };
  const dispOf = (explicitBase: boolean) => {
    if (!explicitBase) return implicitAddress(r.value, usings);
    if (!isAbsolute(r.value)) throw new AsmError('displacement must be absolute with an explicit base');
    if (r.value.v < 0 || r.value.v > 4095) throw new AsmError(`displacement ${r.value.v} out of range 0-4095`);
    return { disp: r.value.v, base: undefined as number | undefined };
  };
  if (parts.length === 1) {
    if (allowFirst) {
      const first = num(parts[0]!, lengthForm ? 256 : 15, lengthForm ? 'length' : 'index register');
      const a = implicitAddress(r.value, usings);
      return { ...a, first, implicitLength };
    }
    const base = num(parts[0]!, 15, 'base register');
    const d = dispOf(true);
    return { disp: d.disp, base, implicitLength };
  }
  if (parts.length === 2 && allowFirst) {
    const first = num(parts[0]!, lengthForm ? 256 : 15, lengthForm ? 'length' : 'index register');
    const base = num(parts[1]!, 15, 'base register');
    const d = dispOf(true);
    return { disp: d.disp, base, first, implicitLength };
  }
  throw new AsmError(`too many fields in address '${text}'`);
}

function implicitAddress(value: Value, usings: AddressResolver): { disp: number; base: number } {
  return usings.resolve(value);
}
