import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { DasdImageError } from './errors.ts';

/** A file opened for positioned, synchronous reads and writes. */
export class ImageFile {
  readonly fd: number;
  constructor(
    readonly path: string,
    readonly readOnly: boolean,
    create = false,
  ) {
    try {
      this.fd = openSync(path, create ? 'wx+' : readOnly ? 'r' : 'r+');
    } catch (e) {
      throw new DasdImageError(`cannot open ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  size(): number {
    return fstatSync(this.fd).size;
  }

  /** Reads exactly `length` bytes at `position`, or fewer when the file ends first. */
  read(position: number, length: number): Uint8Array {
    const buf = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, buf, got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    return got === length ? buf : buf.subarray(0, got);
  }

  readExact(position: number, length: number, what: string): Uint8Array {
    const b = this.read(position, length);
    if (b.length !== length) throw new DasdImageError(`${this.path}: file ends inside the ${what} (offset ${position}, ${length} bytes)`);
    return b;
  }

  write(position: number, data: Uint8Array): void {
    let done = 0;
    while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, position + done);
  }

  sync(): void {
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
