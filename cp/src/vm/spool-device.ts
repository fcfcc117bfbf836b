// The spooled unit-record devices live with the spool (src/spool/).
export { SpoolDevice, type SpoolSettings, type CloseOptions } from '../spool/device.ts';
