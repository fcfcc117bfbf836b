// Initial program loading (GA22-7000 ch. 4, "Initial Program Loading"): system reset,
// the implied READ of 24 bytes at 0 with command chaining from location 8, then the PSW
// from location 0. The I/O address goes into bytes 2-3 when that PSW is in BC mode, and
// into X'BA'-X'BB' (with zeros at X'B8'-X'B9') when it is in EC mode.

import { US_CE_DE, US_STATUS_MODIFIER } from '../channel/device.ts';
import { formatCsw } from '../channel/csw.ts';
import type { Machine } from './machine.ts';

export type IplResult = { ok: true; psw: string } | { ok: false; reason: string };

const PSW_EC_BIT = 0x08; // bit 12: byte 1 of the PSW

/** IPLs CPU `cpuIndex` from device `devnum`; resolves once the IPL I/O has ended and the CPU is started. */
export function ipl(machine: Machine, devnum: number, opts: { loadparm?: string; cpu?: number } = {}): Promise<IplResult> {
  const cpuIndex = opts.cpu ?? 0;
  const cpu = machine.cpus[cpuIndex];
  if (!cpu) return Promise.resolve({ ok: false, reason: `no CPU ${cpuIndex}` });
  if (!machine.channels.device(devnum)) return Promise.resolve({ ok: false, reason: `device ${hex(devnum, 3)} not found` });
  machine.systemReset();
  machine.loadparm = (opts.loadparm ?? '').toUpperCase().padEnd(8, ' ').slice(0, 8);
  const st = machine.storage;
  return new Promise((resolve) => {
    machine.channels.iplRead(devnum, (end) => {
      const { csw } = end;
      if ((csw.unitStatus & ~US_STATUS_MODIFIER) !== US_CE_DE || csw.channelStatus !== 0) {
        resolve({ ok: false, reason: `IPL I/O failed: CSW ${formatCsw(csw)}` });
        return;
      }
      if ((st.read8(1) & PSW_EC_BIT) !== 0) {
        st.write16(0xb8, 0);
        st.write16(0xba, devnum);
      } else {
        st.write16(2, devnum);
      }
      cpu.loadPsw(st.read32(0), st.read32(4));
      machine.start(cpuIndex);
      resolve({ ok: true, psw: hex(st.read32(0), 8) + hex(st.read32(4), 8) });
    });
  });
}

function hex(v: number, d: number): string {
  return (v >>> 0).toString(16).toUpperCase().padStart(d, '0');
}
