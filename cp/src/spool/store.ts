// The system's spool: every closed spool file, with a spoolid unique in the system, kept
// in the data directory so that it survives a restart (one JSON file per spool file:
// `spool/nnnn.json`; the last spoolid given out in `spool/next`). Printer files that are
// released go to the system printer, a host text file (`printer.txt`).
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromEbcdic } from '../../../cpu370/index.ts';

/** The queue a file is on: a user's reader, printer or punch queue. */
export type SpoolQueue = 'RDR' | 'PRT' | 'PUN';
/** The device type the file was made on (QUERY's `typ`). */
export type OriginType = 'PRT' | 'PUN' | 'CON' | 'RDR';

export interface SpoolFile {
  readonly id: number;
  queue: SpoolQueue;
  /** Whose queue it is on. */
  owner: string;
  /** Who made it. */
  readonly origin: string;
  readonly originType: OriginType;
  spoolClass: string;
  copies: number;
  /** User hold: not read or printed until released. */
  hold: boolean;
  /** Creation time (ms since the epoch). */
  readonly created: number;
  name: string;
  type: string;
  dist: string;
  /** Place in the queue set by ORDER (else the creation time decides). */
  order?: number;
  /** Card images (punch) or CCW command byte + line (printer). */
  readonly records: Uint8Array[];
}

/** CPGU scan 159: spoolids run from 1 to 9900, then start again at 1. */
const MAX_SPOOLID = 9900;

export const spoolid = (id: number): string => String(id).padStart(4, '0');

export class SpoolStore {
  private readonly files = new Map<number, SpoolFile>();
  private lastId = 0;
  private readonly dir: string | null;
  private readonly printerFile: string | null;

  /** `dataDir` null: the spool lives in storage only (tests without a system). */
  constructor(dataDir: string | null) {
    this.dir = dataDir ? join(dataDir, 'spool') : null;
    this.printerFile = dataDir ? join(dataDir, 'printer.txt') : null;
    if (this.dir) this.load(this.dir);
  }

  private load(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const next = join(dir, 'next');
    if (existsSync(next)) this.lastId = Number(readFileSync(next, 'utf8').trim()) || 0;
    for (const name of readdirSync(dir)) {
      if (!/^\d{4}\.json$/.test(name)) continue;
      try {
        const j = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Omit<SpoolFile, 'records'> & { records: string[] };
        const f: SpoolFile = { ...j, records: j.records.map((r) => new Uint8Array(Buffer.from(r, 'base64'))) };
        this.files.set(f.id, f);
        if (!existsSync(next)) this.lastId = Math.max(this.lastId, f.id);
      } catch {
        // A damaged file is left on disk for the operator and not queued.
      }
    }
  }

  /** A new spoolid: the next number not in use, wrapping after 9900. */
  allocateId(): number {
    for (let n = 0; n < MAX_SPOOLID; n++) {
      this.lastId = (this.lastId % MAX_SPOOLID) + 1;
      if (!this.files.has(this.lastId) && !this.reserved.has(this.lastId)) {
        this.reserved.add(this.lastId);
        if (this.dir) {
          try {
            writeFileSync(join(this.dir, 'next'), String(this.lastId));
          } catch {
            // Without it a restart starts after the highest spoolid on disk.
          }
        }
        return this.lastId;
      }
    }
    throw new Error('spool full');
  }

  /** Spoolids of files still open on a virtual device. */
  private readonly reserved = new Set<number>();

  release(id: number): void {
    this.reserved.delete(id);
  }

  /** Queues a closed file (or saves a changed one). */
  put(f: SpoolFile): void {
    this.reserved.delete(f.id);
    this.files.set(f.id, f);
    if (this.dir) {
      const j = { ...f, records: f.records.map((r) => Buffer.from(r).toString('base64')) };
      try {
        writeFileSync(join(this.dir, `${spoolid(f.id)}.json`), JSON.stringify(j));
      } catch {
        // The host refuses the file (disk full, permissions): it stays queued in storage
        // and is lost at a restart, rather than failing the CLOSE or LOGOFF that made it.
      }
    }
  }

  get(id: number): SpoolFile | undefined {
    return this.files.get(id);
  }

  remove(id: number): void {
    if (!this.files.delete(id)) return;
    if (this.dir) rmSync(join(this.dir, `${spoolid(id)}.json`), { force: true });
  }

  /** The files on one user's queue, oldest first (the order they are processed in). */
  queue(owner: string, queue: SpoolQueue): SpoolFile[] {
    const key = (f: SpoolFile): number => f.order ?? f.created;
    return [...this.files.values()].filter((f) => f.owner === owner && f.queue === queue).sort((a, b) => key(a) - key(b) || a.id - b.id);
  }

  /** Prints a file on the system printer: its lines go to the printer file, one copy after another. */
  print(f: SpoolFile): string {
    const text = printerText(f);
    try {
      if (this.printerFile) for (let c = 0; c < f.copies; c++) appendFileSync(this.printerFile, text);
    } catch {
      // As above: the host printer file cannot be written; the output is dropped.
    }
    return text;
  }
}

/**
 * A printer file as text. Each record is the write CCW's command byte and the line: the
 * command says the carriage motion after printing (GA24-3312 1403: X'01' no space,
 * X'09'/X'11'/X'19' space 1-3 lines, X'89' skip to channel 1) and, for the immediate
 * control commands (X'0B', X'13', X'1B', X'8B') without a line, before.
 */
export function printerText(f: SpoolFile): string {
  let out = '';
  for (const r of f.records) {
    const cmd = r[0]!;
    if ((cmd & 0x03) === 0x01) out += fromEbcdic(r.subarray(1)).replace(/\s+$/, '');
    out += motion(cmd);
  }
  return out === '' || /[\n\f]$/.test(out) ? out : out + '\n';
}

function motion(cmd: number): string {
  if ((cmd & 0x80) !== 0) return '\f';
  const lines = (cmd >> 3) & 0x03;
  return lines === 0 ? '\r' : '\n'.repeat(lines);
}
