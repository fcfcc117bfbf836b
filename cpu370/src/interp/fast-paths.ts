// Inline fast paths for the commonest general instructions, pasted into the interpreter's
// slice switch ahead of the call to the semantic routine. They run only when the slice is
// `fast` (PSW key 0, prefix 0: no protection; with DAT on, through the TLB), and only for
// operands that lie within one 2K block inside storage; anything else (an operand that
// crosses a block or leaves storage, an overflow) falls through to the routine, which
// does the whole job with every check. Each snippet ends the case with `break` when it
// has executed the instruction. They see the slice's locals: cpu, g (the GPRs), mem,
// keys, size, w, h, tlb (null when DAT is off) and e (scratch).
//
// Semantics are those of ../exec/general.ts and ../exec/storage-ops.ts (GA22-7000 ch. 7);
// key 0 still records reference and change bits.

/** Effective address of D2(X2,B2) into `a`. */
const EA_RX = 'let a = w & 4095; { const x = (w >>> 16) & 15; if (x !== 0) a += g[x]; const b = (w >>> 12) & 15; if (b !== 0) a += g[b]; } a &= 16777215;';
/** Effective address of D2(B2) (RS, SI) into `a`. */
const EA_RS = 'let a = w & 4095; { const b = (w >>> 12) & 15; if (b !== 0) a = (a + g[b]) & 16777215; }';

// With DAT on (\`tlb\` not null) an operand is used only when its 2K block has a TLB entry
// (valid; for stores, not segment-protected): the entry's frame replaces the block address.
const XLAT_FETCH = (v: string) => `(tlb === null || (((e = tlb[${v} >>> 11]) & 1) !== 0 && ((${v} = (e & 16775168) | (${v} & 2047)), true)))`;
const XLAT_STORE = (v: string) => `(tlb === null || (((e = tlb[${v} >>> 11]) & 3) === 1 && ((${v} = (e & 16775168) | (${v} & 2047)), true)))`;
const fetchable = (len: number) =>
  `if ((a & 2047) <= ${2048 - len} && ${XLAT_FETCH('a')} && a < size) { const kb = a >>> 11; const k = keys[kb]; if ((k & 4) === 0) keys[kb] = k | 4;`;
const storable = (len: number) =>
  `if ((a & 2047) <= ${2048 - len} && ${XLAT_STORE('a')} && a < size) { const kb = a >>> 11; const k = keys[kb]; if ((k & 6) !== 6) keys[kb] = k | 6;`;

const WORD = '((mem[a] << 24) | (mem[a + 1] << 16) | (mem[a + 2] << 8) | mem[a + 3])';
const R1 = 'const r1 = (w >>> 20) & 15;';

/** Fullword RX instructions: load the operand into `v`, then `body`. */
const rxWord = (body: string) => `${EA_RX} ${fetchable(4)} const v = ${WORD}; ${R1} ${body} }`;

const logical = (op: string) => rxWord(`const r = g[r1] ${op} v; g[r1] = r; cpu.cc = r === 0 ? 0 : 1; break;`);

