// Assembly-time expressions (HLASM Language Reference, "Terms, literals and expressions"):
// symbols, self-defining terms, the location counter *, length attributes, literals;
// + - * / with the usual relocatability rules (a relocatable term may only be added to or
// subtracted from; pairs of the same relocatability cancel).

import { toEbcdic } from '../ebcdic/ebcdic.ts';
import { AsmError } from './diag.ts';

/** A value and its relocatability: relocation id (ESDID, or a negative DSECT id) -> multiplicity. */
export interface Value {
  readonly v: number;
  readonly rel: ReadonlyMap<number, number>;
}

export const ABS = (v: number): Value => ({ v: v | 0, rel: new Map() });

export function isAbsolute(x: Value): boolean {
  return x.rel.size === 0;
}

/** The relocation id of a simply relocatable value, undefined if absolute; throws if complex. */
export function relocationOf(x: Value): number | undefined {
  if (x.rel.size === 0) return undefined;
  if (x.rel.size === 1) {
    const [[id, n]] = [...x.rel];
    if (n === 1) return id;
  }
  throw new AsmError('complex relocatable expression not allowed here');
}

function combine(a: Value, b: Value, sign: 1 | -1): Value {
  const rel = new Map(a.rel);
  for (const [id, n] of b.rel) {
    const m = (rel.get(id) ?? 0) + sign * n;
    if (m === 0) rel.delete(id);
    else rel.set(id, m);
  }
  return { v: (a.v + sign * b.v) | 0, rel };
}

export interface SymbolAttrs {
  readonly value: Value;
  readonly length: number;
}

export interface ExprContext {
  /** Attributes of a defined symbol (name in upper case), or undefined. */
  symbol(name: string): SymbolAttrs | undefined;
  locationCounter(): SymbolAttrs;
  /** Value of a literal such as =F'1' (text starts with '='). */
  literal(text: string): SymbolAttrs;
  /** Length of a literal's text starting at s[i] (at the '='). */
  literalEnd(s: string, i: number): number;
  /** In the final pass an undefined symbol is an error; before, it counts as 0 and marks the result. */
  readonly final: boolean;
}

export interface ExprResult {
  readonly value: Value;
  /** Length attribute of the leftmost term (implicit lengths of SS instructions). */
  readonly length: number;
  /** True if an undefined symbol was met before the final pass. */
  readonly undefinedSymbol: boolean;
  /** Index just after the expression. */
  readonly end: number;
}

