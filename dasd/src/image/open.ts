import { existsSync } from 'node:fs';
import { findFbaGeometry, type FbaGeometry } from '../geometry.ts';
import type { CkdImage, OpenOptions } from './ckd-image.ts';
import { CompressedCkdImage, createCompressedFile } from './cckd.ts';
import { DasdImageError } from './errors.ts';
import { ImageFile } from './file-io.ts';
import { FbaImage } from './fba-image.ts';
import { ID_CCKD, ID_CFBA, ID_CKD, ID_SHADOW } from './headers.ts';
import { PlainCkdImage, printable } from './plain-ckd.ts';

export type ImageKind = 'ckd' | 'cckd' | 'shadow' | 'cfba' | 'fba';

/** What kind of image a file is, from its first bytes; FBA images have no header. */
export function detectImageKind(path: string): ImageKind {
  if (!existsSync(path)) throw new DasdImageError(`${path}: no such file`);
  const f = new ImageFile(path, true);
  try {
    const id = String.fromCharCode(...f.read(0, 8));
    if (id === ID_CKD) return 'ckd';
    if (id === ID_CCKD) return 'cckd';
    if (id === ID_SHADOW) return 'shadow';
    if (id === ID_CFBA) return 'cfba';
    const size = f.size();
    if (size > 0 && size % 512 === 0) return 'fba';
    throw new DasdImageError(`${path}: not a DASD image (header '${printable(id)}', size ${size})`);
  } finally {
    f.close();
  }
}

/** Opens a CKD volume, uncompressed or compressed, with an optional shadow file over it. */
export function openCkdImage(path: string, options: OpenOptions = {}): CkdImage {
  if (options.shadow) {
    const base = openCkdImage(path, { readOnly: true });
    try {
      if (!existsSync(options.shadow)) {
        createCompressedFile(
          options.shadow,
          { id: ID_SHADOW, heads: base.heads, trackSize: base.trackSize, typeByte: base.geometry.devtype & 0xff, fileSeq: 0, highCyl: 0 },
          base.cylinders,
          { shadow: true },
        );
      }
      const shadow = new CompressedCkdImage(options.shadow, { readOnly: options.readOnly, sync: options.sync }, base);
      if (shadow.cylinders !== base.cylinders || shadow.heads !== base.heads) {
        shadow.close();
        throw new DasdImageError(`${options.shadow}: shadow geometry differs from its base ${path}`);
      }
      return shadow;
    } catch (e) {
      base.close();
      throw e;
    }
  }
  const kind = detectImageKind(path);
  switch (kind) {
    case 'ckd':
      return new PlainCkdImage(path, options);
    case 'cckd':
      return new CompressedCkdImage(path, options);
    case 'shadow':
      throw new DasdImageError(`${path} is a shadow file: open its base volume with the shadow option`);
    case 'cfba':
      throw new DasdImageError(`${path} is a compressed FBA image, which is not supported; make it uncompressed with Hercules' dasdcopy`);
    case 'fba':
      throw new DasdImageError(`${path} is not a CKD image`);
  }
}

export function openFbaImage(path: string, type = '3370', options: OpenOptions = {}): FbaImage {
  const g: FbaGeometry | undefined = findFbaGeometry(type);
  if (!g) throw new DasdImageError(`unknown FBA device type ${type}`);
  const kind = detectImageKind(path);
  if (kind === 'cfba') throw new DasdImageError(`${path} is a compressed FBA image, which is not supported; make it uncompressed with Hercules' dasdcopy`);
  if (kind !== 'fba') throw new DasdImageError(`${path} is a CKD image, not FBA`);
  return new FbaImage(path, g, options);
}
