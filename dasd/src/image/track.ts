// Track images as Hercules stores them: a 5-byte home address (bin, CC, HH), then each
// record as an 8-byte count (CC HH R KL DLDL) followed by key and data, then eight X'FF'
// bytes marking the end of the track. All fields big-endian.

export const HA_SIZE = 5;
export const COUNT_SIZE = 8;
export const EOT_SIZE = 8;

export interface RecordCount {
  cyl: number;
  head: number;
  record: number;
  keyLength: number;
  dataLength: number;
}

export interface TrackRecord extends RecordCount {
  /** Offset of the count field in the track image. */
  offset: number;
}

export function isEndOfTrack(track: Uint8Array, offset: number): boolean {
  if (offset + EOT_SIZE > track.length) return false;
  for (let i = 0; i < EOT_SIZE; i++) if (track[offset + i] !== 0xff) return false;
  return true;
}

export function readCount(track: Uint8Array, offset: number): RecordCount {
  return {
    cyl: (track[offset]! << 8) | track[offset + 1]!,
    head: (track[offset + 2]! << 8) | track[offset + 3]!,
    record: track[offset + 4]!,
    keyLength: track[offset + 5]!,
    dataLength: (track[offset + 6]! << 8) | track[offset + 7]!,
  };
}

export function encodeCount(c: RecordCount): Uint8Array {
  return Uint8Array.of(c.cyl >> 8, c.cyl & 0xff, c.head >> 8, c.head & 0xff, c.record, c.keyLength, c.dataLength >> 8, c.dataLength & 0xff);
}

/**
 * The records of a track image, or a description of what is wrong with it (a count that
 * runs past the image, no end-of-track marker).
 */
export function parseTrack(track: Uint8Array): { records: TrackRecord[]; end: number } | { error: string } {
  if (track.length < HA_SIZE + EOT_SIZE) return { error: 'track image shorter than home address and end marker' };
  const records: TrackRecord[] = [];
  let off = HA_SIZE;
  for (;;) {
    if (isEndOfTrack(track, off)) return { records, end: off };
    if (off + COUNT_SIZE > track.length) return { error: `no end-of-track marker (record area ends at ${off})` };
    const c = readCount(track, off);
    const next = off + COUNT_SIZE + c.keyLength + c.dataLength;
    if (next > track.length) return { error: `record ${c.record} at offset ${off} runs past the track image` };
    records.push({ ...c, offset: off });
    off = next;
  }
}

export function homeAddress(cyl: number, head: number): Uint8Array {
  return Uint8Array.of(0, cyl >> 8, cyl & 0xff, head >> 8, head & 0xff);
}

/**
 * An empty formatted track: home address, standard R0 (8 zero data bytes), and with
 * `nullFormat` 0 an end-of-file R1 (data length 0); Hercules' null track formats 0 and 1.
 */
export function nullTrack(cyl: number, head: number, nullFormat = 1): Uint8Array {
  const parts: Uint8Array[] = [homeAddress(cyl, head), encodeCount({ cyl, head, record: 0, keyLength: 0, dataLength: 8 }), new Uint8Array(8)];
  if (nullFormat === 0) parts.push(encodeCount({ cyl, head, record: 1, keyLength: 0, dataLength: 0 }));
  parts.push(new Uint8Array(EOT_SIZE).fill(0xff));
  return concat(parts);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The track image up to and including its end-of-track marker (a copy). */
export function trimTrack(track: Uint8Array): Uint8Array {
  const parsed = parseTrack(track);
  if ('error' in parsed) return track.slice();
  return track.slice(0, parsed.end + EOT_SIZE);
}

/** Builds a track image from records. */
export function buildTrack(cyl: number, head: number, records: ReadonlyArray<{ count: RecordCount; key?: Uint8Array; data?: Uint8Array }>): Uint8Array {
  const parts: Uint8Array[] = [homeAddress(cyl, head)];
  for (const r of records) {
    parts.push(encodeCount(r.count));
    const key = r.key ?? new Uint8Array(r.count.keyLength);
    const data = r.data ?? new Uint8Array(r.count.dataLength);
    parts.push(key.subarray(0, r.count.keyLength));
    if (key.length < r.count.keyLength) parts.push(new Uint8Array(r.count.keyLength - key.length));
    parts.push(data.subarray(0, r.count.dataLength));
    if (data.length < r.count.dataLength) parts.push(new Uint8Array(r.count.dataLength - data.length));
  }
  parts.push(new Uint8Array(EOT_SIZE).fill(0xff));
  return concat(parts);
}
