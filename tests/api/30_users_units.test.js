// Users and units: create, read, update, list with paging, filters and
// search, deactivate, and the audit trail with before and after.
'use strict';
const { test, startServer, api, login, assertError, assert, cli, today } = require('./lib');

let srv, admin, officer;
test('server starts', async () => {
  srv = await startServer();
  admin = await login(srv, 'admin');
  officer = await login(srv, 'officer');
});

test('an officer creates, reads and renames a unit under a parent', async () => {
  const c = await api(srv, 'POST', '/api/v1/units', { token: officer.token, body: { name: '武鸣县教育局', level: 'other', parent_id: 5 } });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.parent_name, '武鸣县人民政府');
  assert.equal(c.json.is_active, true);
  const id = c.json.id;
  const g = await api(srv, 'GET', `/api/v1/units/${id}`, { token: officer.token });
  assert.equal(g.json.name, '武鸣县教育局');
  const p = await api(srv, 'PATCH', `/api/v1/units/${id}`, { token: officer.token, body: { name: '武鸣县教育和科技局' } });
  assert.equal(p.status, 200);
  assert.equal(p.json.name, '武鸣县教育和科技局');
  assert.equal(p.json.level, 'other');
});

test('a unit cannot become its own ancestor', async () => {
  assertError(await api(srv, 'PATCH', '/api/v1/units/5', { token: officer.token, body: { parent_id: 6 } }), 422, 'invalid', 'parent_id');
  assertError(await api(srv, 'PATCH', '/api/v1/units/5', { token: officer.token, body: { parent_id: 5 } }), 422, 'invalid', 'parent_id');
});

test('units list pages, sorts, filters and searches', async () => {
  const p1 = await api(srv, 'GET', '/api/v1/units?per_page=4&page=1&sort=id', { token: officer.token });
  const p3 = await api(srv, 'GET', '/api/v1/units?per_page=4&page=3&sort=id', { token: officer.token });
  assert.equal(p1.json.items.length, 4);
  assert.equal(p1.json.total, 12); // the demo's 11 units and the one made above
  assert.equal(p3.json.items.length, 4);
  assert.equal(p1.json.items[0].id, 1);
  const schools = await api(srv, 'GET', '/api/v1/units?level=school', { token: officer.token });
  assert.equal(schools.json.total, 3); // two city schools and 武鸣县第一中学
  const under = await api(srv, 'GET', '/api/v1/units?parent_id=3', { token: officer.token });
  assert.deepEqual(under.json.items.map((u) => u.name).sort(), ['市第一中学', '市第三中学'].sort());
  const q = await api(srv, 'GET', '/api/v1/units?q=' + encodeURIComponent('武鸣'), { token: officer.token });
  assert.equal(q.json.total, 4);
  const byName = await api(srv, 'GET', '/api/v1/units?sort=-name&per_page=200', { token: officer.token });
  const names = byName.json.items.map((u) => u.name);
  assert.deepEqual(names, [...names].sort().reverse());
  const def = await api(srv, 'GET', '/api/v1/units', { token: officer.token });
  assert.equal(def.json.items.length, 12); // default per_page 20
});

test('a unit is deactivated and activated, and every role reads units', async () => {
  assert.equal((await api(srv, 'POST', '/api/v1/units/10/deactivate', { token: officer.token })).json.is_active, false);
  const inactive = await api(srv, 'GET', '/api/v1/units?is_active=false', { token: officer.token });
  assert.deepEqual(inactive.json.items.map((u) => u.id), [10]);
  assert.equal((await api(srv, 'POST', '/api/v1/units/10/activate', { token: officer.token })).json.is_active, true);
  const unitUser = await login(srv, 'jiaoyu');
  assert.equal((await api(srv, 'GET', '/api/v1/units/3', { token: unitUser.token })).status, 200);
});

test('the admin creates a unit user; a unit user needs a unit', async () => {
  assertError(await api(srv, 'POST', '/api/v1/users', { token: admin.token, body: { username: 'u1', display_name: '甲', role: 'unit', password: 'password-1' } }), 422, 'invalid', 'unit_id');
  assertError(await api(srv, 'POST', '/api/v1/users', { token: admin.token, body: { username: 'u1', display_name: '甲', role: 'unit', unit_id: 999, password: 'password-1' } }), 422, 'invalid', 'unit_id');
  assertError(await api(srv, 'POST', '/api/v1/users', { token: admin.token, body: { username: 'Bad Name', display_name: '甲', role: 'viewer', password: 'password-1' } }), 422, 'invalid', 'username');
  assertError(await api(srv, 'POST', '/api/v1/users', { token: admin.token, body: { username: 'u1', display_name: '甲', role: 'viewer', password: 'short' } }), 422, 'invalid', 'password');
  const c = await api(srv, 'POST', '/api/v1/users', { token: admin.token, body: { username: 'wenlv', display_name: '文旅局申报员', role: 'unit', unit_id: 4, password: 'password-1' } });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.unit_name, '市文化广电和旅游局');
  assert.equal(c.json.password_hash, undefined);
  assert.equal(c.json.password, undefined);
  const s = await login(srv, 'wenlv', 'password-1');
  assert.equal(s.user.unit_id, 4);
});

