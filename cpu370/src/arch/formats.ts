// Instruction formats of System/370 (GA22-7000, "Instruction Formats").
// Each format names its fields; the decoder, disassembler and assembler all use these.

export type Format =
  | 'RR' // op R1 R2
  | 'RR1' // op R1 (SPM: R2 ignored)
  | 'I' // op I (SVC: 8-bit immediate)
  | 'RX' // op R1 X2 B2 D2
  | 'RS' // op R1 R3 B2 D2
  | 'RS2' // op R1 B2 D2 (shifts: R3 field ignored)
  | 'RSM' // op R1 M3 B2 D2 (ICM, STCM, CLM)
  | 'SI' // op I2 B1 D1
  | 'S' // op(1 byte) B2 D2 (SSM, LPSW, TS: bits 8-15 ignored)
  | 'S2' // op(2 bytes) B2 D2 (B2xx, and the I/O instructions 9Cxx-9Fxx)
  | 'S0' // op(2 bytes), no operand used (IPK, PTLB)
  | 'SS1' // op L B1 D1 B2 D2 (one 8-bit length)
  | 'SS2' // op L1 L2 B1 D1 B2 D2 (two 4-bit lengths)
  | 'SSI' // op L1 I3 B1 D1 B2 D2 (SRP)
  | 'DIAG'; // 83 R1 R3 B2 D2 (machine-dependent; VM/370 uses the RS layout)

/** Length in bytes, from the first two bits of the opcode (GA22-7000 "Instruction Format"). */
export function instructionLength(opcodeByte: number): 2 | 4 | 6 {
  const t = opcodeByte >>> 6;
  return t === 0 ? 2 : t === 3 ? 6 : 4;
}

/** Formats whose opcode occupies two bytes. */
export function hasTwoByteOpcode(format: Format): boolean {
  return format === 'S2' || format === 'S0';
}

/** Human-readable operand template of a format, as the assembler writes operands. */
export const OPERAND_TEMPLATE: Record<Format, string> = {
  RR: 'R1,R2',
  RR1: 'R1',
  I: 'I',
  RX: 'R1,D2(X2,B2)',
  RS: 'R1,R3,D2(B2)',
  RS2: 'R1,D2(B2)',
  RSM: 'R1,M3,D2(B2)',
  SI: 'D1(B1),I2',
  S: 'D2(B2)',
  S2: 'D2(B2)',
  S0: '',
  SS1: 'D1(L,B1),D2(B2)',
  SS2: 'D1(L1,B1),D2(L2,B2)',
  SSI: 'D1(L1,B1),D2(B2),I3',
  DIAG: 'R1,R3,D2(B2)',
};
