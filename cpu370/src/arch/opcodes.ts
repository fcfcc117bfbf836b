// THE System/370 instruction table: the single source of opcodes, mnemonics and formats.
// The interpreter's dispatch, the decoder, the disassembler and the assembler all derive
// from these rows (GA22-7000-5 Appendix B, "Lists of Instructions"). Semantic routines are
// joined to the rows by mnemonic in ../exec/table.ts.

import type { Format } from './formats.ts';

export type Facility =
  | 'general' // universal fixed-point, logical, branching, storage-to-storage
  | 'decimal'
  | 'hfp' // floating point, short and long
  | 'hfp-extended' // extended-precision floating point
  | 'control' // privileged control, keys, timers
  | 'translation' // dynamic address translation
  | 'io'
  | 'mp' // multiprocessing
  | 'direct-control';

/** Row flags. */
export const PRIV = 1; // privileged: privileged-operation exception in problem state
export const BRANCH = 2; // may change the instruction address other than sequentially
export const SETS_CC = 4;
export const STORES = 8; // may modify storage
export const FLOAT = 16; // register fields name floating-point registers
export const PSW_CHANGE = 32; // may change the PSW masks, key or mode (ends a block)
export const EVEN_R1 = 64; // R1 must be even (register pair)
export const EVEN_R3 = 128; // R3 (or R2 for RR) must be even
export const EXTENDED_FP = 256; // FP operands are extended: R1 (and R2) must be 0 or 4

export interface OpcodeRow {
  /** One byte, or two bytes for S2/S0 formats (e.g. 0xB205). */
  readonly opcode: number;
  readonly mnemonic: string;
  readonly format: Format;
  readonly facility: Facility;
  readonly flags: number;
  readonly name: string;
}

type Row = [opcode: number, mnemonic: string, format: Format, facility: Facility, flags: number, name: string];

const C = SETS_CC;
const S = STORES;
const F = FLOAT;
const P = PRIV;
const B = BRANCH;
const E1 = EVEN_R1;
const E3 = EVEN_R3;
const X = EXTENDED_FP;

