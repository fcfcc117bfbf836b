// Device geometry of the CKD and FBA devices we emulate. Figures are those of the IBM
// reference summaries (3330/3340/3350 GX20-1920, 3375 GA26-1666, 3380 GA26-1664) as
// Hercules' dasdtab carries them, so images agree with Hercules byte for byte.

/** How records use a track, for the capacity check of Write CKD. */
export type CapacityFormula =
  /** 2311, 2314: the last record on a track needs less gap than the others. */
  | { kind: 'gap-last'; c: number; x: number; d1: number; d2: number }
  /** 3330, 3340, 3350: a fixed gap per record and per key. */
  | { kind: 'fixed-gap'; c: number; x: number }
  /** 3375, 3380: fields rounded up to cells of f1 bytes. */
  | { kind: 'cells'; f1: number; f2: number; f3: number };

export interface CkdGeometry {
  readonly name: string;
  readonly devtype: number;
  readonly model: number;
  readonly deviceClass: number;
  readonly deviceCode: number;
  /** Primary cylinders; the default volume size adds the alternates. */
  readonly cylinders: number;
  readonly alternateCylinders: number;
  readonly heads: number;
  /** Largest R0 data length. */
  readonly r0Max: number;
  /** Largest R1 data length (one keyless record filling the track). */
  readonly r1Max: number;
  /** Bytes taken by home address and a standard R0. */
  readonly haR0Overhead: number;
  /** Track length in the units of the capacity formula. */
  readonly trackLength: number;
  /** Rotational position sectors per track (0: no RPS feature). */
  readonly sectors: number;
  readonly rpsFactor: number;
  readonly formula: CapacityFormula;
  /** Control unit Hercules attaches it to. */
  readonly controlUnit: { readonly devtype: number; readonly model: number; readonly code: number; readonly features: number };
  /** Sense bytes the device returns: 6 (2841/2314 control) or 24 (3830/3880). */
  readonly senseLength: 6 | 24;
  readonly hasSenseId: boolean;
  readonly hasReadDeviceCharacteristics: boolean;
  /** Write CKD Next Track (X'9D') and Read Multiple CKD (X'5E') exist on 3880-attached devices. */
  readonly has3880Commands: boolean;
}

const CU_2841 = { devtype: 0x2841, model: 0x00, code: 0x00, features: 0 };
const CU_2314 = { devtype: 0x2314, model: 0x00, code: 0x00, features: 0 };
const CU_3830 = { devtype: 0x3830, model: 0x02, code: 0x00, features: 0 };
const CU_3880 = { devtype: 0x3880, model: 0x05, code: 0x09, features: 0x80000000 };

function ckd(g: Omit<CkdGeometry, 'hasSenseId' | 'hasReadDeviceCharacteristics' | 'has3880Commands' | 'senseLength'>): CkdGeometry {
  const is3880 = g.controlUnit.devtype === 0x3880;
  const old = g.devtype === 0x2311 || g.devtype === 0x2314;
  return {
    ...g,
    senseLength: old ? 6 : 24,
    hasSenseId: !old,
    hasReadDeviceCharacteristics: is3880,
    has3880Commands: is3880,
  };
}

