// Differential test of the general (non-decimal, non-FP, non-privileged) instructions
// against Hercules 3.13: random operands for every instruction, run on `vm370 run`'s
// engine and on Hercules, every difference reported.
//
//   npm run difftest -- [--count N] [--seed N] [--batch N] [--only AR,MVCL,...] [--show N] [--key K] [--ec]
//
// --key K runs the cases with PSW key K and every storage key K, which takes the
// interpreter's checked paths instead of its key-0 fast paths; --ec runs them in EC mode.
//
// The framework (records, driver, batches, comparison) is ./lib/difftest.ts; this file
// only says how to make random cases for each instruction.

import { DATA, Gen, parseArgs, PROT_FETCH, PROT_STORE, runDifftest, TAKEN, type Case, type Difference, type Template } from './lib/difftest.ts';

const FULL = 4;
const HALF = 2;
const BYTE = 1;

/** D(X,B) for an RX operand of `len` bytes in the record's data area (sometimes outside storage). */
function rxOperand(g: Gen, c: Case, len: number, align = false): [x: number, b: number, d: number] {
  if (g.chance(0.06)) {
    const b = g.reg();
    // Outside the 2M storage (addressing), or in a block protected against the key (--key).
    c.gpr[b] = g.pick([0x200000, 0x3ffffc, 0xfffffe, PROT_FETCH + g.int(0, 0x7fc), PROT_STORE + g.int(0, 0x7fc), PROT_STORE - 2]) + g.int(0, 3);
    return [0, b, 0];
  }
  let off = g.int(0, 256 - len);
  if (align || g.chance(0.7)) off &= ~(len - 1);
  if (g.chance(0.3)) {
    const x = g.reg();
    const k = g.int(0, Math.min(off + DATA, 0xff));
    c.gpr[x] = k | (g.chance(0.3) ? g.int(1, 255) << 24 : 0); // bits 0-7 of an index are ignored
    return [x, 13, DATA + off - k];
  }
  return [0, 13, DATA + off];
}

const rr = (op: number, r1: number, r2: number) => [op, (r1 << 4) | r2];
const rx = (op: number, r1: number, [x, b, d]: [number, number, number]) => [op, (r1 << 4) | x, (b << 4) | (d >>> 8), d & 0xff];
const rs = (op: number, r1: number, r3: number, b: number, d: number) => [op, (r1 << 4) | r3, (b << 4) | (d >>> 8), d & 0xff];
const si = (op: number, i2: number, b: number, d: number) => [op, i2, (b << 4) | (d >>> 8), d & 0xff];
const ssi = (op: number, len: number, d1: number, d2: number) => [op, len - 1, 0xd0 | (d1 >>> 8), d1 & 0xff, 0xd0 | (d2 >>> 8), d2 & 0xff];

/** An even register of a pair that does not include R13 (unless odd on purpose, rarely). */
function pairReg(g: Gen): number {
  if (g.chance(0.04)) return g.pick([1, 3, 5, 7, 9, 11, 13, 15]);
  return g.pick([0, 2, 4, 6, 8, 10, 14]);
}

const t = (mnemonic: string, make: (g: Gen, c: Case) => void): Template => ({ mnemonic, make });

function rrTemplate(mnemonic: string, op: number, pair = false): Template {
  return t(mnemonic, (g, c) => {
    const r1 = pair ? pairReg(g) : g.reg(true);
    const r2 = g.reg(true);
    if (mnemonic === 'DR' && g.chance(0.7)) {
      c.gpr[r1] = g.pick([0, -1, 0, 1]);
      if (g.chance(0.2)) c.gpr[r1] = g.int(-3, 3);
    }
    c.instr = rr(op, r1, r2);
  });
}

