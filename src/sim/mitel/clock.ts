/** Time strings in the forms of the guide's sample exchange: "2009-01-01 11:00:01". */

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Server local time, "yyyy-mm-dd hh:mm:ss" (the `timestamp` field). */
export function serverTime(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** Server time in GMT, same form (the `gmt` field). */
export function gmtTime(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}
