// Diagnostics and return codes. Severities follow HLASM: 0 information, 4 warning,
// 8 error, 12 severe error, 16 unrecoverable; the return code is the highest severity.

export interface SourceLoc {
  readonly file: string;
  readonly line: number;
  /** Name of the macro whose expansion produced the statement, if any. */
  readonly macro?: string;
}

export interface Diagnostic {
  readonly severity: number;
  readonly message: string;
  readonly loc: SourceLoc;
  /** 1-based column within the source line, where one is known. */
  readonly column?: number;
}

export class Diagnostics {
  readonly list: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  add(severity: number, message: string, loc: SourceLoc, column?: number): void {
    const key = `${loc.file}\0${loc.line}\0${loc.macro ?? ''}\0${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ severity, message, loc, column });
  }
  get returnCode(): number {
    let rc = 0;
    for (const d of this.list) rc = Math.max(rc, returnCodeOf(d.severity));
    return rc;
  }
}

/** Maps a severity (MNOTE allows 0-255) to the return codes 0/4/8/12/16. */
export function returnCodeOf(severity: number): number {
  if (severity <= 0) return 0;
  if (severity > 12) return 16;
  return Math.ceil(severity / 4) * 4;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.loc.file}:${d.loc.line}${d.column ? ':' + d.column : ''}`;
  const kind = d.severity >= 12 ? 'severe' : d.severity >= 8 ? 'error' : d.severity >= 4 ? 'warning' : 'note';
  const inMacro = d.loc.macro ? ` (in macro ${d.loc.macro})` : '';
  return `${where}: ${kind} (${d.severity}): ${d.message}${inMacro}`;
}

/** Thrown inside statement processing; caught per statement and turned into a diagnostic. */
export class AsmError extends Error {
  constructor(
    message: string,
    readonly severity = 8,
    readonly column?: number,
  ) {
    super(message);
  }
}