export const CKD_GEOMETRIES: readonly CkdGeometry[] = [
  ckd({ name: '2311', devtype: 0x2311, model: 0x00, deviceClass: 0x20, deviceCode: 0x00, cylinders: 200, alternateCylinders: 3, heads: 10, r0Max: 0, r1Max: 3625, haR0Overhead: 0, trackLength: 3625, sectors: 0, rpsFactor: 0, formula: { kind: 'gap-last', c: 20, x: 61, d1: 537, d2: 512 }, controlUnit: CU_2841 }),
  ckd({ name: '2314', devtype: 0x2314, model: 0x00, deviceClass: 0x20, deviceCode: 0x00, cylinders: 200, alternateCylinders: 3, heads: 20, r0Max: 0, r1Max: 7294, haR0Overhead: 0, trackLength: 7294, sectors: 0, rpsFactor: 0, formula: { kind: 'gap-last', c: 45, x: 101, d1: 2137, d2: 2048 }, controlUnit: CU_2314 }),
  ckd({ name: '3330', devtype: 0x3330, model: 0x01, deviceClass: 0x20, deviceCode: 0x00, cylinders: 404, alternateCylinders: 7, heads: 19, r0Max: 13165, r1Max: 13030, haR0Overhead: 135, trackLength: 13165, sectors: 128, rpsFactor: 0, formula: { kind: 'fixed-gap', c: 56, x: 135 }, controlUnit: CU_3830 }),
  ckd({ name: '3330-11', devtype: 0x3330, model: 0x11, deviceClass: 0x20, deviceCode: 0x00, cylinders: 808, alternateCylinders: 7, heads: 19, r0Max: 13165, r1Max: 13030, haR0Overhead: 135, trackLength: 13165, sectors: 128, rpsFactor: 0, formula: { kind: 'fixed-gap', c: 56, x: 135 }, controlUnit: CU_3830 }),
  ckd({ name: '3340', devtype: 0x3340, model: 0x01, deviceClass: 0x20, deviceCode: 0x00, cylinders: 348, alternateCylinders: 1, heads: 12, r0Max: 8535, r1Max: 8368, haR0Overhead: 167, trackLength: 8535, sectors: 64, rpsFactor: 0, formula: { kind: 'fixed-gap', c: 75, x: 167 }, controlUnit: CU_3830 }),
  ckd({ name: '3340-70', devtype: 0x3340, model: 0x02, deviceClass: 0x20, deviceCode: 0x00, cylinders: 696, alternateCylinders: 2, heads: 12, r0Max: 8535, r1Max: 8368, haR0Overhead: 167, trackLength: 8535, sectors: 64, rpsFactor: 0, formula: { kind: 'fixed-gap', c: 75, x: 167 }, controlUnit: CU_3830 }),
  ckd({ name: '3350', devtype: 0x3350, model: 0x00, deviceClass: 0x20, deviceCode: 0x00, cylinders: 555, alternateCylinders: 5, heads: 30, r0Max: 19254, r1Max: 19069, haR0Overhead: 185, trackLength: 19254, sectors: 128, rpsFactor: 0, formula: { kind: 'fixed-gap', c: 82, x: 185 }, controlUnit: CU_3830 }),
  ckd({ name: '3375', devtype: 0x3375, model: 0x02, deviceClass: 0x20, deviceCode: 0x0e, cylinders: 959, alternateCylinders: 3, heads: 12, r0Max: 36000, r1Max: 35616, haR0Overhead: 832, trackLength: 36000, sectors: 196, rpsFactor: 0x5007, formula: { kind: 'cells', f1: 32, f2: 384, f3: 160 }, controlUnit: CU_3880 }),
  ckd({ name: '3380', devtype: 0x3380, model: 0x02, deviceClass: 0x20, deviceCode: 0x0e, cylinders: 885, alternateCylinders: 1, heads: 15, r0Max: 47988, r1Max: 47476, haR0Overhead: 1088, trackLength: 47968, sectors: 222, rpsFactor: 0x5007, formula: { kind: 'cells', f1: 32, f2: 492, f3: 236 }, controlUnit: CU_3880 }),
  ckd({ name: '3380-E', devtype: 0x3380, model: 0x0a, deviceClass: 0x20, deviceCode: 0x0e, cylinders: 1770, alternateCylinders: 2, heads: 15, r0Max: 47988, r1Max: 47476, haR0Overhead: 1088, trackLength: 47968, sectors: 222, rpsFactor: 0x5007, formula: { kind: 'cells', f1: 32, f2: 492, f3: 236 }, controlUnit: CU_3880 }),
  ckd({ name: '3380-K', devtype: 0x3380, model: 0x1e, deviceClass: 0x20, deviceCode: 0x0e, cylinders: 2655, alternateCylinders: 3, heads: 15, r0Max: 47988, r1Max: 47476, haR0Overhead: 1088, trackLength: 47968, sectors: 222, rpsFactor: 0x5007, formula: { kind: 'cells', f1: 32, f2: 492, f3: 236 }, controlUnit: CU_3880 }),
];

const CKD_ALIASES: Record<string, string> = {
  '2311-1': '2311', '2314-1': '2314', '2319': '2314', '3330-1': '3330', '3330-2': '3330-11',
  '3340-1': '3340', '3340-35': '3340', '3340-2': '3340-70', '3350-1': '3350', '3375-1': '3375',
  '3380-1': '3380', '3380-A': '3380', '3380-B': '3380', '3380-D': '3380', '3380-J': '3380',
  '3380-2': '3380-E', '3380-3': '3380-K',
};

export interface FbaGeometry {
  readonly name: string;
  readonly devtype: number;
  readonly deviceClass: number;
  readonly unitType: number;
  readonly model: number;
  readonly blocksPerCyclicalGroup: number;
  readonly blocksPerAccessPosition: number;
  readonly blockSize: 512;
  readonly blocks: number;
  readonly controlUnitType: number;
}

