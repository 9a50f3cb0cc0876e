// composables.js - shared page logic: paged lists with filters, loading and
// export; error messages from the API in the user's language; confirmation
// of irreversible actions; browser-side validation listing every error in
// form order; the unsaved-changes guard; the answer to a stale edit; and
// keeping only the latest of overlapping loads.
import { onBeforeUnmount, reactive, ref } from 'vue';
import { onBeforeRouteLeave } from 'vue-router';
import { ElMessage, ElMessageBox } from 'element-plus';
import { download, get } from './api.js';
import { i18n } from './i18n.js';

const t = (...a) => i18n.global.t(...a);

// What `latest(promise)` answers when a later call has started since: the page has moved on (another
// filter, year or search typed), and an older, slower answer must not replace the newer one.
export const STALE = Symbol('stale');
export function latestOnly() {
  let issued = 0;
  return async (promise) => {
    const mine = ++issued;
    try {
      const answer = await promise;
      return mine === issued ? answer : STALE;
    } catch (e) {
      if (mine !== issued) return STALE;
      throw e;
    }
  };
}

export function useList(path, initialFilters = {}) {
  const filters = reactive({ ...initialFilters });
  const state = reactive({ items: [], total: 0, page: 1, perPage: 20, loading: false, loaded: false });
  const latest = latestOnly();
  function query(extra = {}) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
    return q.toString();
  }
  async function load() {
    state.loading = true;
    try {
      const r = await latest(get(`${typeof path === 'function' ? path() : path}?${query({ page: state.page, per_page: state.perPage })}`));
      if (r === STALE) return; // the later load shows its answer and ends the loading
      state.items = r.items;
      state.total = r.total;
      state.loaded = true;
    } catch (e) { showError(e); }
    state.loading = false;
  }
  async function exportXlsx(name) {
    try { await download(`${typeof path === 'function' ? path() : path}?${query({ format: 'xlsx' })}`, `${name}.xlsx`); } catch (e) { showError(e); }
  }
  function reset() { for (const k of Object.keys(filters)) filters[k] = initialFilters[k] ?? ''; state.page = 1; load(); }
  return { filters, state, load, reset, exportXlsx };
}

export function showError(e) {
  if (e?.status === 401) return; // the login page takes over
  if (e?.cancelled) return; // signed out while it was on its way
  ElMessage.error(e?.message || String(e));
}

// Ask before an irreversible action; resolves true when confirmed.
export async function confirmAction(message, title, confirmText) {
  try {
    await ElMessageBox.confirm(message, title || t('confirm.title'), {
      type: 'warning', confirmButtonText: confirmText || t('common.confirm'), cancelButtonText: t('common.cancel'),
      customClass: 'confirm-box', distinguishCancelAndClose: false,
    });
    return true;
  } catch { return false; }
}

const empty = (v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const chars = (v) => [...String(v)].length;

// Validate `values` against rules in form order: [{ name, label, required, max, min, check(v, values) -> message }].
// Answers [{ field, message }] - every error, in the order of the rules.
export function validate(rules, values) {
  const errors = [];
  for (const r of rules) {
    const v = values[r.name];
    if (empty(v)) {
      if (r.required) errors.push({ field: r.name, message: t('validation.required', { label: r.label }) });
      continue;
    }
    if (r.max && typeof v === 'string' && chars(v.trim()) > r.max) errors.push({ field: r.name, message: t('validation.tooLong', { label: r.label, max: r.max }) });
    else if (r.min !== undefined && typeof v === 'number' && v < r.min) errors.push({ field: r.name, message: t('validation.atLeast', { label: r.label, min: r.min }) });
    else if (r.check) { const m = r.check(v, values); if (m) errors.push({ field: r.name, message: m }); }
  }
  return errors;
}

// Field errors of a form: the browser's list, or the server's 422 mapped to its field.
export function useFieldErrors() {
  const errors = ref({});
  const list = ref([]);
  function set(items) {
    list.value = items;
    errors.value = Object.fromEntries(items.map((e) => [e.field, e.message]));
  }
  function take(e) {
    if (e?.field) set([{ field: e.field, message: e.message }]);
    else { set([]); showError(e); }
  }
  return { errors, list, set, take, clear: () => set([]) };
}

// Warn before leaving a page (route change or closing the tab) while `dirty()` is true.
export function useUnsavedGuard(dirty) {
  onBeforeRouteLeave(async () => {
    if (!dirty()) return true;
    return confirmAction(t('confirm.unsaved'), t('confirm.unsavedTitle'), t('confirm.leave'));
  });
  const beforeUnload = (e) => { if (dirty()) { e.preventDefault(); e.returnValue = ''; } };
  window.addEventListener('beforeunload', beforeUnload);
  onBeforeUnmount(() => window.removeEventListener('beforeunload', beforeUnload));
}

// What changed on the server since the form was opened, for the fields the form shows:
// [{ field, label, mine, theirs }] - `base` is the record as opened, `current` as it is now.
export function staleChanges(fields, base, current, show = (v) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v))) {
  return fields.filter((f) => JSON.stringify(base?.[f.name] ?? null) !== JSON.stringify(current?.[f.name] ?? null))
    .map((f) => ({ field: f.name, label: f.label, before: show(base?.[f.name], f), now: show(current?.[f.name], f) }));
}