function rxTemplate(mnemonic: string, op: number, len: number, pair = false): Template {
  return t(mnemonic, (g, c) => {
    const r1 = pair ? pairReg(g) : g.reg(true);
    if (mnemonic === 'D' && g.chance(0.7)) c.gpr[r1] = g.pick([0, -1, 0, 1]);
    c.instr = rx(op, r1, rxOperand(g, c, len));
  });
}

function shiftTemplate(mnemonic: string, op: number, pair: boolean): Template {
  return t(mnemonic, (g, c) => {
    const r1 = pair ? pairReg(g) : g.reg(true);
    let b = 0;
    let d = g.chance(0.5) ? g.int(0, 63) : g.pick([0, 1, 2, 30, 31, 32, 33, 62, 63]);
    if (g.chance(0.15)) {
      b = g.reg();
      d = g.int(0, 0xfff);
    }
    if (g.chance(0.3)) c.gpr[r1] = g.pick([1, -1, 0x40000000, -0x40000000, 0x3fffffff, -0x40000001, 0, 0x7fffffff, -0x80000000]);
    c.instr = rs(op, r1, 0, b, d);
  });
}

function branchTarget(g: Gen): [number, number, number] {
  return [0, 0, TAKEN];
}

function ssTemplate(mnemonic: string, op: number): Template {
  return t(mnemonic, (g, c) => {
    const len = g.chance(0.5) ? g.int(1, 16) : g.int(1, 256);
    const o1 = g.int(0, 256 - len);
    let o2 = g.int(0, 256 - len);
    if (g.chance(0.3)) o2 = Math.max(0, Math.min(256 - len, o1 + g.int(-3, 3))); // overlap
    if (mnemonic === 'CLC' && g.chance(0.5)) for (let i = 0; i < len; i++) c.data[o2 + i] = c.data[o1 + i]!;
    c.instr = ssi(op, len, DATA + o1, DATA + o2);
  });
}

function siTemplate(mnemonic: string, op: number): Template {
  return t(mnemonic, (g, c) => {
    const [x, b, d] = rxOperand(g, c, BYTE);
    if (x !== 0) c.gpr[x] = 0; // SI has no index
    const off = g.int(0, 255);
    c.instr = si(op, g.chance(0.3) ? g.pick([0, 0xff, 0x80, 0x01, 0xf0]) : g.int(0, 255), b, b === 13 ? DATA + off : d);
  });
}

function longTemplate(mnemonic: string, op: number): Template {
  return t(mnemonic, (g, c) => {
    const r1 = pairReg(g);
    const r2 = g.chance(0.1) ? r1 : pairReg(g);
    const operand = (r: number) => {
      if ((r & 1) !== 0) return;
      const len = g.chance(0.2) ? 0 : g.int(1, 256);
      const off = g.int(0, 256 - len);
      c.gpr[r] = (c.gpr[r]! & 0xff000000) | (c.rec + DATA + off);
      c.gpr[r + 1] = (g.int(0, 255) << 24) | len;
    };
    operand(r1);
    operand(r2);
    if (mnemonic === 'CLCL' && g.chance(0.5) && (r1 & 1) === 0 && (r2 & 1) === 0) {
      // make the operands mostly equal so that the comparison runs on
      const a = (c.gpr[r1]! & 0xffffff) - c.rec - DATA;
      const b = (c.gpr[r2]! & 0xffffff) - c.rec - DATA;
      const n = Math.min(c.gpr[r1 + 1]! & 0xffffff, c.gpr[r2 + 1]! & 0xffffff);
      for (let i = 0; i < n && a + i < 256 && b + i < 256; i++) c.data[a + i] = c.data[b + i]!;
    }
    c.instr = rr(op, r1, r2);
  });
}

