/**
 * Challenge dates are entered with <input type="datetime-local"> and mean wall-clock time in
 * Europe/London (the platform's time zone, the one formatDate shows): "14 March 09:00" is
 * 09:00 GMT in winter and 09:00 BST in summer, whatever the browser's own zone.
 */
export const ZONE = 'Europe/London';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function wallClock(ms: number) {
  const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: Number(p['year']), mo: Number(p['month']), d: Number(p['day']), h: Number(p['hour']), mi: Number(p['minute']), s: Number(p['second']) };
}

/** Milliseconds London is ahead of UTC at instant `ms`. */
function offsetAt(ms: number): number {
  const w = wallClock(ms);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "2026-03-14T09:00" (London wall clock) → the instant; null when it is not a real date and time. */
export function fromLondonLocal(value: string): Date | null {
  const m = LOCAL.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  if (y < 2000 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(naive).getUTCDate() !== d) return null; // 31 February
  let ms = naive - offsetAt(naive);
  const second = offsetAt(ms);
  if (naive - second !== ms) ms = naive - second; // near a clock change
  return new Date(ms);
}

/** The instant → "2026-03-14T09:00" in London, for a datetime-local input's value. */
export function toLondonLocal(date: Date | null | undefined): string {
  if (!date) return '';
  const w = wallClock(date.getTime());
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  return `${p(w.y, 4)}-${p(w.mo)}-${p(w.d)}T${p(w.h)}:${p(w.mi)}`;
}
