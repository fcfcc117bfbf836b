// Public face of cpu370: other folders import only this file.
export * from './src/channel/device.ts';
export * from './src/arch/formats.ts';
export * from './src/arch/opcodes.ts';
export { Storage, parseStorageSize } from './src/storage/storage.ts';
export * from './src/ebcdic/ebcdic.ts';
