// What is on a volume: the standard label (VOL1 on cylinder 0 head 0 record 3, IBM OS/VS
// DASD labels GC26-3875), the VTOC it points to (DSCBs: 44-byte key, 96 bytes data), or
// a CMS label (CMS1, VM/370 R6 CMS minidisk format).
import { fromEbcdic } from '../../cpu370/index.ts';
import type { CkdImage } from './image/ckd-image.ts';
import type { FbaImage } from './image/fba-image.ts';
import { parseTrack } from './image/track.ts';

export interface VolumeLabel {
  kind: 'VOL1' | 'CMS1' | 'none';
  volser: string;
  owner?: string;
  vtoc?: { cyl: number; head: number; record: number };
}

export interface DatasetEntry {
  name: string;
  format: number;
  extents: Array<{ from: { cyl: number; head: number }; to: { cyl: number; head: number } }>;
}

function record(image: CkdImage, cyl: number, head: number, rec: number): { key: Uint8Array; data: Uint8Array } | undefined {
  if (cyl >= image.cylinders || head >= image.heads) return undefined;
  const track = image.readTrack(cyl * image.heads + head);
  const parsed = parseTrack(track);
  if ('error' in parsed) return undefined;
  const r = parsed.records.find((x) => x.record === rec);
  if (!r) return undefined;
  const k = r.offset + 8;
  return { key: track.slice(k, k + r.keyLength), data: track.slice(k + r.keyLength, k + r.keyLength + r.dataLength) };
}

const text = (b: Uint8Array) => fromEbcdic(b).replace(/\s+$/, '');

export function ckdVolumeLabel(image: CkdImage): VolumeLabel {
  const r3 = record(image, 0, 0, 3);
  if (!r3 || r3.data.length < 11) return { kind: 'none', volser: '' };
  const id = fromEbcdic(r3.data.subarray(0, 4));
  if (id === 'VOL1') {
    const d = r3.data;
    return {
      kind: 'VOL1',
      volser: text(d.subarray(4, 10)),
      owner: d.length >= 51 ? text(d.subarray(41, 51)) : undefined,
      vtoc: { cyl: (d[11]! << 8) | d[12]!, head: (d[13]! << 8) | d[14]!, record: d[15]! },
    };
  }
  if (id === 'CMS1') return cmsLabel(r3.data);
  return { kind: 'none', volser: '' };
}

function cmsLabel(d: Uint8Array): VolumeLabel {
  return { kind: 'CMS1', volser: text(d.subarray(4, 10)) };
}

export function fbaVolumeLabel(image: FbaImage): VolumeLabel {
  const b = image.readBlocks(1, 1);
  const id = fromEbcdic(b.subarray(0, 4));
  if (id === 'VOL1') return { kind: 'VOL1', volser: text(b.subarray(4, 10)) };
  if (id === 'CMS1') return cmsLabel(b);
  return { kind: 'none', volser: '' };
}

/** Data sets named by Format-1 DSCBs in the VTOC (empty when there is no VTOC). */
export function listVtoc(image: CkdImage, label: VolumeLabel): DatasetEntry[] | undefined {
  if (label.kind !== 'VOL1' || !label.vtoc) return undefined;
  const f4 = record(image, label.vtoc.cyl, label.vtoc.head, label.vtoc.record);
  if (!f4 || f4.key.length !== 44 || f4.data.length !== 96 || f4.data[0] !== 0xf4) return undefined;
  const out: DatasetEntry[] = [];
  // The VTOC extent is in the Format-4 DSCB's first extent description (data bytes 61-70).
  const e = f4.data.subarray(61, 71);
  const startTrack = ((e[2]! << 8) | e[3]!) * image.heads + ((e[4]! << 8) | e[5]!);
  const endTrack = ((e[6]! << 8) | e[7]!) * image.heads + ((e[8]! << 8) | e[9]!);
  for (let t = startTrack; t <= endTrack && t < image.cylinders * image.heads; t++) {
    const track = image.readTrack(t);
    const parsed = parseTrack(track);
    if ('error' in parsed) break;
    for (const r of parsed.records) {
      if (r.keyLength !== 44 || r.dataLength !== 96) continue;
      const k = r.offset + 8;
      const data = track.subarray(k + 44, k + 140);
      if (data[0] !== 0xf1) continue;
      const extents: DatasetEntry['extents'] = [];
      for (const off of [61, 71, 81]) {
        const x = data.subarray(off, off + 10);
        if (x[0] === 0) continue;
        extents.push({ from: { cyl: (x[2]! << 8) | x[3]!, head: (x[4]! << 8) | x[5]! }, to: { cyl: (x[6]! << 8) | x[7]!, head: (x[8]! << 8) | x[9]! } });
      }
      out.push({ name: text(track.subarray(k, k + 44)), format: 1, extents });
    }
  }
  return out;
}
