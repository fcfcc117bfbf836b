// Public face of terminal: other folders import only this file.
export * from './src/ds3270/constants.ts';
export * from './src/ds3270/address.ts';
export * from './src/ds3270/models.ts';
export { ScreenModel, CS_GE, type OutboundResult, type LockReason } from './src/ds3270/screen.ts';
export { Keyboard } from './src/ds3270/keyboard.ts';
export { queryReply } from './src/ds3270/query.ts';
export { registerEbcdicWithIconv, iconv } from './src/ebcdic/iconv.ts';
export type { TerminalSession, SessionHandler, SessionInfo, SessionKind, SessionProtocol } from './src/tn3270/session.ts';
export { TerminalServer, type ServerOptions } from './src/tn3270/server.ts';
export { Display3270, type Display3270Options } from './src/device/display3270.ts';
export { Console3215, CONSOLE_CMD, type Console3215Options } from './src/device/console3215.ts';
export { TerminalPool, createTerminalDevice, type TerminalDevice } from './src/device/pool.ts';
