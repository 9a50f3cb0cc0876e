// labels.js - the Chinese and English labels of every code the server
// stores, read once from GET /api/v1/labels (the server's one dictionary).
import { reactive } from 'vue';

export const labels = reactive({ ready: false, kinds: {} });
let loading = null;

export function loadLabels() {
  if (labels.ready) return Promise.resolve();
  if (!loading) {
    loading = fetch('/api/v1/labels', { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`labels: HTTP ${r.status}`))))
      .then((all) => {
        for (const [kind, items] of Object.entries(all)) labels.kinds[kind] = items;
        labels.ready = true;
      })
      .finally(() => { loading = null; });
  }
  return loading;
}

// The label of `key` in `kind` in the interface's language; an unknown key shows as itself.
export function label(kind, key, locale) {
  const item = labels.kinds[kind]?.find((x) => x.key === key);
  if (!item) return key ?? '';
  return locale === 'en' ? item.en : item.zh;
}

export function options(kind, locale) {
  return (labels.kinds[kind] || []).map((x) => ({ value: x.key, label: locale === 'en' ? x.en : x.zh }));
}

// Every key of every kind: the codes no page may show as text.
export function allKeys() {
  return new Set(Object.values(labels.kinds).flatMap((items) => items.map((x) => x.key)));
}
