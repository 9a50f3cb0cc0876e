// composables.js - shared page logic: paged lists with filters and export,
// error messages from the API in the user's language.
import { reactive, ref } from 'vue';
import { ElMessage } from 'element-plus';
import { download, get } from './api.js';

export function useList(path, initialFilters = {}) {
  const filters = reactive({ ...initialFilters });
  const state = reactive({ items: [], total: 0, page: 1, perPage: 20, loading: false });
  function query(extra = {}) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
    return q.toString();
  }
  async function load() {
    state.loading = true;
    try {
      const r = await get(`${typeof path === 'function' ? path() : path}?${query({ page: state.page, per_page: state.perPage })}`);
      state.items = r.items;
      state.total = r.total;
    } catch (e) { showError(e); } finally { state.loading = false; }
  }
  async function exportXlsx(name) {
    try { await download(`${typeof path === 'function' ? path() : path}?${query({ format: 'xlsx' })}`, `${name}.xlsx`); } catch (e) { showError(e); }
  }
  function reset() { for (const k of Object.keys(filters)) filters[k] = initialFilters[k] ?? ''; state.page = 1; load(); }
  return { filters, state, load, reset, exportXlsx };
}

export function showError(e) {
  ElMessage.error(e?.message || String(e));
}

// Field errors of a form from an API error naming a field.
export function useFieldErrors() {
  const errors = ref({});
  function take(e) {
    errors.value = e?.field ? { [e.field]: e.message } : {};
    if (!e?.field) showError(e);
  }
  return { errors, take, clear: () => { errors.value = {}; } };
}
