// Closing a machine's spooled output: LOGOFF and IPL finish the open punch and printer
// files as CLOSE would (GC20-1820 LOGOFF: "closes all spool files").
import type { VirtualMachine } from '../vm/machine.ts';
import { SpoolDevice } from './device.ts';

export function spoolDevices(vm: VirtualMachine): SpoolDevice[] {
  return [...vm.devices.values()].filter((d): d is SpoolDevice => d instanceof SpoolDevice).sort((a, b) => a.devnum - b.devnum);
}

/** Closes every open punch and printer file; returns the response lines. */
export function closeOutput(vm: VirtualMachine): string[] {
  return spoolDevices(vm)
    .filter((d) => d.kind !== 'READER')
    .flatMap((d) => d.closeFile());
}
