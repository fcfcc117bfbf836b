// `vm370 dasd copy`: a volume to a new file, uncompressed or compressed, track by track.
import { existsSync } from 'node:fs';
import { imageTrackSize } from '../geometry.ts';
import { CompressedCkdImage, createCompressedFile } from './cckd.ts';
import { writePlainVolume } from './create.ts';
import { DasdImageError } from './errors.ts';
import { ID_CKD } from './headers.ts';
import { openCkdImage } from './open.ts';

export function copyCkdVolume(input: string, output: string, options: { compressed: boolean; progress?: (done: number, total: number) => void }): string[] {
  const src = openCkdImage(input, { readOnly: true });
  try {
    const g = src.geometry;
    if (src.trackSize !== imageTrackSize(g) && src.trackSize > imageTrackSize(g)) {
      throw new DasdImageError(`${input}: track size ${src.trackSize} is larger than a ${g.name} needs`);
    }
    if (!options.compressed) {
      return writePlainVolume(output, g, src.cylinders, (cyl, head) => src.readTrack(cyl * src.heads + head), { progress: options.progress });
    }
    if (existsSync(output)) throw new DasdImageError(`${output} already exists`);
    createCompressedFile(output, { id: ID_CKD, heads: src.heads, trackSize: imageTrackSize(g), typeByte: g.devtype & 0xff, fileSeq: 0, highCyl: 0 }, src.cylinders);
    const dst = new CompressedCkdImage(output, {});
    try {
      for (let c = 0; c < src.cylinders; c++) {
        for (let h = 0; h < src.heads; h++) dst.writeTrack(c * src.heads + h, src.readTrack(c * src.heads + h));
        options.progress?.(c + 1, src.cylinders);
      }
    } finally {
      dst.close();
    }
    return [output];
  } finally {
    src.close();
  }
}
