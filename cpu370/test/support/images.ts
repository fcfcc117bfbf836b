// Building stand-alone S/370 images for tests and difftests: a core image (loaded at 0)
// with a PSW at 0, disabled-wait "trap" new PSWs and a program at an origin.

/** Locations of the new PSWs that traps fill: external, SVC, program, machine check, I/O. */
export const TRAP_LOCATIONS = [0x58, 0x60, 0x68, 0x70, 0x78] as const;

export interface CoreImageOptions {
  /** The program bytes and where they go. */
  program: Uint8Array;
  origin: number;
  /** PSW at 0 (IPL/restart new PSW); default BC mode, key 0, disabled, IA = origin. */
  psw?: readonly [number, number];
  /** Fill the new PSWs with disabled waits whose address is their own location (default true). */
  traps?: boolean;
  /** Extra bytes to place, by address. */
  data?: ReadonlyArray<readonly [address: number, bytes: Uint8Array]>;
  /** Image length (default: just past the highest byte placed). */
  size?: number;
}

export function put32(m: Uint8Array, a: number, v: number): void {
  m[a] = v >>> 24;
  m[a + 1] = v >>> 16;
  m[a + 2] = v >>> 8;
  m[a + 3] = v;
}

/** Fullwords, big-endian, as bytes. */
export function words(...ws: number[]): Uint8Array {
  const b = new Uint8Array(ws.length * 4);
  ws.forEach((w, i) => put32(b, i * 4, w));
  return b;
}

export function coreImage(o: CoreImageOptions): Uint8Array {
  let end = Math.max(0x80, o.origin + o.program.length);
  for (const [a, b] of o.data ?? []) end = Math.max(end, a + b.length);
  const m = new Uint8Array(o.size ?? end);
  const [hi, lo] = o.psw ?? [0, o.origin];
  put32(m, 0, hi);
  put32(m, 4, lo);
  if (o.traps ?? true) {
    for (const a of TRAP_LOCATIONS) {
      put32(m, a, 0x00020000);
      put32(m, a + 4, a);
    }
  }
  m.set(o.program, o.origin);
  for (const [a, b] of o.data ?? []) m.set(b, a);
  return m;
}

/** Bytes from a hex string (spaces allowed). */
export function hexBytes(text: string): Uint8Array {
  const t = text.replace(/\s+/g, '');
  if (t.length % 2 !== 0 || /[^0-9a-fA-F]/.test(t)) throw new Error(`bad hex '${text}'`);
  const out = new Uint8Array(t.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(t.slice(2 * i, 2 * i + 2), 16);
  return out;
}
