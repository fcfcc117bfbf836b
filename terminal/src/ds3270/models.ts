// 3270 model sizes and terminal type names (RFC 1576 / 2355 "IBM-3278-2-E" etc.).

export interface ScreenSize {
  readonly rows: number;
  readonly cols: number;
}

export interface TerminalModel {
  /** 2 to 5. */
  readonly model: number;
  /** The default (Erase/Write) size: always 24x80. */
  readonly primary: ScreenSize;
  /** The alternate (Erase/Write Alternate) size of this model. */
  readonly alternate: ScreenSize;
  /** "-E": extended data stream (colour, SFE/SA/MF, WSF Query). */
  readonly extended: boolean;
  readonly colour: boolean;
}

export const MODEL_SIZES: Readonly<Record<number, ScreenSize>> = {
  2: { rows: 24, cols: 80 },
  3: { rows: 32, cols: 80 },
  4: { rows: 43, cols: 80 },
  5: { rows: 27, cols: 132 },
};

export function terminalModel(model: number, extended = true, colour = true): TerminalModel {
  const alternate = MODEL_SIZES[model];
  if (!alternate) throw new RangeError(`3270 model ${model} does not exist (2 to 5)`);
  return { model, primary: MODEL_SIZES[2]!, alternate, extended, colour };
}

export interface ParsedTerminalType {
  readonly model: TerminalModel;
  /** The name without any @LU suffix, as the client sent it. */
  readonly name: string;
  /** RFC 1646 "type@LU". */
  readonly lu?: string;
}

/**
 * Parses a TTYPE / DEVICE-TYPE name. Accepts IBM-3277/3278/3279-n[-E], IBM-3179-2,
 * IBM-3180-2 (27x132), IBM-3477-FC (27x132) and IBM-DYNAMIC (treated as model 2 until a
 * Query says more). Returns undefined for a type that is not a 3270 display.
 */
export function parseTerminalType(raw: string): ParsedTerminalType | undefined {
  const at = raw.indexOf('@');
  const name = (at >= 0 ? raw.slice(0, at) : raw).toUpperCase();
  const lu = at >= 0 ? raw.slice(at + 1) : undefined;
  const withLu = (model: TerminalModel): ParsedTerminalType => (lu ? { model, name, lu } : { model, name });
  const m = /^IBM-(327[789])-([2-5])(-E)?$/.exec(name);
  if (m) return withLu(terminalModel(Number(m[2]), m[3] !== undefined || m[1] === '3279', m[1] === '3279'));
  if (name === 'IBM-DYNAMIC') return withLu(terminalModel(2, true, true));
  if (name === 'IBM-3179-2') return withLu(terminalModel(2, true, true));
  if (name === 'IBM-3180-2' || name === 'IBM-3477-FC') return withLu(terminalModel(5, true, true));
  return undefined;
}

/** The type name a client offers for a model, as s3270 does. */
export function terminalTypeName(model: number, colour = true, extended = true): string {
  return `IBM-${colour ? 3279 : 3278}-${model}${extended ? '-E' : ''}`;
}
