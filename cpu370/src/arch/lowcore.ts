// Fixed storage locations of System/370 (GA22-7000 "Assigned Storage Locations").

export const LC_IPL_PSW = 0x00;
export const LC_RESTART_NEW_PSW = 0x00;
export const LC_RESTART_OLD_PSW = 0x08;
export const LC_IPL_CCW1 = 0x08;
export const LC_IPL_CCW2 = 0x10;
export const LC_EXTERNAL_OLD_PSW = 0x18;
export const LC_SVC_OLD_PSW = 0x20;
export const LC_PROGRAM_OLD_PSW = 0x28;
export const LC_MCHECK_OLD_PSW = 0x30;
export const LC_IO_OLD_PSW = 0x38;
export const LC_CSW = 0x40;
export const LC_CAW = 0x48;
export const LC_INTERVAL_TIMER = 0x50;
export const LC_EXTERNAL_NEW_PSW = 0x58;
export const LC_SVC_NEW_PSW = 0x60;
export const LC_PROGRAM_NEW_PSW = 0x68;
export const LC_MCHECK_NEW_PSW = 0x70;
export const LC_IO_NEW_PSW = 0x78;
// Extended interruption information (EC mode), GA22-7000 "Assigned Storage Locations".
export const LC_EXT_CPU_ADDRESS = 0x84; // halfword: CPU address of SIGP source
export const LC_EXT_INT_CODE = 0x86; // halfword
export const LC_SVC_ILC = 0x89; // byte: ILC in bits 5-6
export const LC_SVC_INT_CODE = 0x8a; // halfword
export const LC_PGM_ILC = 0x8d; // byte
export const LC_PGM_INT_CODE = 0x8e; // halfword
export const LC_TRANS_EXC_ADDR = 0x90; // fullword: translation-exception address
export const LC_MONITOR_CLASS = 0x95; // byte
export const LC_PER_CODE = 0x96; // byte
export const LC_PER_ADDRESS = 0x98; // fullword
export const LC_MONITOR_CODE = 0x9c; // fullword
export const LC_CHANNEL_ID = 0xa8; // fullword
export const LC_IO_ADDRESS = 0xba; // halfword: I/O interruption device address (EC mode)
export const LC_MCHECK_CODE = 0xe8; // doubleword
