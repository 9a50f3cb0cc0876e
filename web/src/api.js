// api.js - the one way the interface talks to the server: JSON over fetch,
// the session cookie plus the CSRF header on writes, errors in the user's
// language, and a return to the login page when the session has ended.
import { reactive } from 'vue';

export const session = reactive({ user: null, csrf: null, ready: false });

let onUnauthenticated = () => {};
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.field = body?.error?.field;
    this.body = body;
  }
}

function language() {
  return localStorage.getItem('waishi.lang') === 'en' ? 'en' : 'zh-CN';
}

// Requests still on their way; signing out cancels them, so a page left
// behind does not ask with a session that no longer exists.
const inFlight = new Set();
let signingOut = false;

// A request cancelled by signing out: status 0, which showError keeps quiet.
class Cancelled extends ApiError {
  constructor() { super(0, null); this.cancelled = true; }
}

async function send(path, init) {
  if (signingOut && path !== '/session') throw new Cancelled();
  const controller = new AbortController();
  inFlight.add(controller);
  try {
    return await fetch(`/api/v1${path}`, { ...init, signal: controller.signal });
  } catch (e) {
    if (controller.signal.aborted) throw new Cancelled();
    throw e;
  } finally { inFlight.delete(controller); }
}

export async function api(method, path, body, { raw = false, form = null } = {}) {
  const headers = { 'Accept-Language': language() };
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  let payload;
  if (form) payload = form;
  else if (body !== undefined) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  const res = await send(path, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.status === 401 && path !== '/session') {
    session.user = null;
    onUnauthenticated();
    throw new ApiError(401, await res.json().catch(() => null));
  }
  if (raw && res.ok) return res;
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const patch = (path, body) => api('PATCH', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

// Ask for the session only when this browser signed in (the cookie itself is HttpOnly).
export async function loadSession() {
  if (!localStorage.getItem('waishi.signedIn')) { session.ready = true; return; }
  try {
    const me = await api('GET', '/me');
    session.user = me;
    session.csrf = me.csrf_token;
  } catch { session.user = null; localStorage.removeItem('waishi.signedIn'); }
  session.ready = true;
}

export async function login(username, password) {
  signingOut = false;
  const r = await api('POST', '/session', { username, password });
  session.user = r.user;
  session.csrf = r.csrf_token;
  localStorage.setItem('waishi.signedIn', '1');
  return r.user;
}

export async function logout() {
  signingOut = true;
  for (const controller of inFlight) controller.abort();
  try { await api('DELETE', '/session'); } catch { /* already gone */ }
  session.user = null;
  session.csrf = null;
  localStorage.removeItem('waishi.signedIn');
}

// Download a file answer (xlsx, pdf, docx) under its name.
export async function download(path, fallbackName) {
  const res = await api('GET', path, undefined, { raw: true });
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') || '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd) || /filename="([^"]+)"/.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : fallbackName;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  return name;
}

export const hasRole = (...roles) => !!session.user && roles.includes(session.user.role);
