/** A problem with an image file: cannot be opened, is not a DASD image, is damaged. */
export class DasdImageError extends Error {
  override name = 'DasdImageError';
}

/** A track whose stored image cannot be decoded (bad compression, bad header). */
export class TrackDataError extends DasdImageError {
  override name = 'TrackDataError';
}
