// CP's virtual unit-record devices from the directory's SPOOL statements: the reader reads
// the files on its user's reader queue card by card; punch and printer output goes into an
// open spool file that CLOSE (or LOGOFF, IPL) finishes. Settings are the SPOOL command's
// (GC20-1820 SPOOL; defaults from CPGU scan 158: reader CLASS * EOF, others CLASS A COPY 01).
import {
  commandReject,
  SENSE_INTERVENTION_REQUIRED,
  US_CE_DE,
  US_DEVICE_END,
  US_UNIT_CHECK,
  US_UNIT_EXCEPTION,
  type CcwRequest,
  type CcwResult,
  type Device,
  type DeviceHost,
} from '../../../cpu370/index.ts';
import type { SpoolDevice as SpoolDef } from '../directory/types.ts';
import type { VirtualMachine } from '../vm/machine.ts';
import { spoolid, type SpoolFile } from './store.ts';

export interface SpoolSettings {
  spoolClass: string;
  cont: boolean;
  hold: boolean;
  copies: number;
  /** Userid whose reader gets the output (null: the system's real device). */
  to: string | null;
  eof: boolean;
}

export interface CloseOptions {
  hold?: boolean;
  purge?: boolean;
  dist?: string;
  name?: string;
  type?: string;
}

const CARD = 80;
/**
 * Records one spool file may hold. The host's storage stands in for spool space: past this
 * the device is not ready (unit check, intervention required), as a full spool would leave it.
 */
export const MAX_RECORDS = 200_000;
const two = (n: number): string => String(n).padStart(2, '0');

export class SpoolDevice implements Device {
  readonly devnum: number;
  readonly devtype: number;
  readonly kind: SpoolDef['kind'];
  readonly settings: SpoolSettings;
  /** The output file being written, or the reader file being read. */
  open: SpoolFile | null = null;
  /** Next card of the reader file. */
  private next = 0;
  private readonly senseBytes = new Uint8Array(1);
  /** The reader answered intervention required: a file that arrives makes it ready. */
  private notReady = false;
  private host: DeviceHost | undefined;

  constructor(def: SpoolDef, readonly vm: VirtualMachine) {
    this.devnum = def.vaddr;
    this.devtype = parseInt(String(def.devtype), 16);
    this.kind = def.kind;
    this.settings = { spoolClass: def.spoolClass, cont: false, hold: false, copies: 1, to: null, eof: def.kind === 'READER' };
  }

  private get store() {
    return this.vm.cp.spool;
  }

  startCcw(ccw: CcwRequest): CcwResult {
    const op = ccw.command;
    if (op === 0x04) {
      ccw.data[0] = this.senseBytes[0]!;
      this.senseBytes[0] = 0;
      return { unitStatus: US_CE_DE, residual: ccw.count - 1 };
    }
    if (op === 0x03) return { unitStatus: US_CE_DE, residual: ccw.count };
    if (this.kind === 'READER') {
      if ((op & 0x03) === 0x02) return this.read(ccw);
      if ((op & 0x03) === 0x03) return { unitStatus: US_CE_DE, residual: ccw.count };
      return commandReject(this.senseBytes, ccw);
    }
    if ((op & 0x03) === 0x01) {
      const f = this.outputFile();
      if (f.records.length >= MAX_RECORDS) return this.unitCheck(ccw);
      // A card takes 80 bytes, a 1403 line 132, a 3211 line 150; more is left as residual
      // count (incorrect length unless SLI).
      const width = this.kind === 'PUNCH' ? CARD : this.devtype === 0x3211 ? 150 : 132;
      const n = Math.min(ccw.count, width);
      if (this.kind === 'PUNCH') {
        const card = new Uint8Array(CARD).fill(0x40);
        card.set(ccw.data.subarray(0, n));
        f.records.push(card);
      } else f.records.push(Uint8Array.of(op, ...ccw.data.subarray(0, n)));
      return { unitStatus: US_CE_DE, residual: ccw.count - n };
    }
    if (this.kind === 'PRINTER' && (op & 0x03) === 0x03) {
      const f = this.outputFile();
      if (f.records.length >= MAX_RECORDS) return this.unitCheck(ccw);
      f.records.push(Uint8Array.of(op));
      return { unitStatus: US_CE_DE, residual: ccw.count };
    }
    if ((op & 0x03) === 0x03) return { unitStatus: US_CE_DE, residual: ccw.count };
    return commandReject(this.senseBytes, ccw);
  }

  sense(): Uint8Array {
    return this.senseBytes;
  }

  halt(): void {}

  attach(host: DeviceHost): void {
    this.host = host;
  }

  // ------------------------------------------------------------------ output

  private outputFile(): SpoolFile {
    if (this.open) return this.open;
    const s = this.settings;
    this.open = {
      id: this.store.allocateId(),
      queue: this.kind === 'PUNCH' ? 'PUN' : 'PRT',
      owner: this.vm.userid,
      origin: this.vm.userid,
      originType: this.kind === 'PUNCH' ? 'PUN' : 'PRT',
      spoolClass: s.spoolClass,
      copies: s.copies,
      hold: s.hold,
      created: this.vm.cp.hw.now().getTime(),
      name: '',
      type: '',
      dist: this.vm.entry.account?.distcode ?? '',
      records: [],
    };
    return this.open;
  }

