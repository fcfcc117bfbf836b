// The assembler proper: sizing passes until symbol values settle, then a final pass that
// generates text, relocation items and the listing (HLASM Language Reference, "Assembler
// instruction statements").

import { toEbcdic } from '../ebcdic/ebcdic.ts';
import { AsmError, Diagnostics, type SourceLoc } from './diag.ts';
import { alignmentOf, dcOperandEnd, encodeDcOperand, operandSize, parseDcOperand, splitTopLevel, type AddressField, type DcEvaluator, type DcOperand } from './dc.ts';
import { ABS, isAbsolute, parseExpression, type ExprContext, type SymbolAttrs, type Value } from './expr.ts';
import { encodeInstruction, lookupMachineOp, machineOpLength, type AddressResolver } from './instr.ts';
import { SectionText } from './sectiontext.ts';
import { MacroProcessor, NO_LIBRARY, type Library, type Statement, type SymbolGuess } from './macro.ts';
import type { EsdItem, ObjectModule, RelocationItem, TextRecord } from './module.ts';

export interface AssembleOptions {
  /** Name shown in messages. */
  readonly file?: string;
  readonly library?: Library;
}

export interface SymbolInfo {
  readonly name: string;
  readonly value: Value;
  readonly length: number;
  readonly type: string;
  readonly stmt: number;
  readonly refs: number[];
}

export interface ListingLine {
  readonly stmt: number;
  readonly loc?: number;
  readonly bytes?: Uint8Array;
  readonly statement: Statement;
  /** Effective addresses of implicit storage operands (the listing's ADDR1 and ADDR2). */
  readonly addresses?: readonly number[];
}

export interface Assembly {
  readonly module: ObjectModule;
  readonly symbols: ReadonlyMap<string, SymbolInfo>;
  readonly lines: readonly ListingLine[];
  readonly diagnostics: Diagnostics;
  readonly returnCode: number;
  readonly statements: readonly Statement[];
  readonly title: string;
  readonly deckId: string;
}

export const ASSEMBLER_OPS = new Set([
  'START', 'CSECT', 'DSECT', 'END', 'USING', 'DROP', 'EQU', 'ORG', 'DS', 'DC', 'CNOP', 'LTORG', 'ENTRY', 'EXTRN', 'WXTRN',
  'COPY', 'PRINT', 'TITLE', 'EJECT', 'SPACE', 'PUNCH', 'REPRO', 'PUSH', 'POP', 'CCW', 'CCW0', 'AMODE', 'RMODE', 'ICTL', 'ISEQ',
]);

export function isKnownOp(op: string): boolean {
  return ASSEMBLER_OPS.has(op) || lookupMachineOp(op) !== undefined;
}

interface Section {
  readonly name: string;
  readonly dsect: boolean;
  /** Relocation id: the ESDID, or a negative number for a DSECT. */
  readonly id: number;
  readonly origin: number;
  loc: number;
  high: number;
}

interface Using {
  readonly reg: number;
  readonly base: Value;
}

interface Literal {
  readonly text: string;
  readonly operand: DcOperand;
  address?: number;
  sectionId?: number;
}

interface PassResult {
  readonly symbols: Map<string, SymbolInfo>;
  /** Control section names and their ESDIDs. */
  readonly sectionIds: Map<string, number>;
  readonly sizes: Map<string, number>;
  readonly literalAddresses: Map<string, { address: number; id: number }>;
}

const MAX_SIZING_PASSES = 6;

/** Assembles source text. Never throws on bad source: problems become diagnostics. */
export function assemble(source: string, options: AssembleOptions = {}): Assembly {
  const file = options.file ?? 'source';
  const diag = new Diagnostics();
  const macro = new MacroProcessor(options.library ?? NO_LIBRARY, diag, isKnownOp, guessAttributes);
  const statements = macro.process(source, file);
  let prev: PassResult | undefined;
  let settled = false;
  for (let k = 0; k < MAX_SIZING_PASSES && !settled; k++) {
    const r = new Pass(statements, prev, false, new Diagnostics()).run();
    settled = prev !== undefined && sameSymbols(prev.symbols, r.symbols) && sameSizes(prev.sizes, r.sizes);
    prev = r;
  }
  if (!settled) diag.add(8, `symbol values did not settle after ${MAX_SIZING_PASSES} passes (lengths depend on their own addresses)`, { file, line: 1 });
  const final = new Pass(statements, prev, true, diag);
  final.run();
  const order = (d: { loc: { file: string; line: number } }) => (d.loc.file === file ? 0 : 1e9) + d.loc.line;
  diag.list.sort((x, y) => order(x) - order(y));
  return {
    module: final.module(),
    symbols: final.symbols,
    lines: final.lines,
    diagnostics: diag,
    returnCode: diag.returnCode,
    statements,
    title: final.title,
    deckId: final.deckId,
  };
}

