// Sessions: login, cookie and bearer, CSRF, logout, lockout, idle expiry,
// password change, and the audit entries these leave.
'use strict';
const { test, startServer, api, login, assertError, assert } = require('./lib');

let srv;
test('server starts on a demo database', async () => { srv = await startServer(); });

test('login answers token, csrf token, user and a strict HttpOnly cookie', async () => {
  const r = await api(srv, 'POST', '/api/v1/session', { body: { username: 'officer', password: 'demo-officer' } });
  assert.equal(r.status, 201);
  assert.match(r.json.token, /^[0-9a-f]{64}$/);
  assert.ok(r.json.csrf_token);
  assert.equal(r.json.user.username, 'officer');
  assert.equal(r.json.user.role, 'officer');
  assert.equal(r.json.user.password_hash, undefined);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /waishi_session=[0-9a-f]{64}/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
});

test('wrong password and unknown user are both 401 invalid_credentials', async () => {
  assertError(await api(srv, 'POST', '/api/v1/session', { body: { username: 'officer', password: 'nope-nope' } }), 401, 'invalid_credentials');
  assertError(await api(srv, 'POST', '/api/v1/session', { body: { username: 'nobody', password: 'nope-nope' } }), 401, 'invalid_credentials');
});

test('GET /me works with bearer token and with cookie', async () => {
  const s = await login(srv, 'director');
  const a = await api(srv, 'GET', '/api/v1/me', { token: s.token });
  assert.equal(a.status, 200);
  assert.equal(a.json.role, 'director');
  const b = await api(srv, 'GET', '/api/v1/me', { cookie: `waishi_session=${s.token}` });
  assert.equal(b.status, 200);
  assert.equal(b.json.csrf_token, s.csrf_token);
});

test('no session or a made-up token is 401', async () => {
  assertError(await api(srv, 'GET', '/api/v1/me'), 401, 'unauthenticated');
  assertError(await api(srv, 'GET', '/api/v1/me', { token: 'f'.repeat(64) }), 401, 'unauthenticated');
  assertError(await api(srv, 'GET', '/api/v1/me', { cookie: 'waishi_session=abc' }), 401, 'unauthenticated');
});

test('a cookie-authenticated write needs X-CSRF-Token; bearer needs none', async () => {
  const s = await login(srv, 'admin');
  const cookie = `waishi_session=${s.token}`;
  const body = { name: '单位CSRF', level: 'other' };
  assertError(await api(srv, 'POST', '/api/v1/units', { cookie, body }), 403, 'csrf_failed');
  assertError(await api(srv, 'POST', '/api/v1/units', { cookie, csrf: 'wrong', body }), 403, 'csrf_failed');
  const list = await api(srv, 'GET', '/api/v1/units?q=CSRF', { token: s.token });
  assert.equal(list.json.total, 0, 'a refused write changed nothing');
  assert.equal((await api(srv, 'POST', '/api/v1/units', { cookie, csrf: s.csrf_token, body })).status, 201);
  assert.equal((await api(srv, 'POST', '/api/v1/units', { token: s.token, body: { name: '单位Bearer', level: 'other' } })).status, 201);
});

test('logout ends the session and clears the cookie', async () => {
  const s = await login(srv, 'viewer');
  const r = await api(srv, 'DELETE', '/api/v1/session', { token: s.token });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('set-cookie'), /Max-Age=0/);
  assertError(await api(srv, 'GET', '/api/v1/me', { token: s.token }), 401, 'unauthenticated');
});

test('five wrong passwords lock the account for 15 minutes, audited', async () => {
  for (let i = 0; i < 5; i++) {
    assertError(await api(srv, 'POST', '/api/v1/session', { body: { username: 'reviewer3', password: `wrong-${i}-pw` } }), 401, 'invalid_credentials');
  }
  const locked = await api(srv, 'POST', '/api/v1/session', { body: { username: 'reviewer3', password: 'demo-reviewer3' }, lang: 'zh-CN' });
  assertError(locked, 423, 'account_locked');
  assert.match(locked.json.error.message, /锁定/);
  const admin = await login(srv, 'admin');
  const audit = await api(srv, 'GET', '/api/v1/audit?user=reviewer3&per_page=50', { token: admin.token });
  const actions = audit.json.items.map((e) => e.action);
  assert.equal(actions.filter((a) => a === 'login_failed').length, 5);
  assert.ok(actions.includes('account_locked'));
  assert.ok(actions.includes('login_refused_locked'));
});