const ROWS: Row[] = [
  // --- RR ---
  [0x04, 'SPM', 'RR1', 'general', C, 'Set Program Mask'],
  [0x05, 'BALR', 'RR', 'general', B, 'Branch and Link'],
  [0x06, 'BCTR', 'RR', 'general', B, 'Branch on Count'],
  [0x07, 'BCR', 'RR', 'general', B, 'Branch on Condition'],
  [0x08, 'SSK', 'RR', 'control', P, 'Set Storage Key'],
  [0x09, 'ISK', 'RR', 'control', P, 'Insert Storage Key'],
  [0x0a, 'SVC', 'I', 'general', B | PSW_CHANGE, 'Supervisor Call'],
  [0x0e, 'MVCL', 'RR', 'general', C | S | E1 | E3, 'Move Long'],
  [0x0f, 'CLCL', 'RR', 'general', C | E1 | E3, 'Compare Logical Long'],
  [0x10, 'LPR', 'RR', 'general', C, 'Load Positive'],
  [0x11, 'LNR', 'RR', 'general', C, 'Load Negative'],
  [0x12, 'LTR', 'RR', 'general', C, 'Load and Test'],
  [0x13, 'LCR', 'RR', 'general', C, 'Load Complement'],
  [0x14, 'NR', 'RR', 'general', C, 'And'],
  [0x15, 'CLR', 'RR', 'general', C, 'Compare Logical'],
  [0x16, 'OR', 'RR', 'general', C, 'Or'],
  [0x17, 'XR', 'RR', 'general', C, 'Exclusive Or'],
  [0x18, 'LR', 'RR', 'general', 0, 'Load'],
  [0x19, 'CR', 'RR', 'general', C, 'Compare'],
  [0x1a, 'AR', 'RR', 'general', C, 'Add'],
  [0x1b, 'SR', 'RR', 'general', C, 'Subtract'],
  [0x1c, 'MR', 'RR', 'general', E1, 'Multiply'],
  [0x1d, 'DR', 'RR', 'general', E1, 'Divide'],
  [0x1e, 'ALR', 'RR', 'general', C, 'Add Logical'],
  [0x1f, 'SLR', 'RR', 'general', C, 'Subtract Logical'],
  [0x20, 'LPDR', 'RR', 'hfp', C | F, 'Load Positive (long)'],
  [0x21, 'LNDR', 'RR', 'hfp', C | F, 'Load Negative (long)'],
  [0x22, 'LTDR', 'RR', 'hfp', C | F, 'Load and Test (long)'],
  [0x23, 'LCDR', 'RR', 'hfp', C | F, 'Load Complement (long)'],
  [0x24, 'HDR', 'RR', 'hfp', F, 'Halve (long)'],
  [0x25, 'LRDR', 'RR', 'hfp-extended', F | X, 'Load Rounded (extended to long)'],
  [0x26, 'MXR', 'RR', 'hfp-extended', F | X, 'Multiply (extended)'],
  [0x27, 'MXDR', 'RR', 'hfp-extended', F | X, 'Multiply (long to extended)'],
  [0x28, 'LDR', 'RR', 'hfp', F, 'Load (long)'],
  [0x29, 'CDR', 'RR', 'hfp', C | F, 'Compare (long)'],
  [0x2a, 'ADR', 'RR', 'hfp', C | F, 'Add Normalized (long)'],
  [0x2b, 'SDR', 'RR', 'hfp', C | F, 'Subtract Normalized (long)'],
  [0x2c, 'MDR', 'RR', 'hfp', F, 'Multiply (long)'],
  [0x2d, 'DDR', 'RR', 'hfp', F, 'Divide (long)'],
  [0x2e, 'AWR', 'RR', 'hfp', C | F, 'Add Unnormalized (long)'],
  [0x2f, 'SWR', 'RR', 'hfp', C | F, 'Subtract Unnormalized (long)'],
  [0x30, 'LPER', 'RR', 'hfp', C | F, 'Load Positive (short)'],
  [0x31, 'LNER', 'RR', 'hfp', C | F, 'Load Negative (short)'],
  [0x32, 'LTER', 'RR', 'hfp', C | F, 'Load and Test (short)'],
  [0x33, 'LCER', 'RR', 'hfp', C | F, 'Load Complement (short)'],
  [0x34, 'HER', 'RR', 'hfp', F, 'Halve (short)'],
  [0x35, 'LRER', 'RR', 'hfp-extended', F, 'Load Rounded (long to short)'],
  [0x36, 'AXR', 'RR', 'hfp-extended', C | F | X, 'Add Normalized (extended)'],
  [0x37, 'SXR', 'RR', 'hfp-extended', C | F | X, 'Subtract Normalized (extended)'],
  [0x38, 'LER', 'RR', 'hfp', F, 'Load (short)'],
  [0x39, 'CER', 'RR', 'hfp', C | F, 'Compare (short)'],
  [0x3a, 'AER', 'RR', 'hfp', C | F, 'Add Normalized (short)'],
  [0x3b, 'SER', 'RR', 'hfp', C | F, 'Subtract Normalized (short)'],
  [0x3c, 'MER', 'RR', 'hfp', F, 'Multiply (short to long)'],
  [0x3d, 'DER', 'RR', 'hfp', F, 'Divide (short)'],
  [0x3e, 'AUR', 'RR', 'hfp', C | F, 'Add Unnormalized (short)'],
  [0x3f, 'SUR', 'RR', 'hfp', C | F, 'Subtract Unnormalized (short)'],
  // --- RX ---
  [0x40, 'STH', 'RX', 'general', S, 'Store Halfword'],
  [0x41, 'LA', 'RX', 'general', 0, 'Load Address'],
  [0x42, 'STC', 'RX', 'general', S, 'Store Character'],
  [0x43, 'IC', 'RX', 'general', 0, 'Insert Character'],
  [0x44, 'EX', 'RX', 'general', B, 'Execute'],
  [0x45, 'BAL', 'RX', 'general', B, 'Branch and Link'],
  [0x46, 'BCT', 'RX', 'general', B, 'Branch on Count'],
  [0x47, 'BC', 'RX', 'general', B, 'Branch on Condition'],
  [0x48, 'LH', 'RX', 'general', 0, 'Load Halfword'],
  [0x49, 'CH', 'RX', 'general', C, 'Compare Halfword'],
  [0x4a, 'AH', 'RX', 'general', C, 'Add Halfword'],
  [0x4b, 'SH', 'RX', 'general', C, 'Subtract Halfword'],
  [0x4c, 'MH', 'RX', 'general', 0, 'Multiply Halfword'],
  [0x4e, 'CVD', 'RX', 'decimal', S, 'Convert to Decimal'],
  [0x4f, 'CVB', 'RX', 'decimal', 0, 'Convert to Binary'],
  [0x50, 'ST', 'RX', 'general', S, 'Store'],
  [0x54, 'N', 'RX', 'general', C, 'And'],
  [0x55, 'CL', 'RX', 'general', C, 'Compare Logical'],
  [0x56, 'O', 'RX', 'general', C, 'Or'],
  [0x57, 'X', 'RX', 'general', C, 'Exclusive Or'],
  [0x58, 'L', 'RX', 'general', 0, 'Load'],
  [0x59, 'C', 'RX', 'general', C, 'Compare'],
  [0x5a, 'A', 'RX', 'general', C, 'Add'],
  [0x5b, 'S', 'RX', 'general', C, 'Subtract'],
  [0x5c, 'M', 'RX', 'general', E1, 'Multiply'],
  [0x5d, 'D', 'RX', 'general', E1, 'Divide'],
  [0x5e, 'AL', 'RX', 'general', C, 'Add Logical'],
  [0x5f, 'SL', 'RX', 'general', C, 'Subtract Logical'],
  [0x60, 'STD', 'RX', 'hfp', S | F, 'Store (long)'],
  [0x67, 'MXD', 'RX', 'hfp-extended', F | X, 'Multiply (long to extended)'],
  [0x68, 'LD', 'RX', 'hfp', F, 'Load (long)'],
  [0x69, 'CD', 'RX', 'hfp', C | F, 'Compare (long)'],
  [0x6a, 'AD', 'RX', 'hfp', C | F, 'Add Normalized (long)'],
  [0x6b, 'SD', 'RX', 'hfp', C | F, 'Subtract Normalized (long)'],
  [0x6c, 'MD', 'RX', 'hfp', F, 'Multiply (long)'],
  [0x6d, 'DD', 'RX', 'hfp', F, 'Divide (long)'],
  [0x6e, 'AW', 'RX', 'hfp', C | F, 'Add Unnormalized (long)'],
  [0x6f, 'SW', 'RX', 'hfp', C | F, 'Subtract Unnormalized (long)'],
  [0x70, 'STE', 'RX', 'hfp', S | F, 'Store (short)'],
  [0x78, 'LE', 'RX', 'hfp', F, 'Load (short)'],
  [0x79, 'CE', 'RX', 'hfp', C | F, 'Compare (short)'],
  [0x7a, 'AE', 'RX', 'hfp', C | F, 'Add Normalized (short)'],
  [0x7b, 'SE', 'RX', 'hfp', C | F, 'Subtract Normalized (short)'],
  [0x7c, 'ME', 'RX', 'hfp', F, 'Multiply (short to long)'],
  [0x7d, 'DE', 'RX', 'hfp', F, 'Divide (short)'],
  [0x7e, 'AU', 'RX', 'hfp', C | F, 'Add Unnormalized (short)'],
  [0x7f, 'SU', 'RX', 'hfp', C | F, 'Subtract Unnormalized (short)'],
  // --- S, SI, RS ---
  [0x80, 'SSM', 'S', 'control', P | PSW_CHANGE, 'Set System Mask'],
  [0x82, 'LPSW', 'S', 'control', P | B | PSW_CHANGE, 'Load PSW'],
  [0x83, 'DIAG', 'DIAG', 'control', P | B | PSW_CHANGE, 'Diagnose'],
  [0x84, 'WRD', 'SI', 'direct-control', P, 'Write Direct'],
  [0x85, 'RDD', 'SI', 'direct-control', P | S, 'Read Direct'],
  [0x86, 'BXH', 'RS', 'general', B, 'Branch on Index High'],
  [0x87, 'BXLE', 'RS', 'general', B, 'Branch on Index Low or Equal'],
  [0x88, 'SRL', 'RS2', 'general', 0, 'Shift Right Single Logical'],
  [0x89, 'SLL', 'RS2', 'general', 0, 'Shift Left Single Logical'],
  [0x8a, 'SRA', 'RS2', 'general', C, 'Shift Right Single'],
  [0x8b, 'SLA', 'RS2', 'general', C, 'Shift Left Single'],
  [0x8c, 'SRDL', 'RS2', 'general', E1, 'Shift Right Double Logical'],
  [0x8d, 'SLDL', 'RS2', 'general', E1, 'Shift Left Double Logical'],
  [0x8e, 'SRDA', 'RS2', 'general', C | E1, 'Shift Right Double'],
  [0x8f, 'SLDA', 'RS2', 'general', C | E1, 'Shift Left Double'],
  [0x90, 'STM', 'RS', 'general', S, 'Store Multiple'],
  [0x91, 'TM', 'SI', 'general', C, 'Test under Mask'],
  [0x92, 'MVI', 'SI', 'general', S, 'Move Immediate'],
  [0x93, 'TS', 'S', 'general', C | S, 'Test and Set'],
  [0x94, 'NI', 'SI', 'general', C | S, 'And Immediate'],
  [0x95, 'CLI', 'SI', 'general', C, 'Compare Logical Immediate'],
  [0x96, 'OI', 'SI', 'general', C | S, 'Or Immediate'],
  [0x97, 'XI', 'SI', 'general', C | S, 'Exclusive Or Immediate'],
  [0x98, 'LM', 'RS', 'general', 0, 'Load Multiple'],
  [0x9c00, 'SIO', 'S2', 'io', P | C, 'Start I/O'],
  [0x9c01, 'SIOF', 'S2', 'io', P | C, 'Start I/O Fast Release'],
  [0x9d00, 'TIO', 'S2', 'io', P | C, 'Test I/O'],
  [0x9d01, 'CLRIO', 'S2', 'io', P | C, 'Clear I/O'],
  [0x9e00, 'HIO', 'S2', 'io', P | C, 'Halt I/O'],
  [0x9e01, 'HDV', 'S2', 'io', P | C, 'Halt Device'],
  [0x9f00, 'TCH', 'S2', 'io', P | C, 'Test Channel'],
  [0xac, 'STNSM', 'SI', 'control', P | S | PSW_CHANGE, 'Store Then And System Mask'],
  [0xad, 'STOSM', 'SI', 'control', P | S | PSW_CHANGE, 'Store Then Or System Mask'],
  [0xae, 'SIGP', 'RS', 'mp', P | C, 'Signal Processor'],
  [0xaf, 'MC', 'SI', 'general', 0, 'Monitor Call'],
  [0xb1, 'LRA', 'RX', 'translation', P | C, 'Load Real Address'],
  [0xb200, 'CONCS', 'S2', 'io', P | C, 'Connect Channel Set'],
  [0xb201, 'DISCS', 'S2', 'io', P | C, 'Disconnect Channel Set'],
  [0xb202, 'STIDP', 'S2', 'control', P | S, 'Store CPU ID'],
  [0xb203, 'STIDC', 'S2', 'io', P | C | S, 'Store Channel ID'],
  [0xb204, 'SCK', 'S2', 'control', P | C, 'Set Clock'],
  [0xb205, 'STCK', 'S2', 'general', C | S, 'Store Clock'],
  [0xb206, 'SCKC', 'S2', 'control', P, 'Set Clock Comparator'],
  [0xb207, 'STCKC', 'S2', 'control', P | S, 'Store Clock Comparator'],
  [0xb208, 'SPT', 'S2', 'control', P, 'Set CPU Timer'],
  [0xb209, 'STPT', 'S2', 'control', P | S, 'Store CPU Timer'],
  [0xb20a, 'SPKA', 'S2', 'control', PSW_CHANGE, 'Set PSW Key from Address'],
  [0xb20b, 'IPK', 'S0', 'control', 0, 'Insert PSW Key'],
  [0xb20d, 'PTLB', 'S0', 'translation', P, 'Purge TLB'],
  [0xb210, 'SPX', 'S2', 'mp', P, 'Set Prefix'],
  [0xb211, 'STPX', 'S2', 'mp', P | S, 'Store Prefix'],
  [0xb212, 'STAP', 'S2', 'mp', P | S, 'Store CPU Address'],
  [0xb213, 'RRB', 'S2', 'translation', P | C, 'Reset Reference Bit'],
  [0xb6, 'STCTL', 'RS', 'control', P | S, 'Store Control'],
  [0xb7, 'LCTL', 'RS', 'control', P | PSW_CHANGE, 'Load Control'],
  [0xba, 'CS', 'RS', 'general', C | S, 'Compare and Swap'],
  [0xbb, 'CDS', 'RS', 'general', C | S | E1 | E3, 'Compare Double and Swap'],
  [0xbd, 'CLM', 'RSM', 'general', C, 'Compare Logical Characters under Mask'],
  [0xbe, 'STCM', 'RSM', 'general', S, 'Store Characters under Mask'],
  [0xbf, 'ICM', 'RSM', 'general', C, 'Insert Characters under Mask'],
  // --- SS ---
  [0xd1, 'MVN', 'SS1', 'general', S, 'Move Numerics'],
  [0xd2, 'MVC', 'SS1', 'general', S, 'Move Characters'],
  [0xd3, 'MVZ', 'SS1', 'general', S, 'Move Zones'],
  [0xd4, 'NC', 'SS1', 'general', C | S, 'And Characters'],
  [0xd5, 'CLC', 'SS1', 'general', C, 'Compare Logical Characters'],
  [0xd6, 'OC', 'SS1', 'general', C | S, 'Or Characters'],
  [0xd7, 'XC', 'SS1', 'general', C | S, 'Exclusive Or Characters'],
  [0xdc, 'TR', 'SS1', 'general', S, 'Translate'],
  [0xdd, 'TRT', 'SS1', 'general', C, 'Translate and Test'],
  [0xde, 'ED', 'SS1', 'decimal', C | S, 'Edit'],
  [0xdf, 'EDMK', 'SS1', 'decimal', C | S, 'Edit and Mark'],
  [0xf0, 'SRP', 'SSI', 'decimal', C | S, 'Shift and Round Decimal'],
  [0xf1, 'MVO', 'SS2', 'decimal', S, 'Move with Offset'],
  [0xf2, 'PACK', 'SS2', 'decimal', S, 'Pack'],
  [0xf3, 'UNPK', 'SS2', 'decimal', S, 'Unpack'],
  [0xf8, 'ZAP', 'SS2', 'decimal', C | S, 'Zero and Add Decimal'],
  [0xf9, 'CP', 'SS2', 'decimal', C, 'Compare Decimal'],
  [0xfa, 'AP', 'SS2', 'decimal', C | S, 'Add Decimal'],
  [0xfb, 'SP', 'SS2', 'decimal', C | S, 'Subtract Decimal'],
  [0xfc, 'MP', 'SS2', 'decimal', S, 'Multiply Decimal'],
  [0xfd, 'DP', 'SS2', 'decimal', S, 'Divide Decimal'],
];

