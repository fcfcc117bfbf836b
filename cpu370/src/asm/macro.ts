// The macro and conditional-assembly processor (HLASM Language Reference, "How to specify
// macro definitions", "Conditional assembly instructions"). It turns the source into the
// flat list of statements the assembler proper sees: macro calls expanded, SET symbols
// substituted, AIF/AGO followed, COPY members included.

import { AsmError, Diagnostics, type SourceLoc } from './diag.ts';
import { CondParser, toNumber, toText, type CondScope, type CondValue } from './condexpr.ts';
import { splitTopLevel } from './dc.ts';
import { isAttributeQuote, readStatements, skipQuoted, splitFields, type Fields, type RawStatement } from './source.ts';

export interface Statement {
  readonly label: string;
  /** Operation code in upper case. */
  readonly op: string;
  readonly operands: string;
  readonly remarks: string;
  /** The statement as listed. */
  readonly text: string;
  readonly loc: SourceLoc;
  readonly operandOffset: number;
  readonly comment: boolean;
  /** Nesting level of macro expansion (0 = open code). */
  readonly level: number;
}

/** Finds macro and COPY members on the library search path. */
export interface Library {
  macro(name: string): { text: string; file: string } | undefined;
  copy(name: string): { text: string; file: string } | undefined;
}

export const NO_LIBRARY: Library = { macro: () => undefined, copy: () => undefined };

interface Line {
  readonly f: Fields;
  readonly text: string;
  readonly loc: SourceLoc;
}

interface MacroDef {
  readonly name: string;
  readonly labelParam?: string;
  readonly positional: readonly string[];
  readonly keywords: ReadonlyMap<string, string>;
  readonly body: readonly Line[];
  readonly sequence: ReadonlyMap<string, number>;
}

interface SetVar {
  readonly kind: 'A' | 'B' | 'C';
  readonly dim: number;
  readonly values: Map<number, number | string>;
}

interface Invocation {
  readonly macro?: MacroDef;
  readonly params: Map<string, string>;
  readonly syslist: string[];
  readonly label: string;
  readonly locals: Map<string, SetVar>;
  readonly globalNames: Set<string>;
  readonly sysndx: number;
  readonly callLoc: SourceLoc;
  readonly level: number;
}

export interface SymbolGuess {
  readonly type: string;
  readonly length: number;
}

/** Ops the macro processor handles itself. */
const CONDITIONAL_OPS = new Set(['LCLA', 'LCLB', 'LCLC', 'GBLA', 'GBLB', 'GBLC', 'SETA', 'SETB', 'SETC', 'AIF', 'AGO', 'ANOP', 'MNOTE', 'MEXIT', 'MEND', 'MACRO', 'ACTR']);

const MAX_NESTING = 50;
const DEFAULT_ACTR = 4096;

export class MacroProcessor {
  private readonly macros = new Map<string, MacroDef>();
  private readonly globals = new Map<string, SetVar>();
  private readonly out: Statement[] = [];
  private sysndx = 0;
  private sysect = '';
  private readonly symbols = new Map<string, SymbolGuess>();

  constructor(
    private readonly library: Library,
    private readonly diag: Diagnostics,
    /** True for machine and assembler operation codes. */
    private readonly isKnownOp: (op: string) => boolean,
    /** Type and length attributes of a statement's label, if it defines one. */
    private readonly guessAttributes: (op: string, operands: string) => SymbolGuess | undefined,
  ) {}

  process(source: string, file: string): Statement[] {
    const lines = this.toLines(this.includeCopies(this.read(source, file), 0));
    for (const l of lines) this.recordSymbol(l.f.label, l.f.op.toUpperCase(), l.f.operands);
    const openCode: Invocation = {
      params: new Map(),
      syslist: [],
      label: '',
      locals: new Map(),
      globalNames: new Set(),
      sysndx: 0,
      callLoc: { file, line: 0 },
      level: 0,
    };
    this.run(lines, sequenceIndex(lines), openCode, true);
    return this.out;
  }

  private read(text: string, file: string): RawStatement[] {
    return readStatements(text, file, (message, line) => this.diag.add(4, message, { file, line }));
  }

  private toLines(raws: RawStatement[]): Line[] {
    return raws.map((r) => ({ f: splitFields(r.text), text: r.text, loc: r.loc }));
  }

