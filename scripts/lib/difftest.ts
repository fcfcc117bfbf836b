// A differential-test framework: random single-instruction cases run on `vm370 run`'s
// engine and on Hercules 3.13 in one batch image each, compared record by record.
// Instruction families plug in as templates (see ../difftest-general.ts).
//
// Each case is a 512-byte record at RECORDS + i * REC_LEN:
//   +000  code: LM 0,15,X'40'(13); the instruction (padded to 6 bytes with NOPR);
//         B NOTAKEN. The instruction runs in place (not under EX), so branches, ILCs and
//         interruptions are its own.
//   +010  CC and program mask as SPM takes them (bits 2-7)
//   +040  GPRs 0-15 before (GPR 13 is the record's address)
//   +080  GPRs 0-15 after
//   +0C0  BALR word after (ILC, CC, program mask, address); +0C4 how it ended (0 fell
//         through, 1 branched to TAKEN, 2 program interruption, 3 SVC interruption);
//         +0C8 the program or SVC old PSW
//   +100  256 bytes of operand data, compared after
// A driver below X'1000' runs the records in turn. With a PSW key K (--key) every
// storage key is K except two blocks (PROT_FETCH, PROT_STORE) that protection tests aim at. A branch taken by the instruction
// lands at TAKEN (a fixed address templates aim at), an interruption at its handler.

import { coreImage, put32, words } from '../../cpu370/test/support/images.ts';
import { herculesSkipReason, runOnHercules } from '../../cpu370/index.ts';
import { runVm370 } from '../../cpu370/test/support/vm370.ts';
import { disassemble } from '../../cpu370/index.ts';

export const REC_LEN = 0x200;
export const RECORDS = 0x10000;
export const DATA = 0x100;
const CCPM = 0x10;
const GIN = 0x40;
const GOUT = 0x80;
const XOUT = 0xc0;
const DRIVER = 0x400;
const CELL = 0x3f0; // current record, count, final PSW
const SIZE_CELL = 0x3e8; // storage size (for the key-setting loop)
const PROT_CELL = 0x3e0; // addresses of the two protected blocks

/** With --key K: a 2K block with key K+1 and fetch protection (no access) ... */
export const PROT_FETCH = 0xf000;
/** ... and one with key K+1 without fetch protection (fetch only). Templates aim at them now and then. */
export const PROT_STORE = 0xf800;

/** Where a taken branch must go (absolute, addressable with base 0). */
export const TAKEN = 0x600;
export const STORAGE = 2 * 1024 * 1024;

// ------------------------------------------------------------------ random numbers

export type Rng = () => number;

/** mulberry32: small, fast, seedable. */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Helpers a template uses to make one case. */
export class Gen {
  constructor(
    readonly rng: Rng,
    /** Address of this case's record: its data area is at `rec + DATA`, and GPR 13 holds `rec`. */
    readonly rec: number,
  ) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rng() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.rng() < p;
  }
  /** A 32-bit value biased to the edges (0, ±1, limits, sign bits, small numbers). */
  value(): number {
    const k = this.rng();
    if (k < 0.25) return this.pick([0, 1, -1, 2, 0x7fffffff, -0x80000000, 0x7ffffffe, -0x7fffffff, 0x80000001, 0xffff, 0x8000, 0x40000000]) | 0;
    if (k < 0.45) return this.int(-300, 300);
    return (this.int(0, 0xffff) << 16) | this.int(0, 0xffff);
  }
  /** A register number other than 13 (the record base) unless `any`. */
  reg(any = false): number {
    for (;;) {
      const r = this.int(0, 15);
      if (any || r !== 13) return r;
    }
  }
  evenReg(): number {
    return this.pick([0, 2, 4, 6, 8, 10, 12, 14]);
  }
}

/** One generated case. */
export interface Case {
  mnemonic: string;
  /** Address of the case's record (GPR 13 holds it when the instruction starts). */
  rec: number;
  /** The instruction, 2, 4 or 6 bytes. */
  instr: number[];
  /** Initial GPRs (GPR 13 is forced to the record address). */
  gpr: number[];
  cc: number;
  progMask: number;
  /** Initial operand data (256 bytes). */
  data: number[];
}

