// Deterministic track contents for the crash test: the track written with sequence number
// `seq` holds one record whose data starts with `seq` and whose length and bytes follow
// from it, so a reader can tell which write a track image came from and that it is whole.
import { buildTrack, parseTrack } from '../src/image/track.ts';

export function crashTrackFor(seq: number, tracks: number): number {
  return (Math.imul(seq, 2654435761) >>> 0) % tracks;
}

export function crashTrackImage(track: number, heads: number, seq: number): Uint8Array {
  const cyl = Math.floor(track / heads);
  const head = track % heads;
  const len = 64 + ((seq * 997) % 12000);
  const data = new Uint8Array(len);
  new DataView(data.buffer).setUint32(0, seq);
  for (let i = 4; i < len; i++) data[i] = (seq * 31 + i * 7 + (i >> 8)) & 0xff;
  return buildTrack(cyl, head, [
    { count: { cyl, head, record: 0, keyLength: 0, dataLength: 8 } },
    { count: { cyl, head, record: 1, keyLength: 0, dataLength: len }, data },
  ]);
}

/** The sequence number a track image was written with, or -1 when it is not one of ours. */
export function crashSeqOf(image: Uint8Array, track: number, heads: number): number {
  const parsed = parseTrack(image);
  if ('error' in parsed) return -1;
  const r1 = parsed.records[1];
  if (!r1 || r1.dataLength < 4) return -1;
  const o = r1.offset + 8;
  const seq = new DataView(image.buffer, image.byteOffset + o, 4).getUint32(0);
  const expected = crashTrackImage(track, heads, seq);
  if (expected.length !== image.length) return -1;
  for (let i = 0; i < image.length; i++) if (expected[i] !== image[i]) return -1;
  return seq;
}