  private includeCopies(raws: RawStatement[], depth: number): RawStatement[] {
    const out: RawStatement[] = [];
    for (const r of raws) {
      const f = splitFields(r.text);
      if (!f.comment && f.op.toUpperCase() === 'COPY') {
        const name = f.operands.trim().toUpperCase();
        const member = depth < 20 ? this.library.copy(name) : undefined;
        out.push({ text: '*' + r.text.slice(1), loc: r.loc });
        if (!member) {
          this.diag.add(12, depth >= 20 ? `COPY nesting too deep at ${name}` : `COPY member ${name} not found on the library path`, r.loc, f.operandOffset + 1);
          continue;
        }
        out.push(...this.includeCopies(this.read(member.text, member.file), depth + 1));
        continue;
      }
      out.push(r);
    }
    return out;
  }

  private recordSymbol(label: string, op: string, operands: string): void {
    if (!label || label.startsWith('.') || label.startsWith('&')) return;
    const g = this.guessAttributes(op, operands);
    if (g) this.symbols.set(label.toUpperCase(), g);
  }

  /** Interprets lines (open code or a macro body); returns when MEND/MEXIT/end is reached. */
  private run(lines: readonly Line[], sequence: ReadonlyMap<string, number>, inv: Invocation, openCode: boolean): void {
    let pc = 0;
    let actr = DEFAULT_ACTR;
    while (pc < lines.length) {
      const line = lines[pc++]!;
      const loc: SourceLoc = openCode ? line.loc : { ...inv.callLoc, macro: inv.macro!.name };
      if (line.f.comment) {
        if (!line.text.startsWith('.*')) this.emit(line.text, splitFields(line.text), loc, inv.level);
        continue;
      }
      try {
        let op = line.f.op.toUpperCase();
        if (op.includes('&')) op = this.substitute(op, inv).toUpperCase();
        if (op === 'MACRO') {
          pc = this.defineMacro(lines, pc, loc);
          continue;
        }
        const jump = (target: string): boolean => {
          const t = target.trim().toUpperCase();
          const to = sequence.get(t);
          if (to === undefined) throw new AsmError(`sequence symbol ${t} not defined`, 12, line.f.operandOffset + 1);
          if (--actr < 0) throw new AsmError(`ACTR limit reached: conditional assembly loop stopped`, 12);
          pc = to;
          return true;
        };
        switch (op) {
          case 'MEND':
          case 'MEXIT':
            if (openCode) throw new AsmError(`${op} outside a macro definition`);
            return;
          case 'ANOP':
            continue;
          case 'ACTR':
            actr = toNumber(this.evaluate(line.f.operands, inv));
            continue;
          case 'LCLA':
          case 'LCLB':
          case 'LCLC':
          case 'GBLA':
          case 'GBLB':
          case 'GBLC':
            this.declare(op, line.f.operands, inv);
            continue;
          case 'SETA':
          case 'SETB':
          case 'SETC':
            this.set(op[3] as 'A' | 'B' | 'C', line.f.label, line.f.operands, inv);
            continue;
          case 'AGO': {
            const t = line.f.operands;
            if (t.startsWith('(')) {
              const close = matchingParen(t, 0);
              const k = toNumber(this.evaluate(t.slice(1, close), inv));
              const targets = t.slice(close + 1).split(',');
              if (k >= 1 && k <= targets.length) jump(targets[k - 1]!);
            } else jump(t);
            continue;
          }
          case 'AIF': {
            let t = line.f.operands;
            while (t.startsWith('(')) {
              const close = matchingParen(t, 0);
              const cond = toNumber(this.evaluate(t.slice(1, close), inv));
              const rest = t.slice(close + 1);
              const comma = rest.indexOf(',');
              const target = comma < 0 ? rest : rest.slice(0, comma);
              if (cond !== 0) {
                jump(target);
                break;
              }
              t = comma < 0 ? '' : rest.slice(comma + 1);
            }
            continue;
          }
          case 'MNOTE':
            this.mnote(this.substitute(line.f.operands, inv), loc, line);
            continue;
        }
        const label = line.f.label.startsWith('.') ? '' : this.substitute(line.f.label, inv);
        const operands = this.substitute(line.f.operands, inv);
        const macro = this.findMacro(op);
        if (macro) {
          this.expand(macro, label, operands, inv, loc, line.text.includes('&') ? undefined : line.text);
          continue;
        }
        const substituted = line.text.includes('&') || line.f.label.startsWith('.') ? rebuild(label, op === line.f.op.toUpperCase() ? line.f.op : op, operands, line.f.remarks) : line.text;
        const f = splitFields(substituted);
        this.emit(substituted, f, loc, inv.level);
      } catch (caught) {
        const e = caught instanceof AsmError ? caught : new AsmError(`internal error: ${caught instanceof Error ? caught.message : String(caught)}`, 16);
        const column = e.column !== undefined ? e.column + line.f.operandOffset : undefined;
        this.diag.add(e.severity, e.message, loc, openCode ? column : undefined);
        if (e.severity >= 12 && !openCode) return;
      }
    }
    if (!openCode) this.diag.add(12, `macro ${inv.macro!.name} has no MEND`, inv.callLoc);
  }

