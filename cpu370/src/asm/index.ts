// Public face of the assembler.
export { assemble, isKnownOp, type Assembly, type AssembleOptions, type SymbolInfo, type ListingLine } from './assembler.ts';
export { Diagnostics, formatDiagnostic, returnCodeOf, type Diagnostic, type SourceLoc } from './diag.ts';
export { writeObjectDeck, readObjectDeck } from './objdeck.ts';
export { link, type LoadedProgram, type LinkOptions } from './loader.ts';
export { formatListing } from './listing.ts';
export { directoryLibrary, memoryLibrary } from './library.ts';
export { NO_LIBRARY, type Library, type Statement } from './macro.ts';
export type { ObjectModule, EsdItem, TextRecord, RelocationItem, EsdType } from './module.ts';
export { encodeHfp, parseDecimal } from './hfp.ts';
