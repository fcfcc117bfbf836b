// The final-state report of a stand-alone run: the shape of `vm370 run --json`
// (issue 2 item 7), shared by our runner and the Hercules harness.

export type RunStatus = 'wait' | 'limit' | 'checkstop';

export interface RunReport {
  status: RunStatus;
  /** 16 hex digits. */
  waitPsw: string;
  gpr: string[];
  fpr: string[];
  cr: string[];
  /** Keyed by each dump range as given; upper-case hex, `--` for bytes outside storage. */
  mem: Record<string, string>;
  /** Program-interruption codes in the order they occurred, 4 hex digits each. */
  pgmCodes: string[];
  /** Instructions executed (Hercules cannot tell: absent there). */
  instructions?: number;
}

/** A BC-mode PSW (bit 12 off) with its ILC bits 32-33 cleared: Hercules shows the last ILC there. */
export function maskBcIlc(psw: string): string {
  const hi = parseInt(psw.slice(0, 8), 16);
  if ((hi & 0x00080000) !== 0) return psw;
  const lo = parseInt(psw.slice(8), 16) & 0x3fffffff;
  return psw.slice(0, 8) + lo.toString(16).toUpperCase().padStart(8, '0');
}