test('users list filters by role, unit and search', async () => {
  const reviewers = await api(srv, 'GET', '/api/v1/users?role=reviewer', { token: admin.token });
  assert.equal(reviewers.json.total, 3);
  const unit3 = await api(srv, 'GET', '/api/v1/users?unit_id=3', { token: admin.token });
  assert.deepEqual(unit3.json.items.map((u) => u.username), ['jiaoyu']);
  const q = await api(srv, 'GET', '/api/v1/users?q=' + encodeURIComponent('会审'), { token: admin.token });
  assert.equal(q.json.total, 3);
  for (const u of q.json.items) assert.equal(u.password_hash, undefined);
});

test('the admin changes a user; nobody changes their own role', async () => {
  const p = await api(srv, 'PATCH', '/api/v1/users/11', { token: admin.token, body: { display_name: '市长查询', role: 'director' } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.role, 'director');
  assertError(await api(srv, 'PATCH', '/api/v1/users/1', { token: admin.token, body: { role: 'viewer' } }), 409, 'conflict', 'role');
  assertError(await api(srv, 'PATCH', '/api/v1/users/11', { token: admin.token, body: { username: 'renamed' } }), 422, 'unknown_field', 'username');
  const before = await login(srv, 'viewer');
  const reset = await api(srv, 'PATCH', '/api/v1/users/11', { token: admin.token, body: { password: 'reset-by-admin' } });
  assert.equal(reset.status, 200);
  assertError(await api(srv, 'GET', '/api/v1/me', { token: before.token }), 401, 'unauthenticated', null);
  await login(srv, 'viewer', 'reset-by-admin');
  // a password given as null is no new password: the stored one stays, and no session ends
  const kept = await login(srv, 'viewer', 'reset-by-admin');
  const nulled = await api(srv, 'PATCH', '/api/v1/users/11', { token: admin.token, body: { password: null, display_name: '市长查询2' } });
  assert.ok(nulled.status === 200 || nulled.status === 422, nulled.text);
  assert.equal((await api(srv, 'GET', '/api/v1/me', { token: kept.token })).status, 200, 'the session stays');
  await login(srv, 'viewer', 'reset-by-admin');
});

test('a deactivated user is signed out and cannot sign in; activation restores', async () => {
  const s = await login(srv, 'officer2');
  assertError(await api(srv, 'POST', '/api/v1/users/1/deactivate', { token: admin.token }), 409, 'conflict');
  const d = await api(srv, 'POST', '/api/v1/users/3/deactivate', { token: admin.token });
  assert.equal(d.json.is_active, false);
  assertError(await api(srv, 'GET', '/api/v1/me', { token: s.token }), 401, 'unauthenticated');
  assertError(await api(srv, 'POST', '/api/v1/session', { body: { username: 'officer2', password: 'demo-officer2' } }), 403, 'account_inactive');
  await api(srv, 'POST', '/api/v1/users/3/activate', { token: admin.token });
  await login(srv, 'officer2');
});

test('every change is in the audit trail with before and after', async () => {
  const r = await api(srv, 'GET', '/api/v1/audit?entity=unit&action=update', { token: admin.token });
  assert.ok(r.json.total >= 1);
  const e = r.json.items[0];
  assert.equal(e.username, 'officer');
  assert.equal(e.before.name, '武鸣县教育局');
  assert.equal(e.after.name, '武鸣县教育和科技局');
  assert.equal(e.client_ip, '127.0.0.1');
  const one = await api(srv, 'GET', `/api/v1/audit?entity=user&entity_id=3`, { token: admin.token });
  assert.deepEqual(one.json.items.map((x) => x.action).filter((a) => a.endsWith('activate')), ['activate', 'deactivate']);
  const ranged = await api(srv, 'GET', `/api/v1/audit?from=${today()}&to=${today()}&per_page=1`, { token: admin.token });
  assert.ok(ranged.json.total > 10);
  const none = await api(srv, 'GET', '/api/v1/audit?to=2000-01-01', { token: admin.token });
  assert.equal(none.json.total, 0);
  const pwd = await api(srv, 'GET', '/api/v1/audit?entity=user&per_page=200', { token: admin.token });
  assert.ok(!JSON.stringify(pwd.json).includes('argon2'), 'no password hash in the audit trail');
});

test('the audit chain verifies after all of this', async () => {
  const r = cli(['audit', '--db', srv.db, 'verify']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /intact/);
});

test('server stops cleanly', async () => { await srv.stop(); });