const SYMBOL_START = /[A-Za-z$#@_]/;
const SYMBOL_CHAR = /[A-Za-z0-9$#@_]/;

/** Self-defining term value, from its type letter and the text between the quotes. */
export function selfDefiningTerm(type: string, body: string): number {
  switch (type.toUpperCase()) {
    case 'X':
      if (!/^[0-9A-Fa-f]{1,8}$/.test(body)) throw new AsmError(`invalid hexadecimal term X'${body}'`);
      return parseInt(body, 16) | 0;
    case 'B':
      if (!/^[01]{1,32}$/.test(body)) throw new AsmError(`invalid binary term B'${body}'`);
      return parseInt(body, 2) | 0;
    case 'C': {
      const text = body.replace(/''/g, "'").replace(/&&/g, '&');
      if (text.length < 1 || text.length > 4) throw new AsmError(`character term C'${body}' must have 1 to 4 characters`);
      let v = 0;
      for (const b of toEbcdic(text)) v = ((v << 8) | b) >>> 0;
      return v | 0;
    }
  }
  throw new AsmError(`unknown self-defining term type ${type}`);
}

export function parseExpression(s: string, start: number, ctx: ExprContext): ExprResult {
  let i = start;
  let undefinedSymbol = false;
  let leftmostLength: number | undefined;

  const peek = () => s[i];
  const fail = (msg: string): never => {
    throw new AsmError(msg, 8, i + 1);
  };

  function primary(): SymbolAttrs {
    const c = peek();
    if (c === undefined) fail('expression expected');
    if (c === '(') {
      i++;
      const v = sum();
      if (peek() !== ')') fail("')' expected");
      i++;
      return { value: v, length: 1 };
    }
    if (c === '*') {
      i++;
      return ctx.locationCounter();
    }
    if (c === '=') {
      const end = ctx.literalEnd(s, i);
      const text = s.slice(i, end);
      i = end;
      return ctx.literal(text);
    }
    if (/[0-9]/.test(c!)) {
      const m = /^[0-9]+/.exec(s.slice(i))!;
      i += m[0].length;
      const n = Number(m[0]);
      if (n > 0x7fffffff) fail(`decimal term ${m[0]} too large`);
      return { value: ABS(n), length: 1 };
    }
    if (/[XBCxbc]/.test(c!) && s[i + 1] === "'") {
      const open = i + 1;
      let j = open + 1;
      while (j < s.length && !(s[j] === "'" && s[j + 1] !== "'")) j += s[j] === "'" ? 2 : 1;
      if (j >= s.length) fail('unterminated self-defining term');
      const body = s.slice(open + 1, j);
      i = j + 1;
      const length = c!.toUpperCase() === 'C' ? body.replace(/''/g, "'").replace(/&&/g, '&').length : 1;
      return { value: ABS(selfDefiningTerm(c!, body)), length };
    }
    if (/[Ll]/.test(c!) && s[i + 1] === "'") {
      i += 2;
      let attrs: SymbolAttrs | undefined;
      if (peek() === '*') {
        i++;
        attrs = ctx.locationCounter();
      } else if (peek() === '=') {
        const end = ctx.literalEnd(s, i);
        attrs = ctx.literal(s.slice(i, end));
        i = end;
      } else {
        const name = symbolName();
        attrs = ctx.symbol(name);
        if (!attrs) {
          if (ctx.final) fail(`undefined symbol ${name}`);
          undefinedSymbol = true;
          return { value: ABS(1), length: 1 };
        }
      }
      return { value: ABS(attrs.length), length: 1 };
    }
    if (SYMBOL_START.test(c!)) {
      const at = i;
      const name = symbolName();
      const attrs = ctx.symbol(name);
      if (!attrs) {
        if (ctx.final) throw new AsmError(`undefined symbol ${name}`, 8, at + 1);
        undefinedSymbol = true;
        return { value: ABS(0), length: 1 };
      }
      return attrs;
    }
    return fail(`unexpected '${c}' in expression`);
  }

  function symbolName(): string {
    const at = i;
    if (!SYMBOL_START.test(peek() ?? '')) fail('symbol expected');
    while (i < s.length && SYMBOL_CHAR.test(s[i]!)) i++;
    const name = s.slice(at, i).toUpperCase();
    if (name.length > 63) throw new AsmError(`symbol ${name} longer than 63 characters`, 8, at + 1);
    return name;
  }

  function unary(): Value {
    const c = peek();
    if (c === '+' || c === '-') {
      i++;
      const v = unary();
      return c === '-' ? combine(ABS(0), v, -1) : v;
    }
    const p = primary();
    if (leftmostLength === undefined) leftmostLength = p.length;
    return p.value;
  }

  function product(): Value {
    let a = unary();
    while (peek() === '*' || peek() === '/') {
      const op = s[i++];
      const at = i;
      const b = unary();
      if (!isAbsolute(a) || !isAbsolute(b)) throw new AsmError('relocatable term in multiplication or division', 8, at);
      if (op === '*') a = ABS(Math.imul(a.v, b.v));
      else a = ABS(b.v === 0 ? 0 : Math.trunc(a.v / b.v)); // HLASM: division by zero gives 0
    }
    return a;
  }

  function sum(): Value {
    let a = product();
    while (peek() === '+' || peek() === '-') {
      const op = s[i++];
      a = combine(a, product(), op === '+' ? 1 : -1);
    }
    return a;
  }

  const value = sum();
  return { value, length: leftmostLength ?? 1, undefinedSymbol, end: i };
}

/** Parses a whole operand as one expression; trailing text is an error. */
export function evaluate(text: string, ctx: ExprContext): ExprResult {
  const r = parseExpression(text, 0, ctx);
  if (r.end !== text.length) throw new AsmError(`unexpected '${text.slice(r.end)}' after expression`, 8, r.end + 1);
  return r;
}