/** EX targets placed in the data area, with the byte EX's R1 should OR into their second byte. */
function exTarget(g: Gen, c: Case): { bytes: number[]; or: number } {
  const any = g.int(0, 255);
  switch (g.int(0, 7)) {
    case 0:
      return { bytes: rr(0x1a, g.reg(true), g.reg(true)), or: any }; // AR, registers from R1
    case 1:
      return { bytes: [0xd2, 0x00, 0xd0 | (DATA >>> 8), DATA & 0xff, 0xd0 | (DATA >>> 8), (DATA + g.int(0, 0x10)) & 0xff], or: any }; // MVC, length from R1
    case 2:
      return { bytes: si(0x92, 0, 13, DATA + g.int(0, 255)), or: any }; // MVI, byte from R1
    case 3:
      return { bytes: [0x0a, 0], or: any }; // SVC, number from R1
    case 4:
      return { bytes: [0x44, 0x00, 0xd0 | (DATA >>> 8), DATA & 0xff], or: g.chance(0.5) ? 0 : any & 0xf0 }; // EX of EX
    case 5: {
      const r2 = g.reg();
      c.gpr[r2] = TAKEN;
      return { bytes: rr(0x07, 0, r2), or: g.int(0, 15) << 4 }; // BCR, mask from R1
    }
    case 6:
      return { bytes: [0x00, 0x00], or: any }; // operation exception
    default:
      return { bytes: rr(0x05, 0, 0), or: g.int(0, 15) << 4 }; // BALR R1,0: link with the EX ILC
  }
}

