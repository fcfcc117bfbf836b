// The virtual machine's console as CP gives it (a 3215 on the user's terminal): Write
// (01), Write with carrier return (09), Read inquiry (0A), Alarm (0B), NOP (03), Sense
// (04) (GA22-6889). Writes go to the CP console; a read makes the status VM READ until
// the user enters a line. With no terminal (disconnected) output is discarded and a read
// stays pending.
import {
  commandReject, fromEbcdic, toEbcdic, US_CE_DE, type CcwRequest, type CcwResult, type Device,
} from '../../../cpu370/index.ts';

export interface ConsoleSink {
  /** A line the guest wrote. */
  guestWrite(text: string, alarm: boolean): void;
  /** The guest posted a read: show VM READ and call `deliver` with the next input line. */
  guestRead(deliver: (line: string) => void): void;
  /** The guest's read ended without input (reset, halt). */
  guestReadCancelled(): void;
}

export class VirtualConsole implements Device {
  private readonly senseBytes = new Uint8Array(1);
  private pendingRead: ((line: string) => void) | null = null;
  private partial = '';

  constructor(
    readonly devnum: number,
    readonly devtype: number,
    private readonly sink: ConsoleSink,
  ) {}

  startCcw(ccw: CcwRequest, done: (result: CcwResult) => void): CcwResult | 'pending' {
    const op = ccw.command;
    if (op === 0x01 || op === 0x09) {
      const text = this.partial + fromEbcdic(ccw.data);
      if (op === 0x09) {
        this.partial = '';
        this.sink.guestWrite(text, false);
      } else this.partial = text;
      return { unitStatus: US_CE_DE, residual: 0 };
    }
    if (op === 0x0a) {
      if (this.partial) {
        this.sink.guestWrite(this.partial, false);
        this.partial = '';
      }
      const deliver = (line: string): void => {
        if (this.pendingRead !== deliver) return;
        this.pendingRead = null;
        const bytes = toEbcdic(line);
        const n = Math.min(bytes.length, ccw.count);
        ccw.data.set(bytes.subarray(0, n));
        done({ unitStatus: US_CE_DE, residual: ccw.count - n, more: bytes.length > ccw.count });
      };
      this.pendingRead = deliver;
      this.sink.guestRead(deliver);
      return 'pending';
    }
    if (op === 0x0b) {
      this.sink.guestWrite('', true);
      return { unitStatus: US_CE_DE, residual: ccw.count };
    }
    if (op === 0x03) return { unitStatus: US_CE_DE, residual: ccw.count };
    if (op === 0x04) {
      const n = Math.min(ccw.count, 1);
      ccw.data.set(this.senseBytes.subarray(0, n));
      return { unitStatus: US_CE_DE, residual: ccw.count - n };
    }
    return commandReject(this.senseBytes, ccw);
  }

  sense(): Uint8Array {
    return this.senseBytes;
  }

  halt(): void {
    if (this.pendingRead) {
      this.pendingRead = null;
      this.sink.guestReadCancelled();
    }
  }

  get reading(): boolean {
    return this.pendingRead !== null;
  }

  describe(): string {
    return `CONS ${this.devnum.toString(16).toUpperCase().padStart(3, '0')}`;
  }
}