export const FAST_PATHS: Readonly<Record<string, string>> = {
  L: rxWord('g[r1] = v; break;'),
  ST: `${EA_RX} ${storable(4)} const v = g[(w >>> 20) & 15]; mem[a] = v >>> 24; mem[a + 1] = v >>> 16; mem[a + 2] = v >>> 8; mem[a + 3] = v; break; }`,
  A: rxWord('const x = g[r1]; const r = (x + v) | 0; if (((x ^ r) & (v ^ r)) >= 0) { g[r1] = r; cpu.cc = r === 0 ? 0 : r < 0 ? 1 : 2; break; }'),
  S: rxWord('const x = g[r1]; const r = (x - v) | 0; if (((x ^ v) & (x ^ r)) >= 0) { g[r1] = r; cpu.cc = r === 0 ? 0 : r < 0 ? 1 : 2; break; }'),
  C: rxWord('const x = g[r1]; cpu.cc = x === v ? 0 : x < v ? 1 : 2; break;'),
  CL: rxWord('const x = g[r1] >>> 0; const y = v >>> 0; cpu.cc = x === y ? 0 : x < y ? 1 : 2; break;'),
  N: logical('&'),
  O: logical('|'),
  X: logical('^'),
  LH: `${EA_RX} ${fetchable(2)} g[(w >>> 20) & 15] = ((mem[a] << 24) >> 16) | mem[a + 1]; break; }`,
  CH: `${EA_RX} ${fetchable(2)} const v = ((mem[a] << 24) >> 16) | mem[a + 1]; const x = g[(w >>> 20) & 15]; cpu.cc = x === v ? 0 : x < v ? 1 : 2; break; }`,
  STH: `${EA_RX} ${storable(2)} const v = g[(w >>> 20) & 15]; mem[a] = v >>> 8; mem[a + 1] = v; break; }`,
  IC: `${EA_RX} ${fetchable(1)} ${R1} g[r1] = (g[r1] & -256) | mem[a]; break; }`,
  STC: `${EA_RX} ${storable(1)} mem[a] = g[(w >>> 20) & 15]; break; }`,
  LA: `${EA_RX} g[(w >>> 20) & 15] = a; break;`,
  BC: `if (((w >>> 20) & (8 >>> cpu.cc)) !== 0) { ${EA_RX} cpu.ia = a; } break;`,
  BCT: `{ ${EA_RX} ${R1} const v = (g[r1] - 1) | 0; g[r1] = v; if (v !== 0) cpu.ia = a; } break;`,
  LR: 'g[(w >>> 20) & 15] = g[(w >>> 16) & 15]; break;',
  AR: `{ ${R1} const x = g[r1]; const v = g[(w >>> 16) & 15]; const r = (x + v) | 0; if (((x ^ r) & (v ^ r)) >= 0) { g[r1] = r; cpu.cc = r === 0 ? 0 : r < 0 ? 1 : 2; break; } }`,
  CR: '{ const x = g[(w >>> 20) & 15]; const v = g[(w >>> 16) & 15]; cpu.cc = x === v ? 0 : x < v ? 1 : 2; } break;',
  SLL: `{ ${EA_RS} ${R1} const n = a & 63; g[r1] = n > 31 ? 0 : g[r1] << n; } break;`,
  SRL: `{ ${EA_RS} ${R1} const n = a & 63; g[r1] = n > 31 ? 0 : g[r1] >>> n; } break;`,
  LTR: '{ const v = g[(w >>> 16) & 15]; g[(w >>> 20) & 15] = v; cpu.cc = v === 0 ? 0 : v < 0 ? 1 : 2; } break;',
  SR: `{ ${R1} const x = g[r1]; const v = g[(w >>> 16) & 15]; const r = (x - v) | 0; if (((x ^ v) & (x ^ r)) >= 0) { g[r1] = r; cpu.cc = r === 0 ? 0 : r < 0 ? 1 : 2; break; } }`,
  BCR: '{ const r2 = (w >>> 16) & 15; if (r2 !== 0 && ((w >>> 20) & (8 >>> cpu.cc)) !== 0) cpu.ia = g[r2] & 16777215; } break;',
  BALR: '{ const r2 = (w >>> 16) & 15; const t = g[r2] & 16777215; g[(w >>> 20) & 15] = 1073741824 | (cpu.cc << 28) | (cpu.progMask << 24) | cpu.ia; if (r2 !== 0) cpu.ia = t; } break;',
  TM: `${EA_RS} ${fetchable(1)} const mask = (w >>> 16) & 255; const v = mem[a] & mask; cpu.cc = v === 0 ? 0 : v === mask ? 3 : 1; break; }`,
  CLI: `${EA_RS} ${fetchable(1)} const x = mem[a]; const y = (w >>> 16) & 255; cpu.cc = x === y ? 0 : x < y ? 1 : 2; break; }`,
  MVI: `${EA_RS} ${storable(1)} mem[a] = w >>> 16; break; }`,
  NI: `${EA_RS} ${storable(1)} const v = mem[a] & (w >>> 16) & 255; mem[a] = v; cpu.cc = v === 0 ? 0 : 1; break; }`,
  OI: `${EA_RS} ${storable(1)} const v = (mem[a] | (w >>> 16)) & 255; mem[a] = v; cpu.cc = v === 0 ? 0 : 1; break; }`,
  XI: `${EA_RS} ${storable(1)} const v = (mem[a] ^ (w >>> 16)) & 255; mem[a] = v; cpu.cc = v === 0 ? 0 : 1; break; }`,
  LM: `${EA_RS} ${R1} const n = (((w >>> 16) & 15) - r1 & 15) + 1;
    if ((a & 2047) + 4 * n <= 2048 && ${XLAT_FETCH('a')} && a < size) { const kb = a >>> 11; const k = keys[kb]; if ((k & 4) === 0) keys[kb] = k | 4;
      for (let i = 0; i < n; i++, a += 4) g[(r1 + i) & 15] = ${WORD};
      break; }`,
  STM: `${EA_RS} ${R1} const n = (((w >>> 16) & 15) - r1 & 15) + 1;
    if ((a & 2047) + 4 * n <= 2048 && ${XLAT_STORE('a')} && a < size) { const kb = a >>> 11; const k = keys[kb]; if ((k & 6) !== 6) keys[kb] = k | 6;
      for (let i = 0; i < n; i++, a += 4) { const v = g[(r1 + i) & 15]; mem[a] = v >>> 24; mem[a + 1] = v >>> 16; mem[a + 2] = v >>> 8; mem[a + 3] = v; }
      break; }`,
  MVC: `{ const len = ((w >>> 16) & 255) + 1;
    let a1 = w & 4095; { const b = (w >>> 12) & 15; if (b !== 0) a1 = (a1 + g[b]) & 16777215; }
    let a2 = h & 4095; { const b = h >>> 12; if (b !== 0) a2 = (a2 + g[b]) & 16777215; }
    if ((a1 & 2047) + len <= 2048 && (a2 & 2047) + len <= 2048 && ${XLAT_STORE('a1')} && ${XLAT_FETCH('a2')} && a1 < size && a2 < size) {
      const k1 = keys[a1 >>> 11]; if ((k1 & 6) !== 6) keys[a1 >>> 11] = k1 | 6;
      const k2 = keys[a2 >>> 11]; if ((k2 & 4) === 0) keys[a2 >>> 11] = k2 | 4;
      if (len > 16 && (a1 <= a2 || a1 >= a2 + len)) mem.copyWithin(a1, a2, a2 + len);
      else for (let i = 0; i < len; i++) mem[a1 + i] = mem[a2 + i];
      break;
    } }`,
  CLC: `{ const len = ((w >>> 16) & 255) + 1;
    let a1 = w & 4095; { const b = (w >>> 12) & 15; if (b !== 0) a1 = (a1 + g[b]) & 16777215; }
    let a2 = h & 4095; { const b = h >>> 12; if (b !== 0) a2 = (a2 + g[b]) & 16777215; }
    if ((a1 & 2047) + len <= 2048 && (a2 & 2047) + len <= 2048 && ${XLAT_FETCH('a1')} && ${XLAT_FETCH('a2')} && a1 < size && a2 < size) {
      const k1 = keys[a1 >>> 11]; if ((k1 & 4) === 0) keys[a1 >>> 11] = k1 | 4;
      const k2 = keys[a2 >>> 11]; if ((k2 & 4) === 0) keys[a2 >>> 11] = k2 | 4;
      let cc = 0;
      for (let i = 0; i < len; i++) { const x = mem[a1 + i]; const y = mem[a2 + i]; if (x !== y) { cc = x < y ? 1 : 2; i = len; } }
      cpu.cc = cc;
      break;
    } }`,
};
