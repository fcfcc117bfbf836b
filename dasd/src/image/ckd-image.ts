import type { CkdGeometry } from '../geometry.ts';

export type CkdImageFormat = 'ckd' | 'cckd' | 'shadow';

/** A CKD volume held in one or more host files. Track numbers run cyl * heads + head. */
export interface CkdImage {
  readonly path: string;
  readonly format: CkdImageFormat;
  readonly geometry: CkdGeometry;
  readonly cylinders: number;
  readonly heads: number;
  /** Bytes reserved per track image in the file. */
  readonly trackSize: number;
  readonly readOnly: boolean;
  /** The host files making up the volume. */
  readonly files: readonly string[];
  /** The track image from home address to end-of-track marker. */
  readTrack(track: number): Uint8Array;
  /**
   * Stores a whole track image. When this returns the bytes are in the operating system
   * (a killed process loses nothing); with the `sync` open option they are on the medium.
   */
  writeTrack(track: number, image: Uint8Array): void;
  /** Forces everything written so far to the medium. */
  flush(): void;
  close(): void;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** fsync at each ordering point of a write (survives power loss, slower). */
  sync?: boolean;
  /** Shadow file taking all writes; the base is then opened read-only. */
  shadow?: string;
}
