// Program status word layout, BC and EC modes (GA22-7000 "Program Status Word").

// First byte in BC mode: channel masks 0-5, bit 6 = channels 6 and up, bit 7 = external.
// First byte in EC mode: bit 1 = PER, bit 5 = DAT, bit 6 = I/O, bit 7 = external.
export const PSW_EC_PER = 0x40;
export const PSW_EC_DAT = 0x04;
export const PSW_EC_IO = 0x02;
export const PSW_EXTERNAL = 0x01;

// Bits 12-15 (second byte, low nibble): EC mode, machine-check mask, wait, problem state.
export const PSW_EC_MODE = 0x08;
export const PSW_MCHECK = 0x04;
export const PSW_WAIT = 0x02;
export const PSW_PROBLEM = 0x01;

/** Bits that must be zero in an EC-mode PSW: 0, 2-4, 16-17, 24-39 (GA22-7000 "Exceptions Associated with the PSW"). */
export const EC_MUST_BE_ZERO_HI = 0xb800c0ff;
export const EC_MUST_BE_ZERO_LO = 0xff000000;
