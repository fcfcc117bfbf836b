// Virtual unit-record devices from the directory's SPOOL statements, with the SPOOL
// command's settings (GC20-1820 SPOOL; defaults from CPGU scan 158). Spool files are the
// next slice: today the reader is empty (unit exception at once) and punch/printer output
// is accepted and kept in storage for the file that CLOSE will make.
import { commandReject, US_CE_DE, US_UNIT_EXCEPTION, type CcwRequest, type CcwResult, type Device } from '../../../cpu370/index.ts';
import type { SpoolDevice as SpoolDef } from '../directory/types.ts';
import type { VirtualMachine } from './machine.ts';

export interface SpoolSettings {
  spoolClass: string;
  cont: boolean;
  hold: boolean;
  copies: number;
  /** Userid the output goes to (null: the system's real device). */
  to: string | null;
  eof: boolean;
}

export class SpoolDevice implements Device {
  readonly devnum: number;
  readonly devtype: number;
  readonly kind: SpoolDef['kind'];
  readonly settings: SpoolSettings;
  readonly records: Uint8Array[] = [];
  private readonly senseBytes = new Uint8Array(1);

  constructor(def: SpoolDef, readonly vm: VirtualMachine) {
    this.devnum = def.vaddr;
    this.devtype = parseInt(String(def.devtype), 16);
    this.kind = def.kind;
    this.settings = { spoolClass: def.spoolClass, cont: false, hold: false, copies: 1, to: null, eof: def.kind === 'READER' };
  }

  startCcw(ccw: CcwRequest): CcwResult {
    const op = ccw.command;
    if (op === 0x03) return { unitStatus: US_CE_DE, residual: ccw.count };
    if (op === 0x04) {
      ccw.data[0] = this.senseBytes[0]!;
      return { unitStatus: US_CE_DE, residual: ccw.count - 1 };
    }
    if (this.kind === 'READER') {
      if ((op & 0x03) === 0x02) return { unitStatus: US_CE_DE | US_UNIT_EXCEPTION, residual: ccw.count };
      return commandReject(this.senseBytes, ccw);
    }
    if ((op & 0x03) === 0x01) {
      this.records.push(ccw.data.slice());
      return { unitStatus: US_CE_DE, residual: 0 };
    }
    return commandReject(this.senseBytes, ccw);
  }

  sense(): Uint8Array {
    return this.senseBytes;
  }

  halt(): void {}
}
