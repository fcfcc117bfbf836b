// An object module as the OS object deck carries it (ESD, TXT, RLD, END), in structured form.

export type EsdType = 'SD' | 'PC' | 'LD' | 'ER' | 'WX';

export interface EsdItem {
  readonly type: EsdType;
  readonly name: string;
  /** ESDID; for LD items 0 (an LD has none). */
  readonly id: number;
  readonly address: number;
  /** SD/PC: section length. */
  readonly length: number;
  /** LD: the ESDID of the section holding the label. */
  readonly owner: number;
}

export interface TextRecord {
  readonly id: number;
  readonly address: number;
  readonly bytes: Uint8Array;
}

export interface RelocationItem {
  /** Relocation pointer: ESDID of the symbol whose address is added. */
  readonly r: number;
  /** Position pointer: ESDID of the section holding the field. */
  readonly p: number;
  readonly address: number;
  readonly length: number;
  readonly vcon: boolean;
  readonly negative: boolean;
}

export interface ObjectModule {
  readonly esd: readonly EsdItem[];
  readonly text: readonly TextRecord[];
  readonly rld: readonly RelocationItem[];
  readonly entry?: { readonly id: number; readonly address: number } | { readonly name: string };
  /** PUNCH/REPRO cards (80-byte EBCDIC) written before the module. */
  readonly punches: readonly Uint8Array[];
}