  /**
   * CLOSE: the open output file is finished and sent on (to a user's reader, or to the
   * system printer unless held); a reader file being read is purged unless held. Returns
   * the response lines.
   */
  closeFile(opts: CloseOptions = {}): string[] {
    if (this.kind === 'READER') return this.closeReader(opts.hold ?? this.settings.hold);
    const f = this.open;
    if (!f) return [];
    this.open = null;
    if (opts.purge) {
      this.store.release(f.id);
      return [];
    }
    if (f.records.length === 0) {
      this.store.release(f.id);
      return [];
    }
    f.hold = opts.hold ?? f.hold;
    if (opts.dist !== undefined) f.dist = opts.dist;
    if (opts.name !== undefined) {
      f.name = opts.name;
      f.type = opts.type ?? '';
    }
    const hold = f.hold ? 'HOLD' : 'NOHOLD';
    const to = this.settings.to ?? this.vm.userid;
    const line = `${f.originType} FILE ${spoolid(f.id)}  TO  ${to.padEnd(8)} COPY ${two(f.copies)} ${hold}`;
    if (this.kind === 'PUNCH' || this.settings.to) {
      f.queue = 'RDR';
      f.owner = to;
      this.store.put(f);
      const receiver = this.vm.cp.users.get(to);
      if (receiver) readerFilesArrived(receiver);
      if (receiver && to !== this.vm.userid) {
        receiver.terminal?.cpMessage(`RDR FILE ${spoolid(f.id)} FROM ${this.vm.userid.padEnd(8)} ${f.originType} COPY ${two(f.copies)} ${hold}`);
      }
    } else if (f.hold) {
      this.store.put(f);
    } else {
      this.store.release(f.id);
      this.store.print(f);
      // CPGU scan 159: the spoolid is shown only for a file with several copies, one
      // transferred to a user, or one in user hold.
      if (f.copies === 1) return [];
    }
    return [line];
  }

  // ------------------------------------------------------------------ reader

  private read(ccw: CcwRequest): CcwResult {
    for (;;) {
      if (!this.open) {
        const f = this.nextFile();
        // An empty reader is not ready: unit check, intervention required.
        if (!f) return this.unitCheck(ccw);
        this.open = f;
        this.next = 0;
        this.notReady = false;
      }
      const f = this.open;
      if (this.next < f.records.length) {
        const card = f.records[this.next++]!;
        const n = Math.min(ccw.count, card.length);
        ccw.data.set(card.subarray(0, n));
        const r: CcwResult = { unitStatus: US_CE_DE, residual: ccw.count - n };
        if (card.length > ccw.count) r.more = true;
        return r;
      }
      // The read after the last card: the file is done, purged unless the reader holds it;
      // a CONT HOLD reader puts the files it has read in user hold (GC20-1820 SPOOL).
      if (this.settings.hold && this.settings.cont) {
        f.hold = true;
        this.store.put(f);
      }
      this.finishReaderFile(this.settings.hold);
      if (this.settings.cont && this.nextFile()) continue;
      if (this.settings.eof) return { unitStatus: US_CE_DE | US_UNIT_EXCEPTION, residual: ccw.count };
      return this.unitCheck(ccw);
    }
  }

  /** The first file on the reader queue that this reader may read (class, not held, not being read by another reader). */
  private nextFile(): SpoolFile | undefined {
    const cls = this.settings.spoolClass;
    const inUse = new Set([...this.vm.devices.values()].map((d) => (d instanceof SpoolDevice ? d.open : null)));
    return this.store.queue(this.vm.userid, 'RDR').find((x) => !x.hold && !inUse.has(x) && (cls === '*' || x.spoolClass === cls));
  }

  /**
   * A file has come to this user's reader queue: a reader that was not ready becomes ready
   * and says so with device end, as a real reader does when cards are loaded.
   */
  filesArrived(): void {
    if (this.kind !== 'READER' || !this.notReady || !this.nextFile()) return;
    this.notReady = false;
    this.host?.presentStatus(this, US_DEVICE_END);
  }

  private unitCheck(ccw: CcwRequest): CcwResult {
    this.notReady = true;
    this.senseBytes[0] = SENSE_INTERVENTION_REQUIRED;
    return { unitStatus: US_CE_DE | US_UNIT_CHECK, residual: ccw.count };
  }

  private finishReaderFile(hold: boolean): void {
    const f = this.open;
    this.open = null;
    this.next = 0;
    if (f && !hold) this.store.remove(f.id);
  }

  private closeReader(hold: boolean): string[] {
    if (this.open) this.finishReaderFile(hold);
    return [];
  }

  /** Cards left in the reader file being read (QUERY). */
  get cardsRead(): number {
    return this.next;
  }
}

/** Tells a logged-on machine's readers that files came to its reader queue. */
export function readerFilesArrived(vm: VirtualMachine): void {
  for (const d of vm.devices.values()) if (d instanceof SpoolDevice) d.filesArrived();
}
