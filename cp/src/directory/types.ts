// The in-storage directory: one entry per USER statement and the statements that follow it
// (VM/370 Planning and System Generation Guide, "Directory Control Statements").
import type { PasswordHash } from './password.ts';

export interface SpoolDevice {
  readonly vaddr: number;
  /** 2540, 3505, 3525, 1403, 3211 ... */
  readonly devtype: number;
  /** READER, PUNCH or PRINTER (2540 needs READ or PUNCH on the statement). */
  readonly kind: 'READER' | 'PUNCH' | 'PRINTER';
  readonly spoolClass: string;
}

export interface MinidiskDef {
  readonly vaddr: number;
  readonly devtype: number;
  readonly start: number;
  readonly count: number;
  readonly volser: string;
  readonly mode: string;
  readonly readPassword?: string;
  readonly writePassword?: string;
  readonly multiPassword?: string;
}

export interface LinkDef {
  readonly userid: string;
  readonly vaddr: number;
  readonly localVaddr: number;
  readonly mode: string;
}

export interface DedicateDef {
  readonly vaddr: number;
  /** A real device address or a volume serial. */
  readonly real: string;
}

export interface UserEntry {
  readonly userid: string;
  /** null for NOLOG: the user owns resources but cannot log on. */
  readonly password: PasswordHash | null;
  readonly storage: number;
  readonly maxStorage: number;
  /** Privilege classes, e.g. "G" or "ABCDEFG". */
  readonly classes: string;
  readonly priority: number;
  readonly lineEnd: string;
  readonly lineDel: string;
  readonly charDel: string;
  readonly escape: string;
  readonly line: number;
  account?: { number: string; distcode: string };
  readonly options: Set<string>;
  ipl?: { target: string; parm?: string };
  console?: { vaddr: number; devtype: number; spoolClass: string };
  readonly spool: SpoolDevice[];
  readonly mdisks: MinidiskDef[];
  readonly links: LinkDef[];
  readonly dedicates: DedicateDef[];
}

export interface DirectoryHeader {
  readonly vaddr: number;
  readonly devtype: number;
  readonly volser: string;
}

export interface Directory {
  readonly header?: DirectoryHeader;
  readonly users: ReadonlyMap<string, UserEntry>;
}
