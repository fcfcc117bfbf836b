// The text of one control section: bytes by address, and which of them were written
// (DS areas are not text and become gaps between TXT records).

export class SectionText {
  private bytes = new Uint8Array(256);
  private written = new Uint8Array(256);
  private low = Infinity;
  private high = 0;

  constructor(private readonly origin: number) {}

  write(address: number, data: Uint8Array): void {
    const at = address - this.origin;
    if (at < 0) throw new RangeError(`text below the section origin`);
    if (at + data.length > this.bytes.length) this.grow(at + data.length);
    this.bytes.set(data, at);
    this.written.fill(1, at, at + data.length);
    this.low = Math.min(this.low, at);
    this.high = Math.max(this.high, at + data.length);
  }

  /** Runs of written bytes, in address order. */
  runs(): { address: number; bytes: Uint8Array }[] {
    const out: { address: number; bytes: Uint8Array }[] = [];
    let k = this.low;
    while (k < this.high) {
      while (k < this.high && !this.written[k]) k++;
      const start = k;
      while (k < this.high && this.written[k]) k++;
      if (k > start) out.push({ address: this.origin + start, bytes: this.bytes.slice(start, k) });
    }
    return out;
  }

  private grow(size: number): void {
    let n = this.bytes.length;
    while (n < size) n *= 2;
    const b = new Uint8Array(n);
    b.set(this.bytes);
    const w = new Uint8Array(n);
    w.set(this.written);
    this.bytes = b;
    this.written = w;
  }
}
