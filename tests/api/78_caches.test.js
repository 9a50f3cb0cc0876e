// The caches of issue 18 are never stale: sessions, users, settings and list
// totals read by the server change at once when another process (the
// `waishi user` command line, another app server, a direct SQL write on
// SQLite) changes the database; lists written straight from the rows say
// what the record says; the bulk trip loader numbers trips as the trip module
// does; static files come precompressed and cached by their hashed names.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { test, startServer, api, login, assertError, assert, cli, tempDir, demoDatabase, rawSql, PG } = require('./lib');

test('a password set by `waishi user passwd` in another process ends the sessions at once', async () => {
  const srv = await startServer();
  try {
    const s = await login(srv, 'officer');
    for (let i = 0; i < 3; i++) assert.equal((await api(srv, 'GET', '/api/v1/units', { token: s.token })).status, 200);
    const r = cli(['user', '--db', srv.db, 'passwd', 'officer'], { input: 'another-password-1\n' });
    assert.equal(r.status, 0, r.stderr);
    assertError(await api(srv, 'GET', '/api/v1/units', { token: s.token }), 401, 'unauthenticated');
    assertError(await api(srv, 'GET', '/api/v1/me', { token: s.token }), 401, 'unauthenticated');
    await login(srv, 'officer', 'another-password-1');
  } finally { await srv.stop(); }
});

test('an account deactivated by `waishi user deactivate` in another process is refused at once', async () => {
  const srv = await startServer();
  try {
    const s = await login(srv, 'viewer');
    assert.equal((await api(srv, 'GET', '/api/v1/me', { token: s.token })).status, 200);
    assert.equal((await api(srv, 'GET', '/api/v1/me', { token: s.token })).status, 200);
    const r = cli(['user', '--db', srv.db, 'deactivate', 'viewer']);
    assert.equal(r.status, 0, r.stderr);
    assertError(await api(srv, 'GET', '/api/v1/me', { token: s.token }), 401, 'unauthenticated');
    assertError(await api(srv, 'POST', '/api/v1/session', { body: { username: 'viewer', password: 'demo-viewer' } }), 403, 'account_inactive');
    assert.equal(cli(['user', '--db', srv.db, 'activate', 'viewer']).status, 0);
    const again = await login(srv, 'viewer');
    assert.equal((await api(srv, 'GET', '/api/v1/me', { token: again.token })).json.username, 'viewer');
    assert.equal(cli(['user', '--db', srv.db, 'deactivate', 'nobody']).status, 1);
  } finally { await srv.stop(); }
});

test('a deactivation through the API ends the sessions already authenticated from the cache', async () => {
  const srv = await startServer();
  try {
    const admin = await login(srv, 'admin');
    const s = await login(srv, 'reviewer1');
    assert.equal((await api(srv, 'GET', '/api/v1/me', { token: s.token })).status, 200);
    const users = await api(srv, 'GET', '/api/v1/users?q=reviewer1', { token: admin.token });
    const id = users.json.items.find((u) => u.username === 'reviewer1').id;
    assert.equal((await api(srv, 'POST', `/api/v1/users/${id}/deactivate`, { token: admin.token })).status, 200);
    assertError(await api(srv, 'GET', '/api/v1/me', { token: s.token }), 401, 'unauthenticated');
  } finally { await srv.stop(); }
});

test('a list total counts a row another process added, at once', async () => {
  const srv = await startServer();
  try {
    const s = await login(srv, 'admin');
    const before = (await api(srv, 'GET', '/api/v1/units?per_page=1', { token: s.token })).json.total;
    assert.equal((await api(srv, 'GET', '/api/v1/units?per_page=1', { token: s.token })).json.total, before);
    // another app process: the command line's generated units (a write committed outside this server)
    assert.equal(cli(['demo', '--db', srv.db, '--bulk-units', '3']).status, 0);
    assert.equal((await api(srv, 'GET', '/api/v1/units?per_page=1', { token: s.token })).json.total, before + 3);
    if (!PG) {
      // a plain SQL write by a program that knows nothing of Waishi (SQLite's data_version sees it)
      rawSql(srv.db, "INSERT INTO units (name, level, created_at, updated_at) VALUES ('外部写入单位', 'other', 'x', 'x')");
      const r = await api(srv, 'GET', `/api/v1/units?per_page=1&q=${encodeURIComponent('外部写入')}`, { token: s.token });
      assert.equal(r.json.total, 1);
      assert.equal((await api(srv, 'GET', '/api/v1/units?per_page=1', { token: s.token })).json.total, before + 4);
    }
    // and a write through this server
    const c = await api(srv, 'POST', '/api/v1/units', { token: s.token, body: { name: '缓存测试单位', level: 'other' } });
    assert.equal(c.status, 201, c.text);
    assert.equal((await api(srv, 'GET', '/api/v1/units?per_page=1', { token: s.token })).json.total, before + (PG ? 4 : 5));
  } finally { await srv.stop(); }
});