export const OPCODES: readonly OpcodeRow[] = ROWS.map(([opcode, mnemonic, format, facility, flags, name]) => ({
  opcode,
  mnemonic,
  format,
  facility,
  flags,
  name,
}));

export const BY_MNEMONIC: ReadonlyMap<string, OpcodeRow> = new Map(OPCODES.map((r) => [r.mnemonic, r]));

/** Rows indexed by the first opcode byte; for 2-byte opcodes, a second-level map. */
export const BY_FIRST_BYTE: ReadonlyArray<OpcodeRow | ReadonlyMap<number, OpcodeRow> | undefined> = (() => {
  const t: Array<OpcodeRow | Map<number, OpcodeRow> | undefined> = new Array(256).fill(undefined);
  for (const r of OPCODES) {
    if (r.opcode > 0xff) {
      const first = r.opcode >>> 8;
      let m = t[first];
      if (!(m instanceof Map)) t[first] = m = new Map();
      m.set(r.opcode & 0xff, r);
    } else {
      t[r.opcode] = r;
    }
  }
  return t;
})();

/** The row for the instruction whose first two bytes are given, or undefined (operation exception). */
export function lookupOpcode(byte0: number, byte1: number): OpcodeRow | undefined {
  const e = BY_FIRST_BYTE[byte0];
  if (e instanceof Map) return e.get(byte1);
  return e as OpcodeRow | undefined;
}
