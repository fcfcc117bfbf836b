// DC and DS operands (HLASM Language Reference, "DC instruction"): duplication factor,
// type, modifiers (length L, scale S, exponent E) and nominal values, for the S/370 types
// C X B F H A Y S V P Z E D L.

import { toEbcdic } from '../ebcdic/ebcdic.ts';
import { AsmError } from './diag.ts';
import type { Value } from './expr.ts';
import { isAttributeQuote, skipQuoted } from './source.ts';
import { encodeHfp, parseDecimal } from './hfp.ts';

export interface DcOperand {
  readonly dup: number;
  readonly type: string;
  /** Length of one nominal value. */
  readonly length: number;
  readonly explicitLength: boolean;
  readonly scale: number;
  readonly exponent: number;
  readonly values: readonly string[];
  readonly hasNominal: boolean;
}

/** An address constant field to be relocated. */
export interface AddressField {
  readonly offset: number;
  readonly length: number;
  readonly value: Value;
  /** For V-type constants: the external symbol. */
  readonly external?: string;
}

export interface DcEvaluator {
  /** Absolute value of an expression that must be defined now (duplication, lengths). */
  absolute(text: string): number;
  /** Any expression (A, Y constants). */
  value(text: string): Value;
  /** S-type constant: base/displacement halfword for an address expression. */
  baseDisplacement(text: string): number;
}

const DEFAULT_LENGTH: Record<string, number> = { F: 4, H: 2, A: 4, Y: 2, S: 2, V: 4, E: 4, D: 8, L: 16 };
const ALIGNMENT: Record<string, number> = { F: 4, H: 2, A: 4, Y: 2, S: 2, V: 4, E: 4, D: 8, L: 8 };
const TYPES = 'CXBFHAYSVPZEDL';
const PAREN_TYPES = 'AYSV';

/** Boundary alignment implied by an operand (1 when an explicit length is given). */
export function alignmentOf(op: DcOperand): number {
  return op.explicitLength ? 1 : (ALIGNMENT[op.type] ?? 1);
}