  private emit(text: string, f: Fields, loc: SourceLoc, level: number): void {
    const op = f.op.toUpperCase();
    if (!f.comment) {
      if (['CSECT', 'START', 'DSECT'].includes(op)) this.sysect = f.label.toUpperCase();
      this.recordSymbol(f.label, op, f.operands);
    }
    this.out.push({ label: f.label, op, operands: f.operands, remarks: f.remarks, text, loc, operandOffset: f.operandOffset, comment: f.comment, level });
  }

  private findMacro(op: string): MacroDef | undefined {
    const own = this.macros.get(op);
    if (own) return own;
    if (op === '' || this.isKnownOp(op) || CONDITIONAL_OPS.has(op) || op === 'COPY') return undefined;
    if (!/^[A-Z$#@_][A-Z0-9$#@_]*$/.test(op)) return undefined;
    const member = this.library.macro(op);
    if (!member) return undefined;
    const lines = this.toLines(this.includeCopies(this.read(member.text, member.file), 0));
    let k = 0;
    while (k < lines.length && lines[k]!.f.comment) k++;
    if (k >= lines.length || lines[k]!.f.op.toUpperCase() !== 'MACRO') {
      throw new AsmError(`library member ${member.file} does not start with MACRO`, 12);
    }
    this.defineMacro(lines, k + 1, lines[k]!.loc);
    const def = this.macros.get(op);
    if (!def) throw new AsmError(`library member ${member.file} defines no macro ${op}`, 12);
    return def;
  }

  /** Reads a definition whose prototype is lines[pc]; returns the index after its MEND. */
  private defineMacro(lines: readonly Line[], pc: number, loc: SourceLoc): number {
    while (pc < lines.length && lines[pc]!.f.comment) pc++;
    const proto = lines[pc++];
    if (!proto) throw new AsmError('MACRO without prototype', 12);
    const body: Line[] = [];
    let depth = 0;
    for (; pc < lines.length; pc++) {
      const l = lines[pc]!;
      const op = l.f.comment ? '' : l.f.op.toUpperCase();
      if (op === 'MACRO') depth++;
      if (op === 'MEND') {
        if (depth === 0) {
          body.push(l);
          pc++;
          break;
        }
        depth--;
      }
      body.push(l);
    }
    if (body.length === 0 || body[body.length - 1]!.f.op.toUpperCase() !== 'MEND') {
      this.diag.add(12, `macro ${proto.f.op} has no MEND`, loc);
    }
    const name = proto.f.op.toUpperCase();
    const positional: string[] = [];
    const keywords = new Map<string, string>();
    if (proto.f.operands !== '') {
      for (const p of splitTopLevel(proto.f.operands)) {
        const m = /^&([A-Za-z$#@_][A-Za-z0-9$#@_]*)(?:=(.*))?$/s.exec(p.trim());
        if (!m) {
          this.diag.add(12, `invalid prototype parameter '${p}' in macro ${name}`, proto.loc);
          continue;
        }
        if (m[2] !== undefined) keywords.set(m[1]!.toUpperCase(), m[2]);
        else positional.push(m[1]!.toUpperCase());
      }
    }
    const labelParam = proto.f.label.startsWith('&') ? proto.f.label.slice(1).toUpperCase() : undefined;
    this.macros.set(name, { name, labelParam, positional, keywords, body, sequence: sequenceIndex(body) });
    return pc;
  }

  private expand(def: MacroDef, label: string, operands: string, caller: Invocation, loc: SourceLoc, sourceText?: string): void {
    if (caller.level >= MAX_NESTING) throw new AsmError(`macro nesting deeper than ${MAX_NESTING} at ${def.name}`, 12);
    const params = new Map<string, string>();
    const syslist: string[] = [label];
    for (const [k, v] of def.keywords) params.set(k, v);
    for (const p of def.positional) params.set(p, '');
    if (operands !== '') {
      for (const raw of splitTopLevel(operands)) {
        const m = /^([A-Za-z$#@_][A-Za-z0-9$#@_]*)=(.*)$/s.exec(raw);
        if (m && def.keywords.has(m[1]!.toUpperCase())) {
          params.set(m[1]!.toUpperCase(), m[2]!);
          continue;
        }
        if (m && !def.keywords.has(m[1]!.toUpperCase()) && def.keywords.size > 0 && !raw.startsWith("'")) {
          this.diag.add(4, `${m[1]!.toUpperCase()} is not a keyword of macro ${def.name}; taken as positional`, loc);
        }
        syslist.push(raw);
      }
    }
    def.positional.forEach((p, k) => params.set(p, syslist[k + 1] ?? ''));
    if (def.labelParam) params.set(def.labelParam, label);
    this.sysndx++;
    // The call itself is listed as a comment-like line before its expansion.
    const inv: Invocation = {
      macro: def,
      params,
      syslist,
      label,
      locals: new Map(),
      globalNames: new Set(),
      sysndx: this.sysndx,
      callLoc: caller.level === 0 ? loc : caller.callLoc,
      level: caller.level + 1,
    };
    const callText = sourceText ?? `${label.padEnd(8)} ${def.name.padEnd(5)} ${operands}`.trimEnd();
    this.out.push({ label: '', op: '', operands: '', remarks: '', text: callText, loc, operandOffset: 0, comment: true, level: caller.level });
    this.run(def.body, def.sequence, inv, false);
  }

  private mnote(operands: string, loc: SourceLoc, line: Line): void {
    const parts = splitTopLevel(operands);
    let severity = 0;
    let message: string;
    if (parts.length >= 2) {
      const sev = parts[0]!.trim();
      message = parts.slice(1).join(',');
      if (sev === '*') severity = -1;
      else if (sev === '') severity = 1;
      else severity = Number(sev);
      if (!Number.isInteger(severity) || severity > 255) throw new AsmError(`invalid MNOTE severity '${sev}'`);
    } else message = parts[0] ?? '';
    message = message.trim();
    if (message.startsWith("'") && message.endsWith("'")) message = message.slice(1, -1).replace(/''/g, "'").replace(/&&/g, '&');
    this.out.push({ label: '', op: 'MNOTE', operands, remarks: '', text: line.text, loc, operandOffset: 0, comment: true, level: 0 });
    if (severity >= 0) this.diag.add(severity, `MNOTE: ${message}`, loc);
  }

  // --- SET symbols ---

  private lookupVar(name: string, inv: Invocation): SetVar | undefined {
    if (inv.globalNames.has(name)) return this.globals.get(name);
    return inv.locals.get(name);
  }

  private declare(op: string, operands: string, inv: Invocation): void {
    const kind = op[3] as 'A' | 'B' | 'C';
    const global = op.startsWith('G');
    for (const item of splitTopLevel(operands)) {
      const m = /^&([A-Za-z$#@_][A-Za-z0-9$#@_]*)(?:\((\d+)\))?$/.exec(item.trim());
      if (!m) throw new AsmError(`invalid SET symbol declaration '${item}'`);
      const name = m[1]!.toUpperCase();
      const dim = m[2] ? Number(m[2]) : 0;
      if (inv.params.has(name)) throw new AsmError(`SET symbol &${name} has the name of a parameter`);
      if (global) {
        inv.globalNames.add(name);
        const existing = this.globals.get(name);
        if (existing && existing.kind !== kind) throw new AsmError(`global &${name} declared with another type`);
        if (!existing) this.globals.set(name, { kind, dim, values: new Map() });
      } else {
        inv.locals.set(name, { kind, dim, values: new Map() });
      }
    }
  }

  private set(kind: 'A' | 'B' | 'C', label: string, operands: string, inv: Invocation): void {
    const m = /^&([A-Za-z$#@_][A-Za-z0-9$#@_]*)(?:\((.+)\))?$/.exec(label.trim());
    if (!m) throw new AsmError(`SET${kind} needs a variable symbol in the name field`);
    const name = m[1]!.toUpperCase();
    if (inv.params.has(name) || name.startsWith('SYS')) throw new AsmError(`&${name} cannot be set`);
    let v = this.lookupVar(name, inv);
    if (!v) {
      v = { kind, dim: m[2] ? 1 : 0, values: new Map() };
      inv.locals.set(name, v);
    }
    if (v.kind !== kind) throw new AsmError(`&${name} is a SET${v.kind} symbol, not SET${kind}`);
    let index = m[2] ? toNumber(this.evaluate(m[2], inv)) : 0;
    if (m[2] && index < 1) throw new AsmError(`subscript ${index} of &${name} must be positive`);
    const items = kind === 'C' ? splitSetcOperands(operands) : splitTopLevel(operands);
    for (const item of items) {
      const value = this.evaluate(item, inv);
      let stored: number | string;
      if (kind === 'C') stored = toText(value);
      else if (kind === 'B') stored = toNumber(value) !== 0 ? 1 : 0;
      else stored = toNumber(value);
      v.values.set(index, stored);
      index++;
    }
  }

  private evaluate(text: string, inv: Invocation): CondValue {
    return CondParser.evaluate(text, this.scopeFor(inv));
  }

  private scopeFor(inv: Invocation): CondScope {
    return {
      variable: (name, subs) => this.variableValue(name, subs, inv),
      substitute: (text) => this.substitute(text, inv),
      attribute: (kind, operand, subs) => this.attribute(kind, operand, subs, inv),
    };
  }

  private variableValue(name: string, subs: number[], inv: Invocation): CondValue {
    const v = this.lookupVar(name, inv);
    if (v) {
      const raw = v.values.get(subs[0] ?? 0) ?? (v.kind === 'C' ? '' : 0);
      return v.kind === 'C' ? { kind: 'C', s: String(raw) } : { kind: 'A', n: Number(raw) };
    }
    const text = this.parameterText(name, subs, inv);
    if (text === undefined) throw new AsmError(`undefined variable symbol &${name}`);
    return /^[+-]?[0-9]+$/.test(text.trim()) ? { kind: 'A', n: Number(text) | 0 } : { kind: 'C', s: text };
  }

  /** Value of a parameter or system variable, with sublist subscripts; undefined if unknown. */
  private parameterText(name: string, subs: number[], inv: Invocation): string | undefined {
    let value: string | undefined;
    switch (name) {
      case 'SYSNDX':
        return String(inv.sysndx).padStart(4, '0');
      case 'SYSECT':
        return this.sysect;
      case 'SYSPARM':
        return '';
      case 'SYSDATE': {
        const d = new Date();
        return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${pad2(d.getUTCFullYear() % 100)}`;
      }
      case 'SYSTIME': {
        const d = new Date();
        return `${pad2(d.getUTCHours())}.${pad2(d.getUTCMinutes())}`;
      }
      case 'SYSLIST': {
        if (!inv.macro) return undefined;
        if (subs.length === 0) throw new AsmError('&SYSLIST needs a subscript');
        value = inv.syslist[subs[0]!] ?? '';
        return subs.length > 1 ? sublistItem(value, subs[1]!) : value;
      }
    }
    value = inv.params.get(name);
    if (value === undefined) return undefined;
    return subs.length > 0 ? sublistItem(value, subs[0]!) : value;
  }

  private attribute(kind: string, operand: string, subs: number[], inv: Invocation): CondValue {
    let text: string;
    if (operand.startsWith('&')) {
      const name = operand.slice(1);
      if (kind === 'N') {
        if (name === 'SYSLIST' && subs.length === 0) return { kind: 'A', n: inv.syslist.length - 1 };
        const v = this.lookupVar(name, inv);
        if (v) return { kind: 'A', n: v.dim > 0 ? Math.max(0, ...v.values.keys()) : 1 };
      }
      if (kind === 'K') {
        const v = this.lookupVar(name, inv);
        if (v) return { kind: 'A', n: String(v.values.get(subs[0] ?? 0) ?? '').length };
      }
      const v = this.lookupVar(name, inv);
      if (v) text = String(v.values.get(subs[0] ?? 0) ?? '');
      else {
        const t = this.parameterText(name, subs, inv);
        if (t === undefined) throw new AsmError(`undefined variable symbol &${name}`);
        text = t;
      }
    } else text = operand;
    switch (kind) {
      case 'K':
        return { kind: 'A', n: text.length };
      case 'N':
        return { kind: 'A', n: text === '' ? 0 : isSublist(text) ? splitTopLevel(text.slice(1, -1)).length : 1 };
      case 'T':
        return { kind: 'C', s: this.typeAttribute(text) };
      case 'L':
        return { kind: 'A', n: this.symbols.get(text.toUpperCase())?.length ?? 1 };
      case 'D':
        return { kind: 'A', n: this.symbols.has(text.toUpperCase()) ? 1 : 0 };
      default:
        return { kind: 'A', n: 0 };
    }
  }

  private typeAttribute(text: string): string {
    const t = text.trim();
    if (t === '') return 'O';
    if (/^[0-9]+$/.test(t) || /^[XBC]'.*'$/i.test(t)) return 'N';
    const sym = this.symbols.get(t.toUpperCase());
    if (sym) return sym.type;
    if (this.macros.has(t.toUpperCase())) return 'M';
    return 'U';
  }

  /** Replaces variable symbols (&NAME, &NAME(sub), &NAME. concatenation) in text; && stays. */
  substitute(text: string, inv: Invocation): string {
    if (!text.includes('&')) return text;
    let out = '';
    let i = 0;
    while (i < text.length) {
      const c = text[i]!;
      if (c !== '&') {
        out += c;
        i++;
        continue;
      }
      if (text[i + 1] === '&') {
        out += '&&';
        i += 2;
        continue;
      }
      const m = /^[A-Za-z$#@_][A-Za-z0-9$#@_]*/.exec(text.slice(i + 1));
      if (!m) throw new AsmError(`invalid variable symbol at '${text.slice(i, i + 10)}'`, 8);
      const name = m[0].toUpperCase();
      let j = i + 1 + m[0].length;
      let subs: number[] = [];
      if (text[j] === '(') {
        const close = matchingParen(text, j);
        try {
          subs = splitTopLevel(this.substitute(text.slice(j + 1, close), inv)).map((s) => toNumber(this.evaluate(s, inv)));
          j = close + 1;
        } catch {
          subs = [];
        }
      }
      let value: string;
      const v = this.lookupVar(name, inv);
      if (v) value = String(v.values.get(subs[0] ?? 0) ?? (v.kind === 'C' ? '' : 0));
      else {
        const p = this.parameterText(name, subs, inv);
        if (p === undefined) throw new AsmError(`undefined variable symbol &${name}`, 8);
        value = p;
      }
      if (text[j] === '.') j++;
      out += value;
      i = j;
    }
    return out;
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function isSublist(v: string): boolean {
  return v.startsWith('(') && v.endsWith(')') && matchingParen(v, 0) === v.length - 1;
}

/** Element n (1-based) of a sublist '(a,b,c)'; a value that is not a sublist is its own element 1. */
function sublistItem(value: string, n: number): string {
  if (!isSublist(value)) return n === 1 ? value : '';
  return splitTopLevel(value.slice(1, -1))[n - 1] ?? '';
}

function matchingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "'" && !isAttributeQuote(s, i)) {
      i = skipQuoted(s, i) - 1;
      continue;
    }
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  throw new AsmError(`unbalanced parentheses in '${s}'`);
}

function sequenceIndex(lines: readonly Line[]): Map<string, number> {
  const m = new Map<string, number>();
  lines.forEach((l, k) => {
    if (!l.f.comment && l.f.label.startsWith('.')) m.set(l.f.label.toUpperCase(), k);
  });
  return m;
}

/** SETC operands: a single character expression (commas inside quotes stay). */
function splitSetcOperands(operands: string): string[] {
  return splitTopLevel(operands);
}

function rebuild(label: string, op: string, operands: string, remarks: string): string {
  let s = label.padEnd(8) + ' ' + op.padEnd(5) + ' ' + operands;
  if (remarks) s += ' ' + remarks;
  return s.trimEnd();
}
