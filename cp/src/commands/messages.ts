// CP messages in the VM/370 form DMKmmmnnns text (mmm = issuing module, nnn = number,
// s = severity). A message's number is also the completion code that DIAGNOSE X'08'
// returns in Ry (GC20-1807-7 p. 216). `confirmed` marks texts seen in an R6 source
// (manual page or screen); the others are chosen and listed as unconfirmed.

export interface MessageDef {
  readonly id: string;
  readonly text: string;
  readonly confirmed: boolean;
}

const def = (id: string, text: string, confirmed = false): MessageDef => ({ id, text, confirmed });

export const MESSAGES = {
  unknownCommand: def('DMKCFM001E', 'UNKNOWN CP COMMAND'),
  invalidOperand: def('DMKCFM002E', 'INVALID OPERAND - {0}'),
  invalidHexloc: def('DMKCFD004E', 'INVALID HEXLOC - {0}'),
  invalidHexdata: def('DMKCFD005E', 'INVALID HEXDATA - {0}'),
  invalidRegister: def('DMKCFD006E', 'INVALID REGISTER - {0}'),
  invalidUserid: def('DMKCFM020E', 'USERID MISSING OR INVALID'),
  operandMissing: def('DMKCFM026E', 'OPERAND MISSING OR INVALID'),
  deviceNotExist: def('DMKCFG040E', 'DEV {0} DOES NOT EXIST'),
  // Number 045 is the manual's own example of a completion code (DMKCFM045E); the text is chosen.
  notLoggedOn: def('DMKMSG045E', '{0} NOT LOGGED ON'),
  notLoggedOnQuery: def('DMKCQG045E', '{0} NOT LOGGED ON'),
  notReceiving: def('DMKMSG057W', '{0} NOT RECEIVING; {1}'),
  passwordIncorrect: def('DMKLOG050E', 'PASSWORD INCORRECT - REINITIATE LOGON PROCEDURE'),
  notInDirectory: def('DMKLOG053E', '{0} NOT IN CP DIRECTORY'),
  alreadyLoggedOn: def('DMKLOG054E', 'ALREADY LOGGED ON {0}'),
  storageTooBig: def('DMKDEF093E', 'STORAGE EXCEEDS ALLOWED MAXIMUM'),
  invalidSpoolOption: def('DMKCSP003E', 'INVALID OPTION - {0}'),
  cannotIpl: def('DMKCFG091E', 'DEVICE {0} CANNOT BE IPLED'),
  systemNotExist: def('DMKCFG044E', 'SYSTEM {0} DOES NOT EXIST'),
  hexlocExceeds: def('DMKCFD160E', 'HEXLOC {0} EXCEEDS STORAGE'),
  disabledWait: def('DMKDSP450W', "CP ENTERED; DISABLED WAIT PSW '{0}'"),
  checkStop: def('DMKDSP453W', 'CP ENTERED; CHECKSTOP STATE'),
  shutdownComplete: def('DMKCKP961W', 'SYSTEM SHUTDOWN COMPLETE'),
  commandFailed: def('DMKCFM999E', '{0} COMMAND FAILED; CP ERROR'),
} as const satisfies Record<string, MessageDef>;

export type MessageName = keyof typeof MESSAGES;

/** The message line: id, a blank, the text with {n} replaced by the arguments. */
export function formatMessage(m: MessageDef, args: readonly string[] = []): string {
  return `${m.id} ${m.text.replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)] ?? '')}`;
}

/** The numeric part of a message id: DIAGNOSE X'08' completion code. */
export function messageNumber(m: MessageDef): number {
  return Number(m.id.slice(6, 9));
}

/** A command ended with an error message: the message is the response, its number the code. */
export class CpError extends Error {
  readonly code: number;
  constructor(readonly def: MessageDef, readonly args: readonly string[] = []) {
    super(formatMessage(def, args));
    this.code = messageNumber(def);
  }
}

export function fail(name: MessageName, ...args: string[]): never {
  throw new CpError(MESSAGES[name], args);
}