const TEMPLATES: Template[] = [
  // RR
  rrTemplate('LR', 0x18), rrTemplate('LTR', 0x12), rrTemplate('LCR', 0x13), rrTemplate('LPR', 0x10), rrTemplate('LNR', 0x11),
  rrTemplate('NR', 0x14), rrTemplate('CLR', 0x15), rrTemplate('OR', 0x16), rrTemplate('XR', 0x17), rrTemplate('CR', 0x19),
  rrTemplate('AR', 0x1a), rrTemplate('SR', 0x1b), rrTemplate('MR', 0x1c, true), rrTemplate('DR', 0x1d, true),
  rrTemplate('ALR', 0x1e), rrTemplate('SLR', 0x1f),
  t('SPM', (g, c) => {
    c.instr = rr(0x04, g.reg(true), 0);
  }),
  t('BALR', (g, c) => {
    const r2 = g.chance(0.2) ? 0 : g.reg();
    if (r2 !== 0) c.gpr[r2] = (g.int(0, 255) << 24) | TAKEN;
    c.instr = rr(0x05, g.reg(true), r2);
  }),
  t('BCTR', (g, c) => {
    const r1 = g.reg();
    const r2 = g.chance(0.2) ? 0 : g.reg();
    c.gpr[r1] = g.pick([0, 1, 2, -1, g.value()]);
    // The target is read before R1 is decremented; keep it at TAKEN (a wild branch would
    // test instruction-fetch exceptions, whose ILC is unpredictable).
    if (r2 !== 0) c.gpr[r2] = TAKEN;
    c.instr = rr(0x06, r1, r2);
  }),
  t('BCR', (g, c) => {
    const r2 = g.chance(0.2) ? 0 : g.reg();
    if (r2 !== 0) c.gpr[r2] = TAKEN;
    c.instr = rr(0x07, g.int(0, 15), r2);
  }),
  t('SVC', (g, c) => {
    c.instr = [0x0a, g.int(0, 255)];
  }),
  longTemplate('MVCL', 0x0e),
  longTemplate('CLCL', 0x0f),
  // RX
  rxTemplate('STH', 0x40, HALF), rxTemplate('LA', 0x41, BYTE), rxTemplate('STC', 0x42, BYTE), rxTemplate('IC', 0x43, BYTE),
  rxTemplate('LH', 0x48, HALF), rxTemplate('CH', 0x49, HALF), rxTemplate('AH', 0x4a, HALF), rxTemplate('SH', 0x4b, HALF),
  rxTemplate('MH', 0x4c, HALF), rxTemplate('ST', 0x50, FULL), rxTemplate('N', 0x54, FULL), rxTemplate('CL', 0x55, FULL),
  rxTemplate('O', 0x56, FULL), rxTemplate('X', 0x57, FULL), rxTemplate('L', 0x58, FULL), rxTemplate('C', 0x59, FULL),
  rxTemplate('A', 0x5a, FULL), rxTemplate('S', 0x5b, FULL), rxTemplate('M', 0x5c, FULL, true), rxTemplate('D', 0x5d, FULL, true),
  rxTemplate('AL', 0x5e, FULL), rxTemplate('SL', 0x5f, FULL),
  t('EX', (g, c) => {
    const off = g.int(0, 120) & ~1;
    const target = exTarget(g, c);
    target.bytes.forEach((b, i) => (c.data[off + i] = b & 0xff));
    let r1 = 0;
    if (g.chance(0.8)) {
      r1 = g.reg();
      c.gpr[r1] = (c.gpr[r1]! & ~0xff) | target.or;
    }
    c.instr = rx(0x44, r1, g.chance(0.05) ? [0, 13, DATA + off + 1] : [0, 13, DATA + off]);
  }),
  t('BAL', (g, c) => {
    c.instr = rx(0x45, g.reg(true), branchTarget(g));
  }),
  t('BCT', (g, c) => {
    const r1 = g.reg();
    c.gpr[r1] = g.pick([0, 1, 2, -1, g.value()]);
    c.instr = rx(0x46, r1, branchTarget(g));
  }),
  t('BC', (g, c) => {
    c.instr = rx(0x47, g.int(0, 15), branchTarget(g));
  }),
  // RS
  ...(['BXH', 'BXLE'] as const).map((m) =>
    t(m, (g, c) => {
      const r1 = g.reg();
      const r3 = g.reg();
      for (const r of [r1, r3, r3 | 1]) if (r !== 13 && g.chance(0.6)) c.gpr[r] = g.int(-3, 3);
      c.instr = rs(m === 'BXH' ? 0x86 : 0x87, r1, r3, 0, TAKEN);
    }),
  ),
  shiftTemplate('SRL', 0x88, false), shiftTemplate('SLL', 0x89, false), shiftTemplate('SRA', 0x8a, false), shiftTemplate('SLA', 0x8b, false),
  shiftTemplate('SRDL', 0x8c, true), shiftTemplate('SLDL', 0x8d, true), shiftTemplate('SRDA', 0x8e, true), shiftTemplate('SLDA', 0x8f, true),
  ...(['STM', 'LM'] as const).map((m) =>
    t(m, (g, c) => {
      const r1 = g.int(0, 15);
      const r3 = g.int(0, 15);
      const n = ((r3 - r1) & 15) + 1;
      const off = g.int(0, 256 - 4 * n);
      c.instr = rs(m === 'STM' ? 0x90 : 0x98, r1, r3, 13, DATA + off);
    }),
  ),
  t('CS', (g, c) => {
    const off = g.chance(0.9) ? g.int(0, 63) * 4 : g.int(0, 252);
    const r1 = g.reg(true);
    if (g.chance(0.5)) c.gpr[r1] = (c.data[off]! << 24) | (c.data[off + 1]! << 16) | (c.data[off + 2]! << 8) | c.data[off + 3]!;
    c.instr = rs(0xba, r1, g.reg(true), 13, DATA + off);
  }),
  t('CDS', (g, c) => {
    const off = g.chance(0.9) ? g.int(0, 31) * 8 : g.int(0, 248);
    const r1 = pairReg(g);
    if (g.chance(0.5) && (r1 & 1) === 0) {
      const w = (o: number) => (c.data[o]! << 24) | (c.data[o + 1]! << 16) | (c.data[o + 2]! << 8) | c.data[o + 3]!;
      c.gpr[r1] = w(off);
      if (g.chance(0.8)) c.gpr[r1 + 1] = w(off + 4);
    }
    c.instr = rs(0xbb, r1, pairReg(g), 13, DATA + off);
  }),
  ...(
    [
      ['CLM', 0xbd],
      ['STCM', 0xbe],
      ['ICM', 0xbf],
    ] as const
  ).map(([m, op]) =>
    t(m, (g, c) => {
      const [, b, d] = rxOperand(g, c, FULL);
      c.instr = rs(op, g.reg(true), g.int(0, 15), b, d);
    }),
  ),
  // SI and S
  siTemplate('TM', 0x91), siTemplate('MVI', 0x92), siTemplate('NI', 0x94), siTemplate('CLI', 0x95), siTemplate('OI', 0x96), siTemplate('XI', 0x97),
  t('TS', (g, c) => {
    c.instr = si(0x93, 0, 13, DATA + g.int(0, 255));
  }),
  t('MC', (g, c) => {
    c.instr = si(0xaf, g.chance(0.8) ? g.int(0, 15) : g.int(16, 255), 13, g.int(0, 0xfff));
  }),
  // SS
  ssTemplate('MVN', 0xd1), ssTemplate('MVC', 0xd2), ssTemplate('MVZ', 0xd3), ssTemplate('NC', 0xd4), ssTemplate('CLC', 0xd5),
  ssTemplate('OC', 0xd6), ssTemplate('XC', 0xd7),
  t('TR', (g, c) => {
    const len = g.int(1, 256);
    c.instr = ssi(0xdc, len, DATA + g.int(0, 256 - len), DATA);
  }),
  t('TRT', (g, c) => {
    const len = g.int(1, 256);
    if (g.chance(0.5)) for (let i = 0; i < 256; i++) c.data[i] = g.chance(0.9) ? 0 : c.data[i]!;
    c.instr = ssi(0xdd, len, DATA + g.int(0, 256 - len), DATA);
  }),
];

