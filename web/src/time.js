// time.js - the one place times and dates are shown: the server stores and
// sends UTC; people see the office's local time (the zone the server uses
// for its "today", from /healthz; Asia/Shanghai unless the office set another).
import { reactive } from 'vue';

export const clock = reactive({ zone: 'Asia/Shanghai' });

export async function loadClock() {
  try {
    const r = await fetch('/healthz');
    const h = await r.json();
    if (h.time_zone) clock.zone = h.time_zone;
  } catch { /* the default zone stays */ }
}

function parts(date) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: clock.zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]));
  return p;
}

// "2026-11-29T05:37:50Z" -> "2026-11-29 13:37" (office time); a plain date stays as it is.
export function formatTime(value) {
  if (!value) return '';
  if (/^\d{4}-\d\d-\d\d$/.test(value)) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

// Only the local date of a timestamp.
export const formatDate = (value) => formatTime(value).slice(0, 10);

// Today in the office's zone, YYYY-MM-DD (the default of every date field).
export function localToday() {
  const p = parts(new Date());
  return `${p.year}-${p.month}-${p.day}`;
}

export const localYear = () => Number(localToday().slice(0, 4));