/** Index just past a DC operand (or literal after its '=') that starts at s[i]. */
export function dcOperandEnd(s: string, i: number): number {
  if (s[i] === '=') i++;
  const skipParens = (j: number) => {
    let depth = 0;
    while (j < s.length) {
      if (s[j] === "'") {
        j = skipQuoted(s, j);
        continue;
      }
      if (s[j] === '(') depth++;
      else if (s[j] === ')' && --depth === 0) return j + 1;
      j++;
    }
    return j;
  };
  if (s[i] === '(') i = skipParens(i);
  while (i < s.length && /[0-9]/.test(s[i]!)) i++;
  if (i < s.length && /[A-Za-z]/.test(s[i]!)) i++;
  while (i < s.length && /[LSElse]/.test(s[i]!) && (/[0-9(+-]/.test(s[i + 1] ?? ''))) {
    i++;
    if (s[i] === '(') i = skipParens(i);
    else {
      if (s[i] === '+' || s[i] === '-') i++;
      while (i < s.length && /[0-9]/.test(s[i]!)) i++;
    }
  }
  if (s[i] === "'") return skipQuoted(s, i);
  if (s[i] === '(') return skipParens(i);
  return i;
}

/** Splits on commas outside quotes and parentheses. */
export function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      if (!isAttributeQuote(s, i)) {
        i = skipQuoted(s, i) - 1;
        continue;
      }
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

export function parseDcOperand(text: string, ev: DcEvaluator, isDs: boolean): DcOperand {
  let i = 0;
  const s = text;
  const modifier = (): number => {
    if (s[i] === '(') {
      const end = matchParen(s, i);
      const v = ev.absolute(s.slice(i + 1, end));
      i = end + 1;
      return v;
    }
    const m = /^[+-]?[0-9]+/.exec(s.slice(i));
    if (!m) throw new AsmError(`modifier value expected in '${text}'`, 8, i + 1);
    i += m[0].length;
    return Number(m[0]);
  };
  let dup = 1;
  if (s[i] === '(') {
    const end = matchParen(s, i);
    dup = ev.absolute(s.slice(i + 1, end));
    i = end + 1;
  } else {
    const m = /^[0-9]+/.exec(s);
    if (m) {
      dup = Number(m[0]);
      i = m[0].length;
    }
  }
  if (dup < 0 || dup > 0xffffff) throw new AsmError(`duplication factor ${dup} out of range`);
  const type = (s[i] ?? '').toUpperCase();
  if (!TYPES.includes(type) || type === '') throw new AsmError(`unknown constant type '${s[i] ?? ''}' in '${text}'`, 8, i + 1);
  i++;
  let length: number | undefined;
  let scale = 0;
  let exponent = 0;
  if (/[Ll]/.test(s[i] ?? '') && /[0-9(]/.test(s[i + 1] ?? '')) {
    i++;
    if (s[i] === '.') throw new AsmError('bit-length modifiers are not supported');
    length = modifier();
    const max = type === 'C' || type === 'X' || type === 'B' ? (isDs ? 65535 : 256) : type === 'P' || type === 'Z' ? 16 : 8;
    if (length < (isDs ? 0 : 1) || length > max) {
      if (!(type === 'L' && length === 16)) throw new AsmError(`length modifier ${length} out of range for type ${type}`);
    }
  }
  if (/[Ss]/.test(s[i] ?? '') && /[0-9(+-]/.test(s[i + 1] ?? '')) {
    i++;
    scale = modifier();
  }
  if (/[Ee]/.test(s[i] ?? '') && /[0-9(+-]/.test(s[i + 1] ?? '')) {
    i++;
    exponent = modifier();
  }
  let values: string[] = [];
  let hasNominal = false;
  if (PAREN_TYPES.includes(type)) {
    if (s[i] === '(') {
      const end = matchParen(s, i);
      values = splitTopLevel(s.slice(i + 1, end));
      i = end + 1;
      hasNominal = true;
    }
  } else if (s[i] === "'") {
    const end = skipQuoted(s, i);
    if (s[end - 1] !== "'" || end - 1 === i) throw new AsmError(`unterminated nominal value in '${text}'`, 8, i + 1);
    const body = s.slice(i + 1, end - 1);
    values = type === 'C' ? [body.replace(/''/g, "'").replace(/&&/g, '&')] : body.split(',');
    i = end;
    hasNominal = true;
  }
  if (i !== s.length) throw new AsmError(`unexpected '${s.slice(i)}' in constant '${text}'`, 8, i + 1);
  if (!hasNominal && !isDs) throw new AsmError(`DC operand '${text}' has no nominal value`);
  if (hasNominal && !isDs && values.some((v) => v === '' && type !== 'C')) throw new AsmError(`empty nominal value in '${text}'`);
  const explicitLength = length !== undefined;
  if (length === undefined) length = hasNominal ? implicitLength(type, values.slice(0, 1)) : (DEFAULT_LENGTH[type] ?? 1);
  return { dup, type, length, explicitLength, scale, exponent, values, hasNominal };
}

function matchParen(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    if (s[j] === "'" && !isAttributeQuote(s, j)) {
      j = skipQuoted(s, j) - 1;
      continue;
    }
    if (s[j] === '(') depth++;
    else if (s[j] === ')' && --depth === 0) return j;
  }
  throw new AsmError(`unbalanced parentheses in '${s}'`);
}

function implicitLength(type: string, values: readonly string[]): number {
  const first = values[0] ?? '';
  switch (type) {
    case 'C':
      return Math.max(1, first.length);
    case 'X':
      return Math.max(1, Math.ceil(Math.max(...values.map((v) => v.trim().length)) / 2));
    case 'B':
      return Math.max(1, Math.ceil(Math.max(...values.map((v) => v.trim().length)) / 8));
    case 'P':
      return Math.max(...values.map((v) => Math.ceil((v.replace(/[^0-9]/g, '').length + 1) / 2)));
    case 'Z':
      return Math.max(...values.map((v) => Math.max(1, v.replace(/[^0-9]/g, '').length)));
    default:
      return DEFAULT_LENGTH[type] ?? 1;
  }
}

/** Length of one nominal value: without a length modifier, X, B, P and Z values each have their own. */
function valueLength(op: DcOperand, value: string): number {
  if (op.explicitLength || !'XBPZ'.includes(op.type)) return op.length;
  return implicitLength(op.type, [value]);
}

/** Total bytes of the operand (all duplications and values). */
export function operandSize(op: DcOperand): number {
  if (!op.hasNominal) return op.dup * op.length;
  let one = 0;
  for (const v of op.values) one += valueLength(op, v);
  return op.dup * one;
}

/** Generates the operand's bytes (once duplicated) and the address fields inside them. */
export function encodeDcOperand(op: DcOperand, ev: DcEvaluator): { bytes: Uint8Array; fields: AddressField[] } {
  const one: number[] = [];
  const fields: AddressField[] = [];
  for (const raw of op.values) {
    const at = one.length;
    const L = valueLength(op, raw);
    const put = (b: Uint8Array | number[]) => one.push(...b);
    switch (op.type) {
      case 'C': {
        const e = toEbcdic(raw);
        for (let k = 0; k < L; k++) one.push(k < e.length ? e[k]! : 0x40);
        break;
      }
      case 'X': {
        const v = raw.trim();
        if (!/^[0-9A-Fa-f]+$/.test(v)) throw new AsmError(`invalid hexadecimal constant '${raw}'`);
        put(rightAligned(BigInt('0x' + v), L));
        break;
      }
      case 'B': {
        const v = raw.trim();
        if (!/^[01]+$/.test(v)) throw new AsmError(`invalid binary constant '${raw}'`);
        put(rightAligned(BigInt('0b' + v), L));
        break;
      }
      case 'F':
      case 'H':
        put(fixedPoint(raw, L, op.scale, op.exponent));
        break;
      case 'P':
      case 'Z':
        put(decimalConstant(raw, L, op.type === 'P'));
        break;
      case 'E':
      case 'D':
      case 'L':
        put(encodeHfp(parseDecimal(raw, op.exponent), L, op.scale, op.type === 'L' && L === 16));
        break;
      case 'A':
      case 'Y': {
        const value = ev.value(raw);
        if (value.rel.size > 0 && L < 3 && op.type === 'A') throw new AsmError(`relocatable A-constant needs length 3 or 4`);
        if (value.rel.size > 0 && op.type === 'Y') throw new AsmError(`relocatable Y-constant not allowed`, 4);
        put(rightAligned(BigInt.asUintN(32, BigInt(value.v)), L));
        if (value.rel.size > 0) fields.push({ offset: at, length: L, value });
        break;
      }
      case 'S':
        if (L !== 2) throw new AsmError('S-constant length must be 2');
        put(rightAligned(BigInt(ev.baseDisplacement(raw)), 2));
        break;
      case 'V': {
        const name = raw.trim().toUpperCase();
        if (!/^[A-Z$#@_][A-Z0-9$#@_]*$/.test(name)) throw new AsmError(`V-constant needs an external symbol, not '${raw}'`);
        if (L < 3) throw new AsmError('V-constant length must be 3 or 4');
        put(new Array(L).fill(0));
        fields.push({ offset: at, length: L, value: { v: 0, rel: new Map() }, external: name });
        break;
      }
    }
  }
  if (one.length * op.dup > 0xffffff) throw new AsmError('constant longer than 16M bytes');
  const bytes = new Uint8Array(one.length * op.dup);
  const allFields: AddressField[] = [];
  for (let d = 0; d < op.dup; d++) {
    bytes.set(one, d * one.length);
    for (const f of fields) allFields.push({ ...f, offset: f.offset + d * one.length });
  }
  return { bytes, fields: allFields };
}

/** The low `length` bytes of a non-negative value (truncated on the left, padded with zeros). */
function rightAligned(v: bigint, length: number): number[] {
  const out: number[] = [];
  for (let k = length - 1; k >= 0; k--) out.push(Number((v >> BigInt(8 * k)) & 0xffn));
  return out;
}

function fixedPoint(raw: string, length: number, scale: number, exponent: number): number[] {
  const text = raw.trim();
  const unsigned = /^U/i.test(text);
  const r = parseDecimal(text.replace(/^U/i, ''), exponent);
  if (unsigned && r.negative) throw new AsmError(`unsigned constant '${text}' has a sign`);
  // Scale modifier: multiply by 2**scale; a fraction is rounded (HLASM "Fixed-point constants").
  let num = r.num;
  let den = r.den;
  if (scale >= 0) num <<= BigInt(scale);
  else den <<= BigInt(-scale);
  let v = (2n * num + den) / (2n * den);
  if (r.negative) v = -v;
  const bits = BigInt(length * 8);
  const min = unsigned ? 0n : -(1n << (bits - 1n));
  const max = unsigned ? (1n << bits) - 1n : (1n << (bits - 1n)) - 1n;
  if (v < min || v > max) throw new AsmError(`value ${text} does not fit in ${length} bytes`);
  return rightAligned(BigInt.asUintN(Number(bits), v), length);
}

function decimalConstant(raw: string, length: number, packed: boolean): number[] {
  const text = raw.trim();
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)$/.exec(text);
  if (!m) throw new AsmError(`invalid decimal constant '${raw}'`);
  const digits = m[2]!.replace('.', '');
  const negative = m[1] === '-';
  if (packed) {
    const nibbles = [...digits].map(Number);
    nibbles.push(negative ? 0xd : 0xc);
    while (nibbles.length < length * 2) nibbles.unshift(0);
    const keep = nibbles.slice(nibbles.length - length * 2);
    const out: number[] = [];
    for (let k = 0; k < keep.length; k += 2) out.push((keep[k]! << 4) | keep[k + 1]!);
    return out;
  }
  const out = [...digits].map((d) => 0xf0 | Number(d));
  while (out.length < length) out.unshift(0xf0);
  const keep = out.slice(out.length - length);
  keep[keep.length - 1] = (negative ? 0xd0 : 0xc0) | (keep[keep.length - 1]! & 0x0f);
  return keep;
}