export const FBA_GEOMETRIES: readonly FbaGeometry[] = [
  { name: '3310', devtype: 0x3310, deviceClass: 0x21, unitType: 0x01, model: 0x01, blocksPerCyclicalGroup: 32, blocksPerAccessPosition: 352, blockSize: 512, blocks: 125664, controlUnitType: 0x4331 },
  { name: '3370', devtype: 0x3370, deviceClass: 0x21, unitType: 0x02, model: 0x00, blocksPerCyclicalGroup: 62, blocksPerAccessPosition: 744, blockSize: 512, blocks: 558000, controlUnitType: 0x3880 },
  { name: '3370-2', devtype: 0x3370, deviceClass: 0x21, unitType: 0x05, model: 0x04, blocksPerCyclicalGroup: 62, blocksPerAccessPosition: 744, blockSize: 512, blocks: 712752, controlUnitType: 0x3880 },
];

export function findCkdGeometry(name: string): CkdGeometry | undefined {
  const key = name.toUpperCase();
  const canonical = CKD_ALIASES[key] ?? key;
  return CKD_GEOMETRIES.find((g) => g.name === canonical);
}

/** The geometry for an image header's device-type byte (Hercules stores only "50" of 3350). */
export function ckdGeometryForTypeByte(typeByte: number, cylinders: number): CkdGeometry | undefined {
  const candidates = CKD_GEOMETRIES.filter((g) => (g.devtype & 0xff) === typeByte);
  return candidates.find((g) => cylinders <= g.cylinders + g.alternateCylinders) ?? candidates[candidates.length - 1];
}

export function findFbaGeometry(name: string): FbaGeometry | undefined {
  const key = name.toUpperCase();
  const canonical = key === '3310-1' ? '3310' : key === '3370-1' || key === '3370-A1' || key === '3370-B1' ? '3370' : key === '3370-A2' || key === '3370-B2' ? '3370-2' : key;
  return FBA_GEOMETRIES.find((g) => g.name === canonical);
}

/** Default volume size, as dasdinit makes it: the primary cylinders, plus the alternates with -a. */
export function defaultCylinders(g: CkdGeometry, withAlternates = false): number {
  return g.cylinders + (withAlternates ? g.alternateCylinders : 0);
}

/**
 * Bytes of track image a Hercules CKD file reserves per track: home address, R0 with 8
 * data bytes, one maximal R1, the end-of-track marker, rounded up to 512.
 */
export function imageTrackSize(g: CkdGeometry): number {
  const raw = 5 + 8 + 8 + 8 + g.r1Max + 8;
  return Math.ceil(raw / 512) * 512;
}

/** Track length a record uses: `whenLast` if it ends the track, `otherwise` if more follow. */
export function recordSpace(g: CkdGeometry, keyLength: number, dataLength: number): { whenLast: number; otherwise: number } {
  const f = g.formula;
  switch (f.kind) {
    case 'gap-last': {
      const keyGap = keyLength === 0 ? 0 : f.c;
      return {
        whenLast: keyLength + dataLength + keyGap,
        otherwise: Math.floor(((keyLength + dataLength) * f.d1) / f.d2) + keyGap + f.x,
      };
    }
    case 'fixed-gap': {
      const b = keyLength + dataLength + (keyLength === 0 ? 0 : f.c) + f.x;
      return { whenLast: b, otherwise: b };
    }
    case 'cells': {
      const cells = (n: number) => Math.ceil(n / f.f1) * f.f1;
      const b = cells(dataLength + f.f2) + (keyLength === 0 ? 0 : cells(keyLength + f.f3));
      return { whenLast: b, otherwise: b };
    }
  }
}

/**
 * Whether records R1..Rn of the given key/data lengths fit on one track (the device's
 * capacity formula; R0 and home address are within the formula's overhead).
 */
export function recordsFit(g: CkdGeometry, records: ReadonlyArray<{ keyLength: number; dataLength: number }>): boolean {
  let used = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const space = recordSpace(g, r.keyLength, r.dataLength);
    if (used + space.whenLast > g.trackLength) return false;
    used += space.otherwise;
  }
  return true;
}

/** Records of one size per track, as the device reference tables give it. */
export function recordsPerTrack(g: CkdGeometry, keyLength: number, dataLength: number): number {
  const space = recordSpace(g, keyLength, dataLength);
  if (space.whenLast > g.trackLength) return 0;
  return Math.floor((g.trackLength - space.whenLast) / space.otherwise) + 1;
}
