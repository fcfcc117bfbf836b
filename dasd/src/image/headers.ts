// Hercules CKD image headers: the 512-byte device header every CKD file begins with, and
// the 512-byte compressed-device header that follows it in CCKD files. Multi-byte fields
// of the device header are little-endian; those of the compressed header are in the
// byte order its options byte names (little-endian unless CCKD_BIGENDIAN).

export const DEVHDR_SIZE = 512;
export const CDEVHDR_SIZE = 512;
export const L1_POS = DEVHDR_SIZE + CDEVHDR_SIZE;
export const L2_ENTRIES = 256;
export const L2_ENTRY_SIZE = 8;
export const L2_TABLE_SIZE = L2_ENTRIES * L2_ENTRY_SIZE;
export const FREEBLK_SIZE = 8;

export const ID_CKD = 'CKD_P370';
export const ID_CCKD = 'CKD_C370';
export const ID_SHADOW = 'CKD_S370';
export const ID_CFBA = 'FBA_C370';

export const CCKD_BIGENDIAN = 0x02;
export const CCKD_SPERRS = 0x20;
export const CCKD_ORDWR = 0x40;
export const CCKD_OPENED = 0x80;
export const CCKD_NOFUDGE = 0x01;

export const COMPRESS_NONE = 0;
export const COMPRESS_ZLIB = 1;
export const COMPRESS_BZIP2 = 2;

export interface DeviceHeader {
  id: string;
  heads: number;
  trackSize: number;
  /** Last two hex digits of the device type (0x50 for a 3350). */
  typeByte: number;
  /** 0: the only file; 1..n: position in a multi-file volume. */
  fileSeq: number;
  /** Highest cylinder held by this file, 0 in the last or only file. */
  highCyl: number;
}

export function encodeDeviceHeader(h: DeviceHeader): Uint8Array {
  const b = new Uint8Array(DEVHDR_SIZE);
  const v = new DataView(b.buffer);
  for (let i = 0; i < 8; i++) b[i] = h.id.charCodeAt(i);
  v.setUint32(8, h.heads, true);
  v.setUint32(12, h.trackSize, true);
  b[16] = h.typeByte;
  b[17] = h.fileSeq;
  v.setUint16(18, h.highCyl, true);
  return b;
}

export function decodeDeviceHeader(b: Uint8Array): DeviceHeader {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return {
    id: String.fromCharCode(...b.subarray(0, 8)),
    heads: v.getUint32(8, true),
    trackSize: v.getUint32(12, true),
    typeByte: b[16]!,
    fileSeq: b[17]!,
    highCyl: v.getUint16(18, true),
  };
}

export interface CompressedHeader {
  version: [number, number, number];
  options: number;
  l1Entries: number;
  l2Entries: number;
  size: number;
  used: number;
  free: number;
  freeTotal: number;
  freeLargest: number;
  freeNumber: number;
  freeImbed: number;
  cylinders: number;
  nullFormat: number;
  compression: number;
  compressionParm: number;
}

export function encodeCompressedHeader(h: CompressedHeader): Uint8Array {
  const b = new Uint8Array(CDEVHDR_SIZE);
  const v = new DataView(b.buffer);
  const le = (h.options & CCKD_BIGENDIAN) === 0;
  b[0] = h.version[0];
  b[1] = h.version[1];
  b[2] = h.version[2];
  b[3] = h.options;
  v.setInt32(4, h.l1Entries, le);
  v.setInt32(8, h.l2Entries, le);
  v.setUint32(12, h.size, le);
  v.setUint32(16, h.used, le);
  v.setUint32(20, h.free, le);
  v.setUint32(24, h.freeTotal, le);
  v.setUint32(28, h.freeLargest, le);
  v.setInt32(32, h.freeNumber, le);
  v.setUint32(36, h.freeImbed, le);
  // cyls is a byte array in Hercules, always little-endian
  v.setUint32(40, h.cylinders, true);
  b[44] = h.nullFormat;
  b[45] = h.compression;
  v.setInt16(46, h.compressionParm, le);
  return b;
}

export function decodeCompressedHeader(b: Uint8Array): CompressedHeader {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const options = b[3]!;
  const le = (options & CCKD_BIGENDIAN) === 0;
  return {
    version: [b[0]!, b[1]!, b[2]!],
    options,
    l1Entries: v.getInt32(4, le),
    l2Entries: v.getInt32(8, le),
    size: v.getUint32(12, le),
    used: v.getUint32(16, le),
    free: v.getUint32(20, le),
    freeTotal: v.getUint32(24, le),
    freeLargest: v.getUint32(28, le),
    freeNumber: v.getInt32(32, le),
    freeImbed: v.getUint32(36, le),
    cylinders: v.getUint32(40, true),
    nullFormat: b[44]!,
    compression: b[45]!,
    compressionParm: v.getInt16(46, le),
  };
}
