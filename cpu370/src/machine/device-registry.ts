// Device types by the name a Hercules configuration line gives them (`000C 3505 deck.ebc`).
// Other parts of the project add their types with registerDeviceType (the terminal part
// its 3270/3215, the dasd part its 3330/3350/3380/FBA types) when their index is imported.
// The table is fixed configuration data shared by all machines in the process.

import type { Device } from '../channel/device.ts';
import { CardReader } from '../devices/card-reader.ts';
import { CardPunch } from '../devices/card-punch.ts';
import { Printer } from '../devices/printer.ts';
import { Tape } from '../devices/tape.ts';

export interface DeviceSpec {
  readonly devnum: number;
  /** The type as written on the configuration line, upper case (e.g. "3505", "3270"). */
  readonly type: string;
  /** The remaining words of the line (file names and options). */
  readonly args: readonly string[];
  /** Reports an option the device accepts but does not act on (shown to the operator). */
  readonly note: (message: string) => void;
}

export type DeviceFactory = (spec: DeviceSpec) => Device;

const factories = new Map<string, DeviceFactory>();

/** Makes `types` (e.g. '3270' or ['3330', '3350']) available on configuration lines and to `attach`. */
export function registerDeviceType(types: string | readonly string[], factory: DeviceFactory): void {
  for (const t of typeof types === 'string' ? [types] : types) factories.set(t.toUpperCase(), factory);
}

export function deviceTypes(): string[] {
  return [...factories.keys()].sort();
}

/** Creates a device of a registered type; throws an Error naming the known types otherwise. */
export function createDevice(spec: DeviceSpec): Device {
  const f = factories.get(spec.type.toUpperCase());
  if (!f) throw new Error(`device type ${spec.type} is not supported (known: ${deviceTypes().join(' ')})`);
  return f(spec);
}

function withIgnored<T extends Device & { ignored: string[] }>(d: T, spec: DeviceSpec): T {
  if (d.ignored.length) spec.note(`${hex3(spec.devnum)}: ignoring ${d.ignored.join(' ')}`);
  return d;
}

function hex3(n: number): string {
  return n.toString(16).toUpperCase().padStart(3, '0');
}

const typeNumber = (t: string) => parseInt(t, 16);

registerDeviceType(['2540R', '3505', '2501', '1442'], (s) =>
  withIgnored(new CardReader(s.devnum, typeNumber(s.type === '2540R' ? '2540' : s.type), s.args), s),
);
registerDeviceType(['2540P', '3525'], (s) => withIgnored(new CardPunch(s.devnum, typeNumber(s.type === '2540P' ? '2540' : s.type), s.args), s));
registerDeviceType(['1403', '3211', '3203'], (s) => withIgnored(new Printer(s.devnum, typeNumber(s.type), s.args), s));
registerDeviceType(['3420', '3410', '3422', '3430'], (s) => withIgnored(new Tape(s.devnum, typeNumber(s.type), s.args), s));