export interface Template {
  mnemonic: string;
  make(g: Gen, c: Case): void;
}

function newCase(g: Gen, mnemonic: string): Case {
  const gpr: number[] = [];
  for (let r = 0; r < 16; r++) gpr.push(g.value());
  const data: number[] = [];
  for (let i = 0; i < 256; i++) data.push(g.chance(0.3) ? g.pick([0, 0xff, 0x40, 0xf0, 0xc1]) : g.int(0, 255));
  return { mnemonic, rec: g.rec, instr: [], gpr, cc: g.int(0, 3), progMask: g.chance(0.5) ? g.int(0, 15) : 0, data };
}

// ------------------------------------------------------------------ the batch image

class Asm {
  readonly bytes: number[] = [];
  constructor(readonly origin: number) {}
  get here(): number {
    return this.origin + this.bytes.length;
  }
  emit(...b: number[]): this {
    this.bytes.push(...b.map((x) => x & 0xff));
    return this;
  }
  rx(op: number, r1: number, x: number, b: number, d: number): this {
    return this.emit(op, (r1 << 4) | x, (b << 4) | (d >>> 8), d);
  }
  ss(op: number, len: number, b1: number, d1: number, b2: number, d2: number): this {
    return this.emit(op, len - 1, (b1 << 4) | (d1 >>> 8), d1, (b2 << 4) | (d2 >>> 8), d2);
  }
}

const SCRATCH = 0x300; // GPRs after, then X'340' BALR word, X'344' flag, X'348' old PSW

/** PSW (BC mode, PSW key) that enters a record when the batch runs with a non-zero key. */
const ENTRY_PSW = 0x18;

/** How the cases run: PSW and storage key, and BC or EC mode. */
export interface RunMode {
  key: number;
  ec: boolean;
}

