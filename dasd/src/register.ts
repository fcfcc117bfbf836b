// Configuration-line device types: `0190 3350 vol.3350 [sf=shadow.3350] [ro]`,
// `0300 3370 vol.fba [ro]`, as Hercules writes them.
import { registerDeviceType, type DeviceSpec } from '../../cpu370/index.ts';
import { CkdDevice } from './ckd-device.ts';
import { FbaDevice } from './fba-device.ts';
import { CKD_GEOMETRIES, FBA_GEOMETRIES, findCkdGeometry } from './geometry.ts';
import { openCkdImage, openFbaImage } from './image/open.ts';
import { parseDasdArgs, type DasdArgs } from './device-args.ts';

function parseArgs(spec: DeviceSpec): DasdArgs {
  const args = parseDasdArgs(spec.type, spec.args);
  if (args.ignored.length) spec.note(`${spec.devnum.toString(16).toUpperCase().padStart(3, '0')}: ignoring ${args.ignored.join(' ')}`);
  return args;
}

export function createCkdDeviceFromSpec(spec: DeviceSpec): CkdDevice {
  const args = parseArgs(spec);
  const wanted = findCkdGeometry(spec.type);
  const image = openCkdImage(args.file, { readOnly: args.readOnly, shadow: args.shadow });
  if (wanted && (image.geometry.devtype & 0xff) !== (wanted.devtype & 0xff)) {
    image.close();
    throw new Error(`${args.file} is a ${image.geometry.name} volume, not ${spec.type}`);
  }
  return new CkdDevice(spec.devnum, image);
}

export function createFbaDeviceFromSpec(spec: DeviceSpec): FbaDevice {
  const args = parseArgs(spec);
  return new FbaDevice(spec.devnum, openFbaImage(args.file, spec.type, { readOnly: args.readOnly }));
}

const ckdTypes = [...new Set(CKD_GEOMETRIES.map((g) => g.devtype.toString(16)).concat(['2319']))];
const fbaTypes = [...new Set(FBA_GEOMETRIES.map((g) => g.devtype.toString(16)))];

registerDeviceType(ckdTypes, createCkdDeviceFromSpec);
registerDeviceType(fbaTypes, createFbaDeviceFromSpec);
