// The error conventions of DESIGN.md: every bad input gets a clear error in
// the caller's language and changes nothing.
'use strict';
const { test, startServer, api, login, assertError, assert, headersOnly } = require('./lib');

let srv, admin;
test('server starts', async () => { srv = await startServer(); admin = await login(srv, 'admin'); });

const post = (body, opts = {}) => api(srv, 'POST', '/api/v1/units', { token: admin.token, body, ...opts });

test('malformed JSON is 400 invalid_json', async () => {
  assertError(await post('{"name": "x",'), 400, 'invalid_json');
  assertError(await post('[1,2]'), 400, 'invalid_json');
  assertError(await post('{"name":"a","name":"b","level":"other"}'), 400, 'invalid_json');
});

test('unknown field, wrong type, missing field, out of range are 422 naming the field', async () => {
  assertError(await post({ name: 'a', level: 'other', colour: 'red' }), 422, 'unknown_field', 'colour');
  assertError(await post({ name: 42, level: 'other' }), 422, 'invalid', 'name');
  assertError(await post({ level: 'other' }), 422, 'required', 'name');
  assertError(await post({ name: 'x'.repeat(101), level: 'other' }), 422, 'invalid', 'name');
  assertError(await post({ name: 'a', level: 'galaxy' }), 422, 'invalid', 'level');
  assertError(await post({ name: 'a', level: 'other', parent_id: -3 }), 422, 'invalid', 'parent_id');
  assertError(await post({ name: 'a', level: 'other', parent_id: 99999 }), 422, 'invalid', 'parent_id');
  assertError(await post({}), 422, 'required');
});

test('messages are Chinese for zh callers and English otherwise', async () => {
  const zh = await post({ level: 'other' }, { lang: 'zh-CN,zh;q=0.9,en;q=0.8' });
  assert.match(zh.json.error.message, /缺少必填项「单位名称」/);
  const en = await post({ level: 'other' }, { lang: 'en-US,en;q=0.9,zh;q=0.1' });
  assert.match(en.json.error.message, /field 'name' is required/);
  const none = await post({ level: 'other' });
  assert.match(none.json.error.message, /required/);
});

test('none of the refused writes above created anything', async () => {
  const r = await api(srv, 'GET', '/api/v1/units?per_page=200', { token: admin.token });
  assert.equal(r.json.total, 11); // the demo's units, no more
});

test('a body over 1 MiB is 413, answered on its headers before any of it is read', async () => {
  const a = await headersOnly(srv.url, '/api/v1/units', { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json', 'Content-Length': String(2 * 1024 * 1024) });
  assert.match(a, /^HTTP\/1\.1 413 [\s\S]*"payload_too_large"/, a);
});

test('no session is 401, a wrong role 403', async () => {
  assertError(await api(srv, 'GET', '/api/v1/units'), 401, 'unauthenticated');
  const viewer = await login(srv, 'viewer');
  assertError(await api(srv, 'GET', '/api/v1/users', { token: viewer.token }), 403, 'forbidden');
  assertError(await api(srv, 'POST', '/api/v1/units', { token: viewer.token, body: { name: 'v', level: 'other' } }), 403, 'forbidden');
});

test('unknown id is 404, unknown path 404, wrong method 405', async () => {
  assertError(await api(srv, 'GET', '/api/v1/units/99999', { token: admin.token }), 404, 'not_found');
  assertError(await api(srv, 'GET', '/api/v1/users/99999', { token: admin.token }), 404, 'not_found');
  assertError(await api(srv, 'PATCH', '/api/v1/units/99999', { token: admin.token, body: { name: 'q' } }), 404, 'not_found');
  assertError(await api(srv, 'GET', '/api/v1/units/abc', { token: admin.token }), 404, 'not_found');
  assertError(await api(srv, 'GET', '/api/v1/nothing-here', { token: admin.token }), 404, 'not_found');
  assertError(await api(srv, 'DELETE', '/api/v1/units', { token: admin.token }), 405, 'method_not_allowed');
});

test('a duplicate is 409 naming the field', async () => {
  assertError(await post({ name: '市商务局', level: 'city_bureau' }), 409, 'duplicate', 'name');
  assertError(await api(srv, 'POST', '/api/v1/users', { token: admin.token, body: { username: 'officer', display_name: 'x', role: 'viewer', password: 'long-enough' } }), 409, 'duplicate', 'username');
  const units = await api(srv, 'GET', '/api/v1/units?q=' + encodeURIComponent('市商务局'), { token: admin.token });
  assert.equal(units.json.total, 1);
});

test('list parameters are checked: per_page at most 200, page from 1, known sort keys', async () => {
  assertError(await api(srv, 'GET', '/api/v1/units?per_page=500', { token: admin.token }), 422, 'invalid', 'per_page');
  assertError(await api(srv, 'GET', '/api/v1/units?page=0', { token: admin.token }), 422, 'invalid', 'page');
  assertError(await api(srv, 'GET', '/api/v1/units?sort=password_hash', { token: admin.token }), 422, 'invalid', 'sort');
  assertError(await api(srv, 'GET', '/api/v1/units?level=planet', { token: admin.token }), 422, 'invalid', 'level');
  assertError(await api(srv, 'GET', '/api/v1/audit?from=2026-02-31', { token: admin.token }), 422, 'invalid', 'from');
});

test('server stops cleanly', async () => { await srv.stop(); });

// A write that fails half-way (the audit entry after the record) is rolled back whole.
test('a write failing after its first statement leaves nothing behind', async () => {
  const faulty = await startServer({ env: { WAISHI_FAULT: 'audit:unit' } });
  try {
    const s = await login(faulty, 'admin');
    const r = await api(faulty, 'POST', '/api/v1/units', { token: s.token, body: { name: '半途单位', level: 'other' } });
    assertError(r, 500, 'internal');
    const after = await api(faulty, 'GET', '/api/v1/units?q=' + encodeURIComponent('半途'), { token: s.token });
    assert.equal(after.json.total, 0);
    const p = await api(faulty, 'PATCH', '/api/v1/units/2', { token: s.token, body: { name: '改名失败' } });
    assertError(p, 500, 'internal');
    const unit = await api(faulty, 'GET', '/api/v1/units/2', { token: s.token });
    assert.equal(unit.json.name, '市商务局');
  } finally { await faulty.stop(); }
});
