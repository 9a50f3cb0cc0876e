// funding.js - a trip's funding lines in the form and on the trip page: a
// blank line, a line in yuan computed as the server does (amount in cents ×
// rate in millionths, rounded half up), the body the API takes, and the check
// that every line is complete before anything is sent.

export const blankLine = () => ({ item: '', currency: 'CNY', amount: null, rate: 1, country: null, persons: null, days: null, note: '' });

// One line in yuan: fen = round(amount_minor × rate_micro / 10^6).
export function lineCny(l) {
  const amount = Math.round(Number(l.amount || 0) * 100);
  const rate = Math.round(Number(l.rate || 0) * 1e6);
  if (!amount || !rate) return 0;
  return Math.floor((amount * rate + 500000) / 1e6) / 100;
}

export const sumCny = (lines) => Math.round(lines.reduce((s, l) => s + lineCny(l) * 100, 0)) / 100;

export const money = (v) => (v == null ? '—' : Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

// The lines as the API takes them (no empty optional fields).
export function linesBody(lines) {
  return lines.map((l) => {
    const b = { item: l.item, currency: String(l.currency || '').trim().toUpperCase(), amount: Number(l.amount), rate: l.currency === 'CNY' ? 1 : Number(l.rate) };
    if (['accommodation', 'meals', 'incidentals'].includes(l.item)) {
      if (l.country) b.country = l.country;
      if (l.persons) b.persons = l.persons;
      if (l.days) b.days = l.days;
    }
    if (l.note && l.note.trim()) b.note = l.note.trim();
    return b;
  });
}

// The lines as the API answers them, for editing.
export const linesFromServer = (lines) => (lines || []).map((l) => ({ item: l.item, currency: l.currency, amount: l.amount, rate: l.rate, country: l.country, persons: l.persons, days: l.days, note: l.note || '' }));

// The index of the first incomplete line, or -1.
export const incompleteLine = (lines) => lines.findIndex((l) => !l.item || !/^[A-Za-z]{3}$/.test(String(l.currency || '').trim()) || l.amount === null || l.amount === undefined || !(Number(l.rate) > 0));