test('a setting changed by another process applies to the next request', async () => {
  if (PG) return; // the direct SQL write below is SQLite's; app servers on PostgreSQL are covered in 95_postgres
  const srv = await startServer();
  try {
    // the failure counter reads lockout_threshold: warm its cache, then lower it outside the server
    assertError(await api(srv, 'POST', '/api/v1/session', { body: { username: 'officer2', password: 'wrong-password' } }), 401, 'invalid_credentials');
    rawSql(srv.db, "UPDATE settings SET value = '2' WHERE key = 'lockout_threshold'");
    assertError(await api(srv, 'POST', '/api/v1/session', { body: { username: 'officer2', password: 'wrong-password' } }), 401, 'invalid_credentials');
    assertError(await api(srv, 'POST', '/api/v1/session', { body: { username: 'officer2', password: 'demo-officer2' } }), 423, 'account_locked');
  } finally { await srv.stop(); }
});

test('list JSON written from the rows says what each record says, escapes included', async () => {
  const srv = await startServer();
  try {
    const s = await login(srv, 'admin');
    const name = '引号"与\\反斜杠/单位';
    const c = await api(srv, 'POST', '/api/v1/units', { token: s.token, body: { name, level: 'school', parent_id: 2 } });
    assert.equal(c.status, 201, c.text);
    const list = await api(srv, 'GET', `/api/v1/units?q=${encodeURIComponent('反斜杠')}`, { token: s.token });
    assert.equal(list.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(list.json.total, 1);
    const one = await api(srv, 'GET', `/api/v1/units/${c.json.id}`, { token: s.token });
    assert.deepEqual(list.json.items[0], one.json);
    assert.equal(list.json.items[0].name, name);
    assert.equal(list.json.items[0].is_active, true);
    assert.deepEqual(Object.keys(list.json), ['items', 'total']);
    const empty = await api(srv, 'GET', '/api/v1/units?q=no-such-unit-anywhere', { token: s.token });
    assert.deepEqual(empty.json, { items: [], total: 0 });
    assertError(await api(srv, 'GET', '/api/v1/units?sort=nonsense', { token: s.token }), 422, 'invalid', 'sort');
    const users = await api(srv, 'GET', '/api/v1/users?per_page=200', { token: s.token });
    assert.ok(users.json.items.every((u) => typeof u.is_active === 'boolean' && !('password_hash' in u)));
  } finally { await srv.stop(); }
});

test('waishi demo --bulk-trips numbers trips as the trip module does and reports count them', async () => {
  const db = demoDatabase();
  const r = cli(['demo', '--db', db, '--bulk-trips', '600']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /600 generated trips added/);
  assert.equal(Number(rawSql(db, 'SELECT COUNT(*) FROM delegations')), 600);
  assert.equal(Number(rawSql(db, 'SELECT COUNT(*) FROM delegations d WHERE NOT EXISTS (SELECT 1 FROM delegation_members m WHERE m.delegation_id = d.id)')), 0);
  assert.equal(Number(rawSql(db, 'SELECT COUNT(*) FROM delegations d WHERE NOT EXISTS (SELECT 1 FROM delegation_destinations x WHERE x.delegation_id = d.id)')), 0);
  assert.equal(Number(rawSql(db, "SELECT COUNT(*) FROM delegation_members WHERE is_leader = 1")), 600);
  // codes YYYY-NNNN numbered from 1 in each year of submission, approval numbers likewise by the policy's format
  const years = rawSql(db, 'SELECT code_year, MIN(code_seq), MAX(code_seq), COUNT(*) FROM delegations GROUP BY code_year').split('\n');
  assert.ok(years.length >= 10, years.join(';'));
  for (const y of years) {
    const [, min, max, n] = y.split('|').map(Number);
    assert.equal(min, 1);
    assert.equal(max, n);
  }
  for (const row of rawSql(db, 'SELECT code, code_year, code_seq FROM delegations').split('\n')) {
    const [code, year, seq] = row.split('|');
    assert.equal(code, `${year}-${seq.padStart(4, '0')}`);
  }
  const numbered = rawSql(db, "SELECT approval_no, approval_year, approval_seq FROM delegations WHERE status IN ('approved','departed','returned','closed')").split('\n');
  for (const row of numbered) {
    const [no, year, seq] = row.split('|');
    assert.equal(no, `外审〔${year}〕${seq}号`);
  }
  assert.equal(Number(rawSql(db, "SELECT COUNT(*) FROM delegations WHERE status = 'closed' AND (closed_on IS NULL OR actual_return IS NULL)")), 0);
  assert.ok(Number(rawSql(db, "SELECT COUNT(*) FROM delegations WHERE status IN ('rejected', 'cancelled')")) >= 20);
  const last = new Date().getUTCFullYear() - 1;
  const approved = Number(rawSql(db, `SELECT COUNT(*) FROM delegations WHERE approved_on >= '${last}-01-01' AND approved_on <= '${last}-12-31' AND status IN ('approved','departed','returned','closed')`));
  const persons = Number(rawSql(db, `SELECT COUNT(*) FROM delegation_members m JOIN delegations d ON d.id = m.delegation_id WHERE d.approved_on >= '${last}-01-01' AND d.approved_on <= '${last}-12-31' AND d.status IN ('approved','departed','returned','closed')`));
  assert.ok(approved > 30);
  const srv = await startServer({ db });
  try {
    const s = await login(srv, 'officer');
    const sum = await api(srv, 'GET', `/api/v1/reports/summary?from=${last}-01-01&to=${last}-12-31`, { token: s.token });
    assert.equal(sum.status, 200, sum.text);
    assert.equal(sum.json.delegations.batches, approved);
    assert.equal(sum.json.delegations.persons, persons);
    const byCategory = Object.values(sum.json.delegations.by_category).reduce((a, v) => a + v.batches, 0);
    assert.equal(byCategory, approved);
    const byUnit = Object.values(sum.json.delegations.by_unit).reduce((a, v) => a + v.persons, 0);
    assert.equal(byUnit, persons);
    // the trip list, written from the rows, agrees with each trip's page
    const list = await api(srv, 'GET', '/api/v1/delegations?per_page=5&sort=-budget_cny&status=closed', { token: s.token });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.total, Number(rawSql(db, "SELECT COUNT(*) FROM delegations WHERE status = 'closed'")));
    for (const t of list.json.items) {
      const one = (await api(srv, 'GET', `/api/v1/delegations/${t.id}`, { token: s.token })).json;
      assert.equal(t.budget_cny, one.budget_cny);
      assert.equal(t.code, one.code);
      assert.equal(t.status_zh, '已办结');
      assert.equal(t.member_count, one.members.length);
    }
    const budgets = list.json.items.map((t) => t.budget_cny);
    assert.deepEqual(budgets, [...budgets].sort((a, b) => b - a));
  } finally { await srv.stop(); }
  assert.equal(cli(['demo', '--db', db, '--bulk-trips', 'many']).status, 2);
});

