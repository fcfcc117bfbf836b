// Public face of cp: other folders import only this file.
export * from './src/directory/types.ts';
export { parseDirectory, loadDirectory, parseDirectorySize, DirectoryLoadError, type DirectoryError } from './src/directory/parse.ts';
export { checkPassword } from './src/directory/password.ts';