function sameSymbols(a: Map<string, SymbolInfo>, b: Map<string, SymbolInfo>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.value.v !== v.value.v || w.length !== v.length) return false;
  }
  return true;
}

function sameSizes(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** Type and length attributes of a label, for the macro processor's T' and L' before assembly. */
function guessAttributes(op: string, operands: string): SymbolGuess | undefined {
  const m = lookupMachineOp(op);
  if (m) return { type: 'I', length: machineOpLength(m) };
  if (op === 'DC' || op === 'DS') {
    try {
      const first = splitTopLevel(operands)[0] ?? '';
      const d = parseDcOperand(first, { absolute: (t) => Number(t) || 1, value: () => ABS(0), baseDisplacement: () => 0 }, true);
      return { type: d.type, length: d.length };
    } catch {
      return { type: 'U', length: 1 };
    }
  }
  if (op === 'EQU') return { type: 'U', length: 1 };
  if (op === 'CSECT' || op === 'START' || op === 'DSECT') return { type: 'J', length: 1 };
  if (op === 'CCW' || op === 'CCW0') return { type: 'W', length: 8 };
  return undefined;
}

class Pass implements AddressResolver {
  readonly symbols = new Map<string, SymbolInfo>();
  readonly lines: ListingLine[] = [];
  title = '';
  /** Name field of the first TITLE that has one: the object deck's ID (columns 73-80). */
  deckId = '';
  private readonly sections: Section[] = [];
  private current: Section | undefined;
  private readonly esd: EsdItem[] = [];
  private readonly esdByName = new Map<string, EsdItem>();
  private nextEsdid = 1;
  private nextDsect = -1;
  private usings: Using[] = [];
  private readonly usingStack: Using[][] = [];
  private pool: Literal[] = [];
  private poolNumber = 0;
  private readonly literalAddresses = new Map<string, { address: number; id: number }>();
  private readonly text = new Map<number, SectionText>();
  private readonly rld: RelocationItem[] = [];
  private readonly entries: { name: string; stmt: Statement }[] = [];
  private readonly punches: Uint8Array[] = [];
  private entry: Value | undefined;
  private ended = false;
  private stmtNo = 0;
  private stmtLength = 1;
  private reproNext = false;

  constructor(
    private readonly statements: readonly Statement[],
    private readonly prev: PassResult | undefined,
    private readonly final: boolean,
    private readonly diag: Diagnostics,
  ) {}

  run(): PassResult {
    for (const st of this.statements) {
      this.stmtNo++;
      if (this.reproNext) {
        this.reproNext = false;
        this.punches.push(card(st.text));
        this.list(st);
        continue;
      }
      if (st.comment || this.ended) {
        this.list(st);
        continue;
      }
      const before = this.current?.loc;
      this.currentStatement = st;
      try {
        this.statement(st);
      } catch (e) {
        this.report(e instanceof AsmError ? e : new AsmError(`internal error: ${e instanceof Error ? e.message : String(e)}`, 16), st);
        if (!this.listed) this.list(st, before);
      }
      this.listed = false;
    }
    if (!this.ended) {
      if (this.statements.length > 0) this.report(new AsmError('END statement missing', 4), this.statements[this.statements.length - 1]!);
      this.finish();
    }
    const sizes = new Map<string, number>();
    for (const s of this.sections) sizes.set(s.name + '/' + s.id, s.high - s.origin);
    const sectionIds = new Map(this.sections.filter((x) => !x.dsect && x.name).map((x) => [x.name, x.id] as const));
    return { symbols: this.symbols, sectionIds, sizes, literalAddresses: this.literalAddresses };
  }

  private listed = false;
  private currentStatement: Statement | undefined;

  private print = { on: true, gen: true };
  private readonly printStack: { on: boolean; gen: boolean }[] = [];

  private addressLog: number[] | undefined;

  private list(st: Statement, loc?: number, bytes?: Uint8Array, addresses?: number[]): void {
    this.listed = true;
    if (!this.final || !this.print.on || (!this.print.gen && st.level > 0)) return;
    this.lines.push({ stmt: this.stmtNo, loc, bytes, statement: st, addresses });
  }

  private printStatement(operands: string): void {
    for (const o of splitTopLevel(operands).map((t) => t.trim().toUpperCase())) {
      if (o === 'ON' || o === 'OFF') this.print = { ...this.print, on: o === 'ON' };
      else if (o === 'GEN' || o === 'NOGEN') this.print = { ...this.print, gen: o === 'GEN' };
      else if (!['DATA', 'NODATA', 'MCALL', 'NOMCALL', 'MSOURCE', 'NOMSOURCE', 'UHEAD', 'NOUHEAD', 'NOPRINT'].includes(o)) {
        throw new AsmError(`unknown PRINT operand ${o}`, 4);
      }
    }
  }

  private report(e: AsmError, st: Statement): void {
    const column = e.column !== undefined && st.level === 0 ? st.operandOffset + e.column : undefined;
    this.diag.add(e.severity, e.message, st.loc, column);
  }

  // --- sections and the location counter ---

  private section(): Section {
    if (!this.current) this.current = this.newSection('', false);
    return this.current;
  }

  private newSection(name: string, dsect: boolean, start?: number): Section {
    let origin = 0;
    if (!dsect) {
      if (start !== undefined) origin = start;
      else {
        const controlSections = this.sections.filter((s) => !s.dsect);
        const last = controlSections[controlSections.length - 1];
        if (last) {
          const size = this.prev?.sizes.get(last.name + '/' + last.id) ?? last.high - last.origin;
          origin = align(last.origin + size, 8);
        }
      }
    }
    const id = dsect ? this.nextDsect-- : this.nextEsdid++;
    const s: Section = { name, dsect, id, origin, loc: origin, high: origin };
    this.sections.push(s);
    if (!dsect) {
      const item: EsdItem = { type: name === '' ? 'PC' : 'SD', name, id, address: origin, length: 0, owner: 0 };
      this.esd.push(item);
      if (name) this.esdByName.set(name, item);
    }
    return s;
  }

  private here(): Value {
    const s = this.section();
    return { v: s.loc, rel: new Map([[s.id, 1]]) };
  }

  private advance(n: number): void {
    const s = this.section();
    s.loc += n;
    if (s.loc > s.high) s.high = s.loc;
  }

  /** Aligns the location counter; with `zeroFill` the skipped bytes become text (DC and instructions). */
  private alignTo(boundary: number, zeroFill = false): void {
    const s = this.section();
    const target = align(s.loc, boundary);
    if (target !== s.loc && zeroFill) this.emitBytes(new Uint8Array(target - s.loc));
    else this.advance(target - s.loc);
  }

  /** Writes bytes at the location counter and advances it. */
  private emitBytes(bytes: Uint8Array): void {
    const s = this.section();
    if (this.final && !s.dsect) {
      let t = this.text.get(s.id);
      if (!t) this.text.set(s.id, (t = new SectionText(s.origin)));
      t.write(s.loc, bytes);
    }
    this.advance(bytes.length);
  }

  // --- symbols and expressions ---

  private define(name: string, value: Value, length: number, type: string): void {
    const n = name.toUpperCase();
    if (!/^[A-Z$#@_][A-Z0-9$#@_]*$/.test(n) || n.length > 63) throw new AsmError(`invalid symbol '${name}'`, 8);
    if (this.symbols.has(n)) throw new AsmError(`symbol ${n} is already defined (statement ${this.symbols.get(n)!.stmt})`, 8);
    this.symbols.set(n, { name: n, value, length, type, stmt: this.stmtNo, refs: this.prev?.symbols.get(n)?.refs ?? [] });
  }

  private labelHere(st: Statement, length: number, type: string): void {
    if (st.label && !st.label.startsWith('.')) this.define(st.label, this.here(), length, type);
  }

  private ctx(): ExprContext {
    return {
      final: this.final,
      symbol: (name) => {
        const own = this.symbols.get(name);
        const found = own ?? this.prev?.symbols.get(name);
        if (found && this.final) {
          const refs = (own ?? found).refs;
          if (refs[refs.length - 1] !== this.stmtNo) refs.push(this.stmtNo);
        }
        return found;
      },
      locationCounter: () => ({ value: this.here(), length: this.stmtLength }),
      literal: (text) => this.literal(text),
      literalEnd: (s, i) => dcOperandEnd(s, i),
    };
  }

  private expr(text: string): { value: Value; length: number; undefinedSymbol: boolean } {
    const r = parseExpression(text, 0, this.ctx());
    if (r.end !== text.length) throw new AsmError(`unexpected '${text.slice(r.end)}' in expression`, 8, r.end + 1);
    return r;
  }

  private absolute(text: string, what = 'value'): number {
    const r = this.expr(text);
    if (!isAbsolute(r.value)) throw new AsmError(`${what} must be absolute`);
    return r.value.v;
  }

  private dcEvaluator(): DcEvaluator {
    return {
      absolute: (t) => this.absolute(t),
      value: (t) => this.expr(t).value,
      baseDisplacement: (t) => {
        const r = parseExpression(t, 0, this.ctx());
        if (r.end === t.length) {
          const a = this.resolve(r.value);
          return (a.base << 12) | a.disp;
        }
        const m = /^\((.+)\)$/.exec(t.slice(r.end));
        if (!m) throw new AsmError(`invalid S-constant operand '${t}'`);
        const base = this.absolute(m[1]!, 'base register');
        if (!isAbsolute(r.value) || r.value.v < 0 || r.value.v > 4095 || base < 0 || base > 15) throw new AsmError(`invalid S-constant operand '${t}'`);
        return (base << 12) | r.value.v;
      },
    };
  }

  // --- literals ---

  private literal(text: string): SymbolAttrs {
    const key = `${this.poolNumber}:${text.toUpperCase()}`;
    let lit = this.pool.find((l) => l.text === text);
    if (!lit) {
      const operand = parseDcOperand(text.slice(1), this.dcEvaluator(), false);
      if (operand.dup === 0) throw new AsmError('literal with duplication factor 0');
      lit = { text, operand };
      this.pool.push(lit);
    }
    const at = this.literalAddresses.get(key) ?? this.prev?.literalAddresses.get(key);
    const value: Value = at ? { v: at.address, rel: new Map([[at.id, 1]]) } : this.here();
    return { value, length: lit.operand.length };
  }

  /** Places the pending literal pool at the location counter (HLASM orders by alignment: 8, 4, 2, 1). */
  private placePool(): void {
    const pool = this.pool;
    this.pool = [];
    const number = this.poolNumber++;
    const key = (l: Literal) => `${number}:${l.text.toUpperCase()}`;
    if (pool.length === 0) return;
    this.alignTo(8, !this.section().dsect);
    const size = (l: Literal) => operandSize(l.operand);
    const order = [8, 4, 2, 1].flatMap((b) => pool.filter((l) => (b === 1 ? size(l) % 2 !== 0 : size(l) % b === 0 && [8, 4, 2].find((x) => size(l) % x === 0) === b)));
    const s = this.section();
    for (const l of order) {
      const at = s.loc;
      this.literalAddresses.set(key(l), { address: at, id: s.id });
      const bytes = this.generateConstant(l.operand, l.text);
      if (this.final && this.currentStatement) {
        const st = this.currentStatement;
        this.lines.push({ stmt: this.stmtNo, loc: at, bytes, statement: { ...st, label: '', op: '', operands: '', remarks: '', text: `         ${l.text}`, comment: true } });
      }
    }
  }

  // --- USING ---

  resolve(value: Value): { base: number; disp: number } {
    if (value.rel.size > 1 || [...value.rel.values()].some((n) => n !== 1)) {
      throw new AsmError('complex relocatable expression cannot be an address');
    }
    let best: { base: number; disp: number } | undefined;
    const consider = (reg: number, base: Value) => {
      if (!sameRelocation(base, value)) return;
      const d = value.v - base.v;
      if (d < 0 || d > 4095) return;
      if (!best || d < best.disp || (d === best.disp && reg > best.base)) best = { base: reg, disp: d };
    };
    for (const u of this.usings) consider(u.reg, u.base);
    if (isAbsolute(value)) consider(0, ABS(0));
    if (best) this.addressLog?.push(value.v);
    if (!best) {
      if (!this.final) return { base: 0, disp: 0 };
      throw new AsmError(`no active USING covers address ${isAbsolute(value) ? '' : 'of relocatable '}X'${(value.v >>> 0).toString(16).toUpperCase()}'`, 8);
    }
    return best;
  }

  // --- statements ---

  private statement(st: Statement): void {
    const op = st.op;
    this.stmtLength = 1;
    const machine = lookupMachineOp(op);
    if (machine) {
      this.alignTo(2, true);
      const loc = this.section().loc;
      const length = machineOpLength(machine);
      this.stmtLength = length;
      this.labelHere(st, length, 'I');
      let bytes: Uint8Array;
      if (this.final) {
        try {
          this.addressLog = [];
          bytes = encodeInstruction(machine, st.operands, this.ctx(), this);
        } catch (e) {
          // Keep the location counter in step with the sizing passes.
          bytes = new Uint8Array(length);
          this.emitBytes(bytes);
          this.list(st, loc, bytes);
          throw e;
        }
      } else {
        this.scanLiterals(st.operands);
        bytes = new Uint8Array(length);
      }
      this.emitBytes(bytes);
      const addresses = this.addressLog;
      this.addressLog = undefined;
      this.list(st, loc, bytes, addresses);
      return;
    }
    switch (op) {
      case 'DC':
      case 'DS':
        return this.dcds(st, op === 'DS');
      case 'CCW':
      case 'CCW0':
        return this.ccw(st);
      case 'EQU':
        return this.equ(st);
      case 'START':
      case 'CSECT':
      case 'DSECT':
        return this.sectionStatement(st);
      case 'USING':
        return this.using(st);
      case 'DROP':
        return this.drop(st);
      case 'ORG':
        return this.org(st);
      case 'CNOP': {
        const [b, w] = splitTopLevel(st.operands).map((t) => this.absolute(t));
        if (w === undefined || b === undefined || ![4, 8].includes(w) || b % 2 !== 0 || b >= w) throw new AsmError('CNOP needs byte,word with word 4 or 8 and an even byte below it');
        this.alignTo(2);
        const loc0 = this.section().loc;
        this.labelHere(st, 1, 'I');
        const bytes: number[] = [];
        while ((this.section().loc + bytes.length) % w !== b) bytes.push(0x07, 0x00);
        this.emitBytes(new Uint8Array(bytes));
        this.list(st, loc0, new Uint8Array(bytes));
        return;
      }
      case 'LTORG': {
        this.labelHereAligned(st);
        this.list(st, this.section().loc);
        this.placePool();
        return;
      }
      case 'END':
        return this.end(st);
      case 'ENTRY':
        for (const name of splitTopLevel(st.operands)) this.entries.push({ name: name.trim().toUpperCase(), stmt: st });
        this.list(st);
        return;
      case 'EXTRN':
      case 'WXTRN':
        for (const raw of splitTopLevel(st.operands)) {
          const name = raw.trim().toUpperCase();
          if (!/^[A-Z$#@_][A-Z0-9$#@_]{0,7}$/.test(name)) throw new AsmError(`invalid external symbol '${raw}' (at most 8 characters)`);
          const er = this.external(name, op === 'WXTRN' ? 'WX' : 'ER');
          if (!this.symbols.has(name)) this.symbols.set(name, { name, value: { v: 0, rel: new Map([[er.id, 1]]) }, length: 1, type: 'T', stmt: this.stmtNo, refs: [] });
        }
        this.list(st);
        return;
      case 'TITLE':
        if (!this.title) this.title = unquote(st.operands);
        if (!this.deckId && st.label) this.deckId = st.label.toUpperCase().slice(0, 8);
        this.list(st);
        return;
      case 'PUNCH':
        this.punches.push(card(unquote(st.operands)));
        this.list(st);
        return;
      case 'REPRO':
        this.reproNext = true;
        this.list(st);
        return;
      case 'PUSH':
      case 'POP':
        for (const what of splitTopLevel(st.operands).map((t) => t.trim().toUpperCase())) {
          if (what === 'USING') {
            if (op === 'PUSH') this.usingStack.push([...this.usings]);
            else {
              const u = this.usingStack.pop();
              if (!u) throw new AsmError('POP USING without PUSH USING', 4);
              this.usings = u;
            }
          } else if (what === 'PRINT') {
            if (op === 'PUSH') this.printStack.push(this.print);
            else {
              const p = this.printStack.pop();
              if (!p) throw new AsmError('POP PRINT without PUSH PRINT', 4);
              this.print = p;
            }
          } else if (what !== 'ACONTROL') throw new AsmError(`${op} ${what} not supported`, 4);
        }
        this.list(st);
        return;
      case 'PRINT':
        this.list(st);
        this.printStatement(st.operands);
        return;
      case 'EJECT':
      case 'SPACE':
      case 'AMODE':
      case 'RMODE':
      case 'ICTL':
      case 'ISEQ':
        this.list(st);
        return;
      case 'COPY':
        this.list(st);
        return;
      case 'MNOTE':
        this.list(st);
        return;
    }
    throw new AsmError(`undefined operation code '${op}'`, 8);
  }

  private labelHereAligned(st: Statement): void {
    if (this.pool.length > 0) this.alignTo(8);
    this.labelHere(st, 1, 'U');
  }

  /** In sizing passes, registers literals so that pools have the right size. */
  private scanLiterals(operands: string): void {
    for (let i = operands.indexOf('='); i >= 0; i = operands.indexOf('=', i + 1)) {
      const prev = operands[i - 1];
      if (prev !== undefined && prev !== ',' && prev !== '(') continue;
      try {
        const end = dcOperandEnd(operands, i);
        this.literal(operands.slice(i, end));
        i = end - 1;
      } catch {
        /* reported in the final pass */
      }
    }
  }

  private dcds(st: Statement, isDs: boolean): void {
    const texts = splitTopLevel(st.operands);
    if (st.operands === '') throw new AsmError(`${st.op} needs an operand`);
    let first = true;
    let loc0: number | undefined;
    const out: number[] = [];
    for (const t of texts) {
      const d = parseDcOperand(t, this.dcEvaluator(), isDs);
      this.alignTo(alignmentOf(d), !isDs);
      if (first) {
        loc0 = this.section().loc;
        this.labelHere(st, d.length, d.type);
        first = false;
      }
      if (isDs) this.advance(operandSize(d));
      else out.push(...this.generateConstant(d, t));
    }
    this.list(st, loc0, isDs ? undefined : new Uint8Array(out));
  }

  /** Generates a DC operand (or literal) at the location counter, with its relocation items. */
  private generateConstant(d: DcOperand, text: string): Uint8Array {
    if (!this.final) {
      // V-constants make ER items in every pass, so that ESDIDs are the same in all passes.
      if (d.type === 'V') for (const v of d.values) this.vconTarget(v.trim().toUpperCase());
      this.advance(operandSize(d));
      return new Uint8Array(0);
    }
    const { bytes, fields } = encodeDcOperand(d, this.dcEvaluator());
    const s = this.section();
    for (const f of fields) {
      this.relocate(s, s.loc + f.offset, f, text);
      if (f.external) {
        // A V-constant naming a control section of this assembly holds the section's
        // assembled address, like an A-constant, so that relocation by the section works.
        const section = this.sectionAddress(f.external);
        if (section !== undefined) for (let k = 0; k < f.length; k++) bytes[f.offset + k] = (section >>> (8 * (f.length - 1 - k))) & 0xff;
      }
    }
    this.emitBytes(bytes);
    return bytes;
  }

  private relocate(s: Section, address: number, f: AddressField, text: string): void {
    if (s.dsect) return;
    if (f.external) {
      this.rld.push({ r: this.vconTarget(f.external), p: s.id, address, length: f.length, vcon: true, negative: false });
      return;
    }
    for (const [id, n] of f.value.rel) {
      if (id < 0) throw new AsmError(`DSECT symbol in address constant '${text}' is not relocatable`, 8);
      for (let k = 0; k < Math.abs(n); k++) this.rld.push({ r: id, p: s.id, address, length: f.length, vcon: false, negative: n < 0 });
    }
  }

  /** Assembled address of a control section of this assembly, undefined for other names. */
  private sectionAddress(name: string): number | undefined {
    const known = this.esdByName.get(name);
    if (known && (known.type === 'SD' || known.type === 'PC')) return known.address;
    if (known) return undefined;
    if (this.prev?.sectionIds.has(name)) return this.prev.symbols.get(name)?.value.v;
    return undefined;
  }

  /** ESDID a V-constant refers to: a section or external symbol already known, else a new ER. */
  private vconTarget(name: string): number {
    const known = this.esdByName.get(name);
    if (known && known.type !== 'LD' && known.type !== 'PC') return known.id;
    // A control section of this assembly defined further on: no ER item (its ESDID is
    // the one the previous pass gave it, and every later pass decides the same way).
    const later = this.prev?.sectionIds.get(name);
    if (later !== undefined) return later;
    return this.external(name, 'ER').id;
  }

  private external(name: string, type: 'ER' | 'WX'): EsdItem {
    const existing = this.esdByName.get(name);
    if (existing) return existing;
    const item: EsdItem = { type, name, id: this.nextEsdid++, address: 0, length: 0, owner: 0 };
    this.esd.push(item);
    this.esdByName.set(name, item);
    return item;
  }

  private ccw(st: Statement): void {
    const ops = splitTopLevel(st.operands);
    if (ops.length !== 4) throw new AsmError('CCW needs command,address,flags,count');
    this.alignTo(8, true);
    const loc0 = this.section().loc;
    this.stmtLength = 8;
    this.labelHere(st, 8, 'W');
    if (!this.final) {
      this.advance(8);
      this.list(st, loc0);
      return;
    }
    const cmd = this.absolute(ops[0]!, 'command code');
    const addr = this.expr(ops[1]!).value;
    const flags = this.absolute(ops[2]!, 'flags');
    const count = this.absolute(ops[3]!, 'count');
    const b = new Uint8Array([cmd & 0xff, (addr.v >>> 16) & 0xff, (addr.v >>> 8) & 0xff, addr.v & 0xff, flags & 0xff, 0, (count >>> 8) & 0xff, count & 0xff]);
    if (addr.rel.size > 0) this.relocate(this.section(), loc0 + 1, { offset: 1, length: 3, value: addr }, st.operands);
    this.emitBytes(b);
    this.list(st, loc0, b);
  }

  private equ(st: Statement): void {
    if (!st.label) throw new AsmError('EQU needs a name');
    const ops = splitTopLevel(st.operands);
    const r = this.expr(ops[0] ?? '');
    const length = ops[1] ? this.absolute(ops[1], 'length') : r.length;
    const type = ops[2] ? String.fromCharCode(toEbcdicChar(this.absolute(ops[2], 'type'))) : 'U';
    this.define(st.label, r.value, length, type);
    this.list(st, r.value.v);
  }

  private sectionStatement(st: Statement): void {
    const name = st.label.toUpperCase();
    if (st.op === 'START') {
      if (this.sections.some((s) => !s.dsect)) throw new AsmError('START must come before any other control section');
      const start = st.operands ? this.absolute(st.operands, 'START value') : 0;
      this.current = this.newSection(name, false, align(start, 8));
      if (name) this.define(name, this.here(), 1, 'J');
      this.list(st, this.current.loc);
      return;
    }
    const dsect = st.op === 'DSECT';
    if (dsect && !name) throw new AsmError('DSECT needs a name');
    const existing = this.sections.find((s) => s.name === name && s.dsect === dsect);
    if (existing) this.current = existing;
    else {
      if (name && this.symbols.has(name)) throw new AsmError(`symbol ${name} is already defined`);
      this.current = this.newSection(name, dsect);
      if (name) this.define(name, this.here(), 1, 'J');
    }
    this.list(st, this.current.loc);
  }

  private using(st: Statement): void {
    const ops = splitTopLevel(st.operands);
    if (ops.length < 2) throw new AsmError('USING needs a base address and at least one register');
    if (ops[0]!.startsWith('(')) throw new AsmError('USING with a range (base,end) is not supported');
    const base = this.expr(ops[0]!).value;
    if (base.rel.size > 1 || [...base.rel.values()].some((n) => n !== 1)) throw new AsmError('USING base must be absolute or simply relocatable');
    ops.slice(1).forEach((t, k) => {
      const reg = this.absolute(t, 'register');
      if (reg < 0 || reg > 15) throw new AsmError(`register ${reg} out of range 0-15`);
      this.usings = this.usings.filter((u) => u.reg !== reg);
      this.usings.push({ reg, base: { v: base.v + 4096 * k, rel: base.rel } });
    });
    this.list(st);
  }

  private drop(st: Statement): void {
    if (st.operands === '') this.usings = [];
    else {
      for (const t of splitTopLevel(st.operands)) {
        const reg = this.absolute(t, 'register');
        if (!this.usings.some((u) => u.reg === reg)) this.report(new AsmError(`register ${reg} is not in use`, 4), st);
        this.usings = this.usings.filter((u) => u.reg !== reg);
      }
    }
    this.list(st);
  }

  private org(st: Statement): void {
    const s = this.section();
    if (st.operands === '') s.loc = s.high;
    else {
      const ops = splitTopLevel(st.operands);
      const r = this.expr(ops[0]!);
      if (r.undefinedSymbol) throw new AsmError('ORG operand must be defined before', 8);
      if (r.value.rel.size !== 1 || r.value.rel.get(s.id) !== 1) throw new AsmError('ORG operand must be relocatable in the current section', 8);
      if (r.value.v < s.origin) throw new AsmError('ORG below the start of the section', 8);
      let v = r.value.v;
      if (ops[1]) v = align(v, this.absolute(ops[1], 'boundary'));
      s.loc = v;
      if (s.loc > s.high) s.high = s.loc;
    }
    this.labelHere(st, 1, 'U');
    this.list(st, s.loc);
  }

  private end(st: Statement): void {
    if (st.operands) {
      const v = this.expr(st.operands).value;
      this.entry = v;
    }
    this.list(st);
    this.finish();
  }

  private finish(): void {
    this.ended = true;
    if (this.pool.length > 0) {
      const first = this.sections.find((s) => !s.dsect) ?? this.section();
      const keep = this.current;
      this.current = first;
      first.loc = first.high;
      this.placePool();
      this.current = keep;
    }
    for (const { name, stmt } of this.entries) {
      const sym = this.symbols.get(name);
      try {
        if (!sym) throw new AsmError(`ENTRY symbol ${name} is not defined`);
        if (sym.value.rel.size !== 1 || [...sym.value.rel.keys()][0]! < 0) throw new AsmError(`ENTRY symbol ${name} must be relocatable in a control section`);
        if (name.length > 8) throw new AsmError(`ENTRY symbol ${name} longer than 8 characters`);
        const owner = [...sym.value.rel.keys()][0]!;
        const item: EsdItem = { type: 'LD', name, id: 0, address: sym.value.v, length: 0, owner };
        this.esd.push(item);
      } catch (e) {
        if (e instanceof AsmError) this.report(e, stmt);
        else throw e;
      }
    }
  }

  module(): ObjectModule {
    const esd = this.esd.map((e) => {
      if (e.type !== 'SD' && e.type !== 'PC') return e;
      const s = this.sections.find((x) => x.id === e.id)!;
      return { ...e, length: s.high - s.origin };
    });
    const text: TextRecord[] = [];
    for (const [id, t] of this.text) for (const run of t.runs()) text.push({ id, ...run });
    let entry: ObjectModule['entry'];
    if (this.entry) {
      const ids = [...this.entry.rel.keys()];
      if (ids.length === 1 && ids[0]! > 0) {
        const item = this.esd.find((e) => e.id === ids[0]);
        entry = item && (item.type === 'ER' || item.type === 'WX') ? { name: item.name } : { id: ids[0]!, address: this.entry.v };
      }
    }
    return { esd, text, rld: this.rld, entry, punches: this.punches };
  }
}

function sameRelocation(a: Value, b: Value): boolean {
  if (a.rel.size !== b.rel.size) return false;
  for (const [k, v] of a.rel) if (b.rel.get(k) !== v) return false;
  return true;
}

function align(v: number, boundary: number): number {
  return boundary <= 1 ? v : Math.ceil(v / boundary) * boundary;
}

function unquote(t: string): string {
  const s = t.trim();
  return s.startsWith("'") && s.endsWith("'") && s.length >= 2 ? s.slice(1, -1).replace(/''/g, "'").replace(/&&/g, '&') : s;
}

function card(text: string): Uint8Array {
  const c = new Uint8Array(80).fill(0x40);
  c.set(toEbcdic(text.slice(0, 80)));
  return c;
}

const EBCDIC_TO_ASCII_LETTERS = (() => {
  const m = new Map<number, number>();
  const s = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$#@';
  const e = toEbcdic(s);
  for (let k = 0; k < s.length; k++) m.set(e[k]!, s.charCodeAt(k));
  return m;
})();

function toEbcdicChar(v: number): number {
  return EBCDIC_TO_ASCII_LETTERS.get(v & 0xff) ?? 0x55;
}

export type { SourceLoc };
