// `vm370 dasd info`: what a volume is and how much of it is used.
import { statSync } from 'node:fs';
import { ckdVolumeLabel, fbaVolumeLabel, type VolumeLabel } from '../volume.ts';
import { CompressedCkdImage } from './cckd.ts';
import { CCKD_OPENED } from './headers.ts';
import { detectImageKind, openCkdImage, openFbaImage } from './open.ts';

export interface ImageInfo {
  file: string;
  files: string[];
  format: string;
  type: string;
  devtype: string;
  cylinders?: number;
  heads?: number;
  trackSize?: number;
  blocks?: number;
  blockSize?: number;
  bytes: number;
  label: VolumeLabel;
  compressed?: {
    version: string;
    compression: string;
    storedTracks: number;
    totalTracks: number;
    used: number;
    free: number;
    freeSpaces: number;
    closedCleanly: boolean;
  };
}

const hex = (n: number) => n.toString(16).toUpperCase();

export function imageInfo(path: string, fbaType = '3370'): ImageInfo {
  const kind = detectImageKind(path);
  if (kind === 'fba' || kind === 'cfba') {
    const img = openFbaImage(path, fbaType, { readOnly: true });
    try {
      return { file: path, files: [path], format: 'fba', type: img.geometry.name, devtype: hex(img.geometry.devtype), blocks: img.blocks, blockSize: 512, bytes: statSync(path).size, label: fbaVolumeLabel(img) };
    } finally {
      img.close();
    }
  }
  const img = openCkdImage(path, { readOnly: true });
  try {
    const info: ImageInfo = {
      file: path,
      files: [...img.files],
      format: img.format,
      type: img.geometry.name,
      devtype: hex(img.geometry.devtype),
      cylinders: img.cylinders,
      heads: img.heads,
      trackSize: img.trackSize,
      bytes: img.files.reduce((n, f) => n + statSync(f).size, 0),
      label: ckdVolumeLabel(img),
    };
    if (img instanceof CompressedCkdImage) {
      const { compressed } = img.headerInfo();
      const s = img.spaceSummary();
      info.compressed = {
        version: compressed.version.join('.'),
        compression: ['none', 'zlib', 'bzip2'][compressed.compression] ?? `code ${compressed.compression}`,
        storedTracks: img.storedTracks().length,
        totalTracks: img.cylinders * img.heads,
        used: s.used,
        free: s.freeTotal,
        freeSpaces: s.freeNumber,
        closedCleanly: (compressed.options & CCKD_OPENED) === 0,
      };
    }
    return info;
  } finally {
    img.close();
  }
}