export { TEMPLATES as GENERAL_TEMPLATES };

/**
 * Hercules 3.13 deviations we are sure of (GA22-7000 against its source):
 * - A program interruption caused by the target of EX (operation exception, fixed-point
 *   overflow, ...) is reported with the target's ILC (Hercules' routines set the ILC from
 *   the target's opcode, e.g. `operation_exception`); the ILC is that of EXECUTE, 2.
 * Not generated here, for the same reason: instruction-fetch exceptions (odd or invalid
 * instruction address after a branch). GA22-7000 leaves their ILC unpredictable (1, 2 or
 * 3) but says the address is advanced by that many halfwords; Hercules 3.13 is not
 * consistent (after BCR to X'901': ILC 1 with the address advanced by 4; after BCR to
 * X'1FFFFE': ILC 3, by 6). vm370 gives ILC 1 and advances by 2.
 */
export function explainGeneral(d: Difference): string | undefined {
  if (d.c.mnemonic === 'EX' && d.fields.length === 1 && d.hercules.oldPsw && d.vm370.oldPsw) {
    const h = d.hercules.oldPsw;
    const v = d.vm370.oldPsw;
    const withoutIlc = (p: string) => p.slice(0, 8) + (parseInt(p.slice(8), 16) & 0x3fffffff).toString(16);
    if (withoutIlc(h) === withoutIlc(v) && parseInt(v.slice(8, 9), 16) >>> 2 === 2) {
      return 'program interruption in an EX target: Hercules gives the target\'s ILC, GA22-7000 that of EXECUTE (2)';
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2), { count: 300 });
  const templates = o.only.length ? TEMPLATES.filter((tp) => o.only.includes(tp.mnemonic)) : TEMPLATES;
  if (templates.length === 0) throw new Error(`no template for ${o.only.join(',')}`);
  const bad = await runDifftest({ templates, count: o.count, seed: o.seed, batch: o.batch, show: o.show, key: o.key, ec: o.ec, explain: explainGeneral });
  process.exitCode = bad === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    process.stderr.write(`difftest: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  });
}
