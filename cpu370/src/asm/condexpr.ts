// Conditional-assembly expressions (HLASM Language Reference, "SETA, SETB, SETC, AIF"):
// arithmetic (+ - * /), logical (AND OR XOR NOT, relations EQ NE LT GT LE GE) and character
// expressions ('string' with substitution, substrings 'x'(s,l), concatenation with '.').

import { AsmError } from './diag.ts';
import { selfDefiningTerm } from './expr.ts';
import { skipQuoted } from './source.ts';

export type CondValue = { readonly kind: 'A'; readonly n: number } | { readonly kind: 'C'; readonly s: string };

export interface CondScope {
  /** A variable symbol's value; `subscripts` empty for a scalar. */
  variable(name: string, subscripts: number[]): CondValue;
  /** Substitutes variable symbols inside a quoted string body. */
  substitute(text: string): string;
  /** Attribute reference: kind is L, T, K, N, D, I, S; operand is the text after the quote. */
  attribute(kind: string, operand: string, subscripts: number[]): CondValue;
}

const NAME = /^[A-Za-z$#@_][A-Za-z0-9$#@_]*/;
const WORD_OPS = ['AND', 'OR', 'XOR', 'NOT', 'EQ', 'NE', 'LT', 'GT', 'LE', 'GE'];

export function toNumber(v: CondValue): number {
  if (v.kind === 'A') return v.n;
  const t = v.s.trim();
  if (/^[+-]?[0-9]+$/.test(t)) return Number(t) | 0;
  const m = /^([XBC])'(.*)'$/i.exec(t);
  if (m) return selfDefiningTerm(m[1]!, m[2]!);
  if (t === '') return 0;
  throw new AsmError(`'${v.s}' is not an arithmetic value`);
}

export function toText(v: CondValue): string {
  return v.kind === 'C' ? v.s : String(v.n);
}

export class CondParser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly scope: CondScope,
  ) {}

  get position(): number {
    return this.i;
  }

  static evaluate(s: string, scope: CondScope): CondValue {
    const p = new CondParser(s, scope);
    const v = p.expression();
    p.blanks();
    if (p.i !== s.length) throw new AsmError(`unexpected '${s.slice(p.i)}' in expression`, 8, p.i + 1);
    return v;
  }

  private blanks(): void {
    while (this.s[this.i] === ' ') this.i++;
  }

  private word(): string | undefined {
    this.blanks();
    const m = /^[A-Za-z]+/.exec(this.s.slice(this.i));
    if (!m) return undefined;
    const w = m[0].toUpperCase();
    return WORD_OPS.includes(w) ? w : undefined;
  }

  /** Logical expression (lowest precedence). */
  expression(): CondValue {
    let a = this.andTerm();
    for (;;) {
      const w = this.word();
      if (w !== 'OR' && w !== 'XOR') return a;
      this.i += w.length;
      const b = this.andTerm();
      const x = toNumber(a) !== 0;
      const y = toNumber(b) !== 0;
      a = { kind: 'A', n: (w === 'OR' ? x || y : x !== y) ? 1 : 0 };
    }
  }

  private andTerm(): CondValue {
    let a = this.notTerm();
    for (;;) {
      const w = this.word();
      if (w !== 'AND') return a;
      this.i += 3;
      const b = this.notTerm();
      a = { kind: 'A', n: toNumber(a) !== 0 && toNumber(b) !== 0 ? 1 : 0 };
    }
  }

  private notTerm(): CondValue {
    const w = this.word();
    if (w === 'NOT') {
      this.i += 3;
      return { kind: 'A', n: toNumber(this.notTerm()) !== 0 ? 0 : 1 };
    }
    return this.relation();
  }

  private relation(): CondValue {
    const a = this.sum();
    const w = this.word();
    if (!w || !['EQ', 'NE', 'LT', 'GT', 'LE', 'GE'].includes(w)) return a;
    this.i += 2;
    const b = this.sum();
    let c: number;
    if (a.kind === 'C' || b.kind === 'C') {
      if (a.kind === 'A' || b.kind === 'A') {
        c = Math.sign(toNumber(a) - toNumber(b));
      } else {
        // Character relations: a shorter string is lower (HLASM "Relational operators").
        const x = toText(a);
        const y = toText(b);
        c = x.length !== y.length ? Math.sign(x.length - y.length) : x < y ? -1 : x > y ? 1 : 0;
      }
    } else c = Math.sign(a.n - b.n);
    const r = { EQ: c === 0, NE: c !== 0, LT: c < 0, GT: c > 0, LE: c <= 0, GE: c >= 0 }[w as 'EQ'];
    return { kind: 'A', n: r ? 1 : 0 };
  }

  private sum(): CondValue {
    this.blanks();
    let a = this.product();
    for (;;) {
      this.blanks();
      const c = this.s[this.i];
      if (c !== '+' && c !== '-') return a;
      this.i++;
      const b = this.product();
      a = { kind: 'A', n: c === '+' ? (toNumber(a) + toNumber(b)) | 0 : (toNumber(a) - toNumber(b)) | 0 };
    }
  }

  private product(): CondValue {
    let a = this.unary();
    for (;;) {
      this.blanks();
      const c = this.s[this.i];
      if (c !== '*' && c !== '/') return a;
      this.i++;
      const b = this.unary();
      const x = toNumber(a);
      const y = toNumber(b);
      a = { kind: 'A', n: c === '*' ? Math.imul(x, y) : y === 0 ? 0 : Math.trunc(x / y) };
    }
  }

  private unary(): CondValue {
    this.blanks();
    const c = this.s[this.i];
    if (c === '-' || c === '+') {
      this.i++;
      const v = toNumber(this.unary());
      return { kind: 'A', n: c === '-' ? -v | 0 : v };
    }
    return this.primary();
  }

  private primary(): CondValue {
    this.blanks();
    const s = this.s;
    const c = s[this.i];
    if (c === undefined) throw new AsmError('expression expected', 8, this.i + 1);
    if (c === '(') {
      this.i++;
      const v = this.expression();
      this.blanks();
      if (s[this.i] !== ')') throw new AsmError("')' expected", 8, this.i + 1);
      this.i++;
      if (s[this.i] === "'") {
        // Duplication factor of a character expression: (3)'AB'.
        const times = toNumber(v);
        if (times < 0) throw new AsmError(`negative duplication factor ${times}`);
        return this.characterExpression(this.characterTerm().repeat(times));
      }
      return v;
    }
    if (c === "'") return this.characterExpression();
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(s.slice(this.i))!;
      this.i += m[0].length;
      return { kind: 'A', n: Number(m[0]) | 0 };
    }
    if (c === '&') {
      this.i++;
      const m = NAME.exec(s.slice(this.i));
      if (!m) throw new AsmError('variable symbol name expected', 8, this.i + 1);
      this.i += m[0].length;
      const subs = this.subscripts();
      return this.scope.variable(m[0].toUpperCase(), subs);
    }
    if (/[LTKNDISOltkndiso]/.test(c) && s[this.i + 1] === "'") {
      this.i += 2;
      let operand: string;
      if (s[this.i] === '&') {
        this.i++;
        const m = NAME.exec(s.slice(this.i));
        if (!m) throw new AsmError('variable symbol expected after attribute', 8, this.i + 1);
        this.i += m[0].length;
        operand = '&' + m[0].toUpperCase();
      } else {
        const m = NAME.exec(s.slice(this.i));
        if (!m) throw new AsmError('symbol expected after attribute', 8, this.i + 1);
        this.i += m[0].length;
        operand = m[0].toUpperCase();
      }
      const subs = this.subscripts();
      return this.scope.attribute(c.toUpperCase(), operand, subs);
    }
    if (/[XBCxbc]/.test(c) && s[this.i + 1] === "'") {
      const end = skipQuoted(s, this.i + 1);
      const body = s.slice(this.i + 2, end - 1);
      this.i = end;
      return { kind: 'A', n: selfDefiningTerm(c, this.scope.substitute(body)) };
    }
    const m = NAME.exec(s.slice(this.i));
    if (m) {
      const fn = m[0].toUpperCase();
      if ((fn === 'UPPER' || fn === 'LOWER') && s[this.i + m[0].length] === '(') {
        this.i += m[0].length + 1;
        const v = toText(this.expression());
        this.blanks();
        this.i++;
        return { kind: 'C', s: fn === 'UPPER' ? v.toUpperCase() : v.toLowerCase() };
      }
    }
    throw new AsmError(`unexpected '${s.slice(this.i)}' in expression`, 8, this.i + 1);
  }

  /** Optional (n) or (n,m) after a variable symbol. */
  private subscripts(): number[] {
    if (this.s[this.i] !== '(') return [];
    this.i++;
    const subs = [toNumber(this.expression())];
    this.blanks();
    while (this.s[this.i] === ',') {
      this.i++;
      subs.push(toNumber(this.expression()));
      this.blanks();
    }
    if (this.s[this.i] !== ')') throw new AsmError("')' expected after subscript", 8, this.i + 1);
    this.i++;
    return subs;
  }

  /** 'string'(start,length), or (n)'string', joined by '.' to further strings. */
  private characterExpression(first?: string): CondValue {
    let out = first ?? this.characterTerm();
    while (this.s[this.i] === '.' && (this.s[this.i + 1] === "'" || this.s[this.i + 1] === '(')) {
      this.i++;
      if (this.s[this.i] === '(') {
        const v = this.primary();
        out += toText(v);
      } else out += this.characterTerm();
    }
    return { kind: 'C', s: out };
  }

  /** One quoted string with substitution and an optional substring. */
  private characterTerm(): string {
    const end = skipQuoted(this.s, this.i);
    if (this.s[end - 1] !== "'" || end - 1 === this.i) throw new AsmError('unterminated character string', 8, this.i + 1);
    let text = this.scope.substitute(this.s.slice(this.i + 1, end - 1)).replace(/''/g, "'");
    this.i = end;
    if (this.s[this.i] === '(') {
      this.i++;
      const start = toNumber(this.expression());
      this.blanks();
      if (this.s[this.i] !== ',') throw new AsmError("',' expected in substring", 8, this.i + 1);
      this.i++;
      this.blanks();
      let length: number;
      if (this.s[this.i] === '*') {
        this.i++;
        length = text.length - start + 1;
      } else length = toNumber(this.expression());
      this.blanks();
      if (this.s[this.i] !== ')') throw new AsmError("')' expected in substring", 8, this.i + 1);
      this.i++;
      if ((start < 1 || start > text.length + 1 || length < 0) && length !== 0) {
        throw new AsmError(`substring (${start},${length}) outside '${text}'`, 4);
      }
      text = text.substr(Math.max(0, start - 1), Math.max(0, length));
    }
    return text;
  }
}