function driver({ key, ec }: RunMode): { code: Uint8Array; notTaken: number; pgm: number; svc: number } {
  const a = new Asm(DRIVER);
  if (key !== 0) {
    // Every 2K block of storage gets storage key `key` (SSK), so that the cases, entered
    // with PSW key `key`, run through the checked (non-plain) paths without protection
    // exceptions.
    a.rx(0x41, 1, 0, 0, key << 4); // LA   1,key<<4
    a.emit(0x1b, 0x22); // SR   2,2
    a.rx(0x41, 4, 0, 0, 0x800); // LA   4,X'800'
    a.rx(0x58, 3, 0, 0, SIZE_CELL); // L    3,storage size
    const ssk = a.here;
    a.emit(0x08, 0x12); // SSK  1,2
    a.emit(0x1a, 0x24); // AR   2,4
    a.emit(0x19, 0x23); // CR   2,3
    a.rx(0x47, 4, 0, 0, ssk); // BL   SSK
    const other = ((key + 1) & 15) << 4;
    a.rx(0x41, 1, 0, 0, other | 8); // LA   1,key+1 with fetch protection
    a.rx(0x58, 2, 0, 0, PROT_CELL); // L    2,PROT_FETCH
    a.emit(0x08, 0x12); // SSK  1,2
    a.rx(0x41, 1, 0, 0, other); // LA   1,key+1
    a.rx(0x58, 2, 0, 0, PROT_CELL + 4); // L    2,PROT_STORE
    a.emit(0x08, 0x12); // SSK  1,2
  }
  const loop = a.here;
  a.rx(0x58, 13, 0, 0, CELL); // L    13,CELL
  a.ss(0xd7, 32, 0, SCRATCH + 0x40, 0, SCRATCH + 0x40); // XC  X'340'(32),X'340'
  if (key !== 0 || ec) {
    a.rx(0x82, 0, 0, 13, ENTRY_PSW); // LPSW ENTRY_PSW(13): key, CC, program mask, IA
  } else {
    a.rx(0x58, 9, 0, 13, CCPM); // L    9,CCPM(13)
    a.emit(0x04, 0x90); // SPM  9
    a.rx(0x47, 15, 0, 13, 0); // B    0(13)
  }
  const after: number[] = [];
  const ending = (flag: number, oldPsw?: number) => {
    const at = a.here;
    a.rx(0x90, 0, 15, 0, SCRATCH); // STM  0,15,X'300'
    if (oldPsw === undefined) {
      a.emit(0x05, 0xe0); // BALR 14,0
      a.rx(0x50, 14, 0, 0, SCRATCH + 0x40); // ST 14,X'340'
    } else {
      a.ss(0xd2, 8, 0, SCRATCH + 0x48, 0, oldPsw); // MVC X'348'(8),old PSW
      a.ss(0xd2, 8, 0, SCRATCH + 0x50, 0, 0x88); // MVC X'350'(8),X'88': EC-mode SVC and program ILC and codes
    }
    a.emit(0x92, flag, (SCRATCH + 0x44) >>> 8, (SCRATCH + 0x44) & 0xff); // MVI X'344',flag
    after.push(a.bytes.length + 2);
    a.rx(0x47, 15, 0, 0, 0); // B AFTER (patched)
    return at;
  };
  const notTaken = ending(0);
  const pad = TAKEN - a.here;
  if (pad < 0) throw new Error('driver too long');
  for (let i = 0; i < pad; i += 2) a.emit(0x07, 0x00);
  ending(1);
  const pgm = ending(2, 0x28);
  const svc = ending(3, 0x20);
  const afterAt = a.here;
  a.rx(0x58, 13, 0, 0, CELL); // L    13,CELL
  a.ss(0xd2, 64, 13, GOUT, 0, SCRATCH); // MVC GOUT(64,13),X'300'
  a.ss(0xd2, 24, 13, XOUT, 0, SCRATCH + 0x40); // MVC XOUT(24,13),X'340'
  a.rx(0x41, 13, 0, 13, REC_LEN); // LA 13,REC_LEN(13)
  a.rx(0x50, 13, 0, 0, CELL); // ST 13,CELL
  a.rx(0x58, 10, 0, 0, CELL + 4); // L 10,CELL+4
  a.emit(0x06, 0xa0); // BCTR 10,0
  a.rx(0x50, 10, 0, 0, CELL + 4); // ST 10,CELL+4
  a.emit(0x12, 0xaa); // LTR 10,10
  a.rx(0x47, 7, 0, 0, loop); // BNZ LOOP
  a.rx(0x82, 0, 0, 0, CELL + 8); // LPSW CELL+8
  const code = Uint8Array.from(a.bytes);
  for (const off of after) {
    code[off] = afterAt >>> 8;
    code[off + 1] = afterAt & 0xff;
  }
  return { code, notTaken, pgm, svc };
}

export const FINAL_PSW = '0002000000000ABC';

/** The code at the start of a record: LM, the instruction, B NOTAKEN. */
function recordCode(instr: readonly number[], notTaken: number): number[] {
  const c = [0x98, 0x0f, 0xd0, GIN];
  c.push(...instr);
  while (c.length < 10) c.push(0x07, 0x00);
  c.push(0x47, 0xf0, notTaken >>> 8, notTaken & 0xff);
  return c;
}

