// A stand-alone "program" for tests: it drives a Display3270 with CCWs exactly as a
// channel program would (Erase/Write Alternate, then Read Modified on attention, then a
// Write with the reply), without needing a CPU.
import { US_ATTENTION, US_DEVICE_END, type CcwRequest, type CcwResult, type Device } from '../../../cpu370/index.ts';
import { toEbcdic, fromEbcdic } from '../../../cpu370/index.ts';
import { Display3270, encodeAddress, ORDER } from '../../index.ts';

export function ccw(command: number, data: Uint8Array | number, sequence = 0): CcwRequest {
  const buf = typeof data === 'number' ? new Uint8Array(data) : data;
  return { command, flags: 0, count: buf.length, data: buf, chained: false, prevCommand: 0, sequence };
}

export function run(device: Device, req: CcwRequest): Promise<CcwResult> {
  return new Promise((resolve) => {
    const r = device.startCcw(req, resolve);
    if (r !== 'pending') resolve(r);
  });
}

const e = (s: string): number[] => Array.from(toEbcdic(s));

/** The screen the test program writes: title, a NAME input field, a marker on the last row. */
export function programScreen(rows: number, cols: number): Uint8Array {
  const size = rows * cols;
  const at = (r: number, c: number): number[] => [ORDER.SBA, ...encodeAddress(r * cols + c, size)];
  return Uint8Array.from([
    0xc3,
    ...at(0, 0), ORDER.SF, 0xe8, ...e('VM/370 STAND-ALONE TEST PROGRAM'),
    ...at(2, 0), ORDER.SF, 0x60, ...e('NAME:'),
    ...at(2, 7), ORDER.SF, 0x40, ORDER.IC,
    ...at(2, 28), ORDER.SF, 0x60,
    ...at(rows - 1, 0), ORDER.SF, 0x60, ...e(`LAST ROW OF ${rows}X${cols}`),
  ]);
}

/** Attaches to the device, writes its screen when a terminal connects, answers each AID. */
export class TestProgram {
  readonly log: string[] = [];

  constructor(private readonly device: Display3270) {
    device.attach({
      presentStatus: (_d, status) => {
        if (status & US_DEVICE_END) void this.writeScreen();
        if (status & US_ATTENTION) void this.answer();
      },
    });
  }

  private async writeScreen(): Promise<void> {
    const m = this.device.connectedSession?.info.model;
    if (!m) return;
    const r = await run(this.device, ccw(0x0d, programScreen(m.alternate.rows, m.alternate.cols)));
    this.log.push(`EWA ${r.unitStatus.toString(16)}`);
  }

  private async answer(): Promise<void> {
    const m = this.device.connectedSession?.info.model;
    if (!m) return;
    const req = ccw(0x06, 256);
    const r = await run(this.device, req);
    const data = req.data.subarray(0, req.count - r.residual);
    const aid = data[0]!;
    const name = data.length > 6 && data[3] === ORDER.SBA ? fromEbcdic(data.subarray(6)) : '';
    this.log.push(`RM ${aid.toString(16)} ${name}`);
    const { rows, cols } = m.alternate;
    const size = rows * cols;
    const reply = `HELLO ${name || 'NOBODY'}, AID ${aid.toString(16).toUpperCase()}`;
    await run(this.device, ccw(0x01, Uint8Array.from([0x03, ORDER.SBA, ...encodeAddress(4 * cols, size), ORDER.SF, 0x60, ...e(reply.padEnd(40))])));
  }
}
