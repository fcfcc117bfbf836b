// Public face of dasd: other folders import only this file.
// Importing it also makes the DASD types usable on configuration lines (3330, 3350, 3370 ...).
export { CkdDevice, deviceCharacteristics } from './src/ckd-device.ts';
export { FbaDevice, fbaDeviceCharacteristics } from './src/fba-device.ts';
export {
  CKD_GEOMETRIES, FBA_GEOMETRIES, findCkdGeometry, findFbaGeometry, defaultCylinders, imageTrackSize, recordSpace, recordsFit, recordsPerTrack,
  type CkdGeometry, type FbaGeometry, type CapacityFormula,
} from './src/geometry.ts';
export type { CkdImage, CkdImageFormat, OpenOptions } from './src/image/ckd-image.ts';
export { openCkdImage, openFbaImage, detectImageKind, type ImageKind } from './src/image/open.ts';
export { createCkdVolume, createFbaVolume, vol1Record, type CreateOptions } from './src/image/create.ts';
export { FbaImage, FBA_BLOCK_SIZE } from './src/image/fba-image.ts';
export { DasdImageError, TrackDataError } from './src/image/errors.ts';
export { parseTrack, buildTrack, nullTrack, type RecordCount, type TrackRecord } from './src/image/track.ts';
export { createCkdDeviceFromSpec, createFbaDeviceFromSpec } from './src/register.ts';
export { imageInfo, type ImageInfo } from './src/image/info.ts';
export { checkImage, type CheckReport } from './src/image/check.ts';
export { copyCkdVolume } from './src/image/copy.ts';
export { ckdVolumeLabel, fbaVolumeLabel, listVtoc, type VolumeLabel, type DatasetEntry } from './src/volume.ts';