export function batchImage(cases: readonly Case[], mode: RunMode = { key: 0, ec: false }): Uint8Array {
  const { key, ec } = mode;
  const { code, notTaken, pgm, svc } = driver(mode);
  const records = new Uint8Array(cases.length * REC_LEN);
  cases.forEach((k, i) => {
    const r = new Uint8Array(REC_LEN);
    r.set(recordCode(k.instr, notTaken), 0);
    put32(r, CCPM, (k.cc << 28) | (k.progMask << 24));
    if (ec) {
      put32(r, ENTRY_PSW, (key << 20) | 0x00080000 | (k.cc << 12) | (k.progMask << 8));
      put32(r, ENTRY_PSW + 4, RECORDS + i * REC_LEN);
    } else {
      put32(r, ENTRY_PSW, key << 20);
      put32(r, ENTRY_PSW + 4, (k.cc << 28) | (k.progMask << 24) | (RECORDS + i * REC_LEN));
    }
    k.gpr.forEach((v, j) => put32(r, GIN + 4 * j, j === 13 ? RECORDS + i * REC_LEN : v));
    r.set(k.data, DATA);
    records.set(r, i * REC_LEN);
  });
  return coreImage({
    program: code,
    origin: DRIVER,
    psw: [0, DRIVER],
    data: [
      [0x60, words(0, svc)],
      [0x68, words(0, pgm)],
      [SIZE_CELL, words(STORAGE)],
      [PROT_CELL, words(PROT_FETCH, PROT_STORE)],
      [PROT_FETCH, Uint8Array.from({ length: 0x1000 }, (_, i) => (i * 37 + 11) & 0xff)],
      [CELL, words(RECORDS, cases.length, 0x00020000, 0x00000abc)],
      [RECORDS, records],
    ],
  });
}

// ------------------------------------------------------------------ running and comparing

export interface Difference {
  index: number;
  c: Case;
  fields: string[];
  hercules: Record<string, string>;
  vm370: Record<string, string>;
}

/** Says why a difference is a known Hercules deviation (returns the reason), or undefined. */
export type Explain = (d: Difference) => string | undefined;