test('the lock lasts 15 minutes: still locked 14 minutes on, over 16 minutes on', async () => {
  const soon = await startServer({ db: srv.db, env: { WAISHI_CLOCK_OFFSET: String(14 * 60) } });
  try {
    assertError(await api(soon, 'POST', '/api/v1/session', { body: { username: 'reviewer3', password: 'demo-reviewer3' } }), 423, 'account_locked');
  } finally { await soon.stop(); }
  const later = await startServer({ db: srv.db, env: { WAISHI_CLOCK_OFFSET: String(16 * 60) } });
  try {
    await login(later, 'reviewer3');
  } finally { await later.stop(); }
});

test('a successful login resets the failure count', async () => {
  for (let i = 0; i < 4; i++) await api(srv, 'POST', '/api/v1/session', { body: { username: 'reviewer2', password: 'wrong-password' } });
  await login(srv, 'reviewer2');
  for (let i = 0; i < 4; i++) await api(srv, 'POST', '/api/v1/session', { body: { username: 'reviewer2', password: 'wrong-password' } });
  await login(srv, 'reviewer2');
});

test('a session idle for more than 8 hours has expired (sessions live in the database)', async () => {
  const s = await login(srv, 'officer2');
  const later = await startServer({ db: srv.db, env: { WAISHI_CLOCK_OFFSET: String(8 * 3600 + 120) } });
  try {
    assertError(await api(later, 'GET', '/api/v1/me', { token: s.token }), 401, 'unauthenticated');
  } finally { await later.stop(); }
  // and it is gone for good, not only on that server
  assertError(await api(srv, 'GET', '/api/v1/me', { token: s.token }), 401, 'unauthenticated');
});

test('a session used within 8 hours lives on', async () => {
  const s = await login(srv, 'jiaoyu');
  const later = await startServer({ db: srv.db, env: { WAISHI_CLOCK_OFFSET: String(7 * 3600) } });
  try {
    assert.equal((await api(later, 'GET', '/api/v1/me', { token: s.token })).status, 200);
  } finally { await later.stop(); }
});

test('changing one\'s password checks the current one and ends other sessions', async () => {
  const a = await login(srv, 'shangwu');
  const b = await login(srv, 'shangwu');
  assertError(await api(srv, 'POST', '/api/v1/me/password', { token: a.token, body: { current_password: 'wrong-one', new_password: 'a-new-password' } }), 422, 'invalid', 'current_password');
  assertError(await api(srv, 'POST', '/api/v1/me/password', { token: a.token, body: { current_password: 'demo-shangwu', new_password: 'short' } }), 422, 'invalid', 'new_password');
  assert.equal((await api(srv, 'POST', '/api/v1/me/password', { token: a.token, body: { current_password: 'demo-shangwu', new_password: 'a-new-password' } })).status, 200);
  assert.equal((await api(srv, 'GET', '/api/v1/me', { token: a.token })).status, 200);
  assertError(await api(srv, 'GET', '/api/v1/me', { token: b.token }), 401, 'unauthenticated');
  assertError(await api(srv, 'POST', '/api/v1/session', { body: { username: 'shangwu', password: 'demo-shangwu' } }), 401, 'invalid_credentials');
  await login(srv, 'shangwu', 'a-new-password');
});

test('each request is logged: time, method, path, status, duration, user', async () => {
  const s = await login(srv, 'officer');
  await api(srv, 'GET', '/api/v1/me', { token: s.token });
  assert.match(srv.log(), /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ GET \/api\/v1\/me 200 [\d.]+ms officer/);
});

test('server stops cleanly with no sanitizer report', async () => { await srv.stop(); });
