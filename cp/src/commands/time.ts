// Time texts of CP responses: `hh:mm:ss GMT weekday mm/dd/yy` (LOGON/LOGOFF AT, CE screen
// in vm370-r6.md §3.1) and the accounting durations of `CONNECT= hh:mm:ss VIRTCPU=
// mmm:ss.hh TOTCPU= mmm:ss.hh` (CPGU scan 109). Time is shown in GMT.
const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];
const p2 = (n: number): string => String(n).padStart(2, '0');

export function clockText(d: Date): string {
  return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

export function dateText(d: Date): string {
  return `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCFullYear() % 100)}`;
}

/** `18:41:51 GMT THURSDAY 01/01/26` */
export function atText(d: Date): string {
  return `${clockText(d)} GMT ${DAYS[d.getUTCDay()]} ${dateText(d)}`;
}

/** hh:mm:ss of a duration. */
export function connectText(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${p2(Math.floor(s / 3600) % 100)}:${p2(Math.floor(s / 60) % 60)}:${p2(s % 60)}`;
}

/** mmm:ss.hh of a CPU time. */
export function cpuText(ms: number): string {
  const h = Math.floor(ms / 10);
  const s = Math.floor(h / 100);
  return `${String(Math.floor(s / 60) % 1000).padStart(3, '0')}:${p2(s % 60)}.${p2(h % 100)}`;
}

export function accountingLine(connectMs: number, virtMs: number, totalMs: number): string {
  return `CONNECT= ${connectText(connectMs)} VIRTCPU= ${cpuText(virtMs)} TOTCPU= ${cpuText(totalMs)}`;
}
