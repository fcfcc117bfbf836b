// Program-interruption codes (GA22-7000 "Program Interruption").

export const PGM_OPERATION = 0x01;
export const PGM_PRIVILEGED_OPERATION = 0x02;
export const PGM_EXECUTE = 0x03;
export const PGM_PROTECTION = 0x04;
export const PGM_ADDRESSING = 0x05;
export const PGM_SPECIFICATION = 0x06;
export const PGM_DATA = 0x07;
export const PGM_FIXED_OVERFLOW = 0x08;
export const PGM_FIXED_DIVIDE = 0x09;
export const PGM_DECIMAL_OVERFLOW = 0x0a;
export const PGM_DECIMAL_DIVIDE = 0x0b;
export const PGM_EXPONENT_OVERFLOW = 0x0c;
export const PGM_EXPONENT_UNDERFLOW = 0x0d;
export const PGM_SIGNIFICANCE = 0x0e;
export const PGM_FP_DIVIDE = 0x0f;
export const PGM_SEGMENT_TRANSLATION = 0x10;
export const PGM_PAGE_TRANSLATION = 0x11;
export const PGM_TRANSLATION_SPECIFICATION = 0x12;
export const PGM_SPECIAL_OPERATION = 0x13;
export const PGM_MONITOR_EVENT = 0x40;
export const PGM_PER_EVENT = 0x80;

/** Exceptions that nullify rather than suppress: the old PSW points at the instruction itself. */
export function nullifies(code: number): boolean {
  const c = code & 0x7f;
  return c === PGM_SEGMENT_TRANSLATION || c === PGM_PAGE_TRANSLATION;
}

// External-interruption codes.
export const EXT_INTERVAL_TIMER = 0x0080;
export const EXT_INTERRUPT_KEY = 0x0040;
export const EXT_EXTERNAL_SIGNAL_BASE = 0x0020;
export const EXT_EMERGENCY_SIGNAL = 0x1201;
export const EXT_EXTERNAL_CALL = 0x1202;
export const EXT_CLOCK_COMPARATOR = 0x1004;
export const EXT_CPU_TIMER = 0x1005;