const hx = (b: Uint8Array | number[], from: number, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += (b[from + i] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return s;
};

/** The readable parts of one result record. */
export function describeRecord(rec: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (let r = 0; r < 16; r++) out[`GR${r}`] = hx(rec, GOUT + 4 * r, 4);
  const how = rec[XOUT + 4]!;
  out.end = ['fell through', 'branched', 'program interruption', 'SVC interruption'][how] ?? `?${how}`;
  if (how <= 1) out.link = hx(rec, XOUT, 4);
  else {
    out.oldPsw = hx(rec, XOUT + 8, 8);
    out.ecCodes = hx(rec, XOUT + 16, 8); // X'88'-X'8F': SVC ILC and code, program ILC and code (EC mode)
  }
  for (let i = 0; i < 256; i += 32) out[`data+${i.toString(16).padStart(2, '0')}`] = hx(rec, DATA + i, 32);
  return out;
}

function fromHex(s: string): Uint8Array {
  const b = new Uint8Array(s.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return b;
}

/** Runs one batch on both machines and returns the cases whose results differ. */
export async function runBatch(cases: readonly Case[], runMode: RunMode = { key: 0, ec: false }): Promise<Difference[]> {
  const image = batchImage(cases, runMode);
  const range = `${RECORDS.toString(16)}.${(cases.length * REC_LEN).toString(16)}`;
  const mode = { kind: 'core', start: 'psw' } as const;
  const [herc, ours] = [
    await runOnHercules({ image, mode, dumps: [range], storageSize: STORAGE, timeLimitSec: 30 }),
    await runVm370({ image, mode, dumps: [range], storageSize: STORAGE, maxInstructions: 100_000_000 }),
  ];
  for (const [who, r] of [['hercules', herc], ['vm370', ours]] as const) {
    if (r.status !== 'wait' || r.waitPsw !== FINAL_PSW) throw new Error(`${who}: the batch did not complete (status ${r.status}, PSW ${r.waitPsw})`);
  }
  const h = fromHex(herc.mem[range]!);
  const v = fromHex(ours.mem[range]!);
  const diffs: Difference[] = [];
  cases.forEach((c, i) => {
    const a = describeRecord(h.subarray(i * REC_LEN, (i + 1) * REC_LEN));
    const b = describeRecord(v.subarray(i * REC_LEN, (i + 1) * REC_LEN));
    const fields = Object.keys(a).filter((k) => a[k] !== b[k]).map((k) => `${k}: hercules ${a[k]} vm370 ${b[k]}`);
    if (fields.length > 0) diffs.push({ index: i, c, fields, hercules: a, vm370: b });
  });
  return diffs;
}

export function generate(templates: readonly Template[], seed: number, count: number, first = 0): Case[] {
  const rng = makeRng(seed);
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    const t = templates[(first + i) % templates.length]!;
    const g = new Gen(rng, RECORDS + i * REC_LEN);
    const c = newCase(g, t.mnemonic);
    t.make(g, c);
    out.push(c);
  }
  return out;
}

export function caseText(c: Case): string {
  const d = disassemble(Uint8Array.from(c.instr));
  const regs = c.gpr.map((v, r) => `R${r}=${(v >>> 0).toString(16).toUpperCase()}`).join(' ');
  return `${d.mnemonic} ${d.operands} [${d.hex}] CC=${c.cc} PM=${c.progMask.toString(16)} ${regs}`;
}

export interface DifftestOptions {
  templates: readonly Template[];
  count: number;
  seed: number;
  batch: number;
  /** PSW and storage key the cases run with (0: the interpreter's plain fast paths). */
  key?: number;
  /** Run the cases in EC mode (the interruption codes then go to X'88'-X'8F'). */
  ec?: boolean;
  /** Print at most this many differences in full. */
  show: number;
  /** Classifies known Hercules deviations: they are counted apart and do not fail the run. */
  explain?: Explain;
}

/** Parses `--count N --seed N --batch N --only A,B --show N`. */
export function parseArgs(argv: readonly string[], defaults: { count: number }): { count: number; seed: number; batch: number; only: string[]; show: number; key: number; ec: boolean } {
  const o = { count: defaults.count, seed: Date.now() % 100000, batch: 400, only: [] as string[], show: 20, key: 0, ec: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[i + 1];
    const num = () => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} needs a non-negative integer`);
      i++;
      return n;
    };
    if (a === '--count') o.count = num();
    else if (a === '--seed') o.seed = num();
    else if (a === '--batch') o.batch = Math.max(1, num());
    else if (a === '--show') o.show = num();
    else if (a === '--key') o.key = num() & 15;
    else if (a === '--ec') o.ec = true;
    else if (a === '--only') {
      o.only = (v ?? '').toUpperCase().split(',').filter(Boolean);
      i++;
    } else throw new Error(`unknown option ${a} (use --count N --seed N --batch N --only A,B --show N --key K --ec)`);
  }
  return o;
}

/** Runs the whole differential test; returns the number of differing cases. */
export async function runDifftest(o: DifftestOptions): Promise<number> {
  if (herculesSkipReason) {
    process.stdout.write(`difftest: skipped: ${herculesSkipReason}\n`);
    return 0;
  }
  let total = 0;
  let shown = 0;
  const per = new Map<string, number>();
  const known = new Map<string, number>();
  for (let done = 0; done < o.count; done += o.batch) {
    const n = Math.min(o.batch, o.count - done);
    const cases = generate(o.templates, o.seed + done, n, done);
    const diffs = await runBatch(cases, { key: o.key ?? 0, ec: o.ec ?? false });
    for (const d of diffs) {
      const why = o.explain?.(d);
      if (why) {
        known.set(why, (known.get(why) ?? 0) + 1);
        continue;
      }
      total++;
      per.set(d.c.mnemonic, (per.get(d.c.mnemonic) ?? 0) + 1);
      if (shown++ < o.show) process.stdout.write(`#${done + d.index} ${caseText(d.c)}\n  ${d.fields.join('\n  ')}\n`);
    }
  }
  const summary = [...per].map(([m, k]) => `${m}:${k}`).join(' ');
  process.stdout.write(`difftest: ${o.count} cases (seed ${o.seed}, key ${o.key ?? 0}${o.ec ? ', EC mode' : ''}), ${total} differ${summary ? ` (${summary})` : ''}\n`);
  for (const [why, k] of known) process.stdout.write(`  known Hercules deviation, ${k} case(s): ${why}\n`);
  return total;
}