test('static files: precompressed twins when accepted, immutable hashed assets, ETag and 304 for index.html', async () => {
  const web = tempDir();
  fs.mkdirSync(path.join(web, 'assets'));
  const page = `<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body>${'外事'.repeat(800)}</body></html>`;
  const js = 'console.log("waishi");\n'.repeat(200);
  fs.writeFileSync(path.join(web, 'index.html'), page);
  fs.writeFileSync(path.join(web, 'assets', 'index-Ab12Cd34.js'), js);
  fs.writeFileSync(path.join(web, 'assets', 'index-Ab12Cd34.js.gz'), zlib.gzipSync(js));
  fs.writeFileSync(path.join(web, 'assets', 'index-Ab12Cd34.js.br'), zlib.brotliCompressSync(js));
  fs.writeFileSync(path.join(web, 'index.html.br'), zlib.brotliCompressSync(page));
  const srv = await startServer({ webDir: web });
  try {
    const get = (p, headers = {}) => fetch(srv.url + p, { headers });
    let r = await get('/assets/index-Ab12Cd34.js', { 'Accept-Encoding': 'br, gzip' });
    assert.equal(r.headers.get('content-encoding'), 'br');
    assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(r.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(r.headers.get('vary'), /Accept-Encoding/);
    assert.equal(await r.text(), js); // fetch decodes
    r = await get('/assets/index-Ab12Cd34.js', { 'Accept-Encoding': 'gzip' });
    assert.equal(r.headers.get('content-encoding'), 'gzip');
    assert.equal(await r.text(), js);
    r = await get('/assets/index-Ab12Cd34.js', { 'Accept-Encoding': 'br;q=0, gzip;q=0' });
    assert.equal(r.headers.get('content-encoding'), null);
    assert.equal(await r.text(), js);
    // index.html: revalidated, 304 for the same ETag, also for a page of the app
    r = await get('/', { 'Accept-Encoding': 'identity' });
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    const etag = r.headers.get('etag');
    assert.ok(etag, 'index.html has an ETag');
    assert.equal(await r.text(), page);
    r = await get('/trips/12', { 'If-None-Match': etag, 'Accept-Encoding': 'identity' });
    assert.equal(r.status, 304);
    assert.equal(await r.text(), '');
    r = await get('/', { 'If-None-Match': '"something-else"', 'Accept-Encoding': 'identity' });
    assert.equal(r.status, 200);
    r = await get('/', { 'Accept-Encoding': 'gzip, br' });
    assert.equal(r.headers.get('content-encoding'), 'br');
    assert.notEqual(r.headers.get('etag'), etag);
    // an unhashed name is revalidated, not cached for a year
    fs.writeFileSync(path.join(web, 'favicon.ico'), 'x');
    r = await get('/favicon.ico');
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    // the API is never cached
    r = await get('/api/v1/version');
    assert.equal(r.headers.get('cache-control'), 'no-store');
  } finally { await srv.stop(); }
});
