// PostgreSQL only (run by the second pass of make test, WAISHI_TEST_PG set):
// two app servers on one database writing at once, and the migrate-data
// round trip SQLite -> PostgreSQL -> SQLite.
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { test, startServer, api, login, assert, cli, tempDir, demoDatabase, newDatabaseUrl, PG, today, addDays, thisYear } = require('./lib');

// Each database counted by its own client.
function query(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}
const rawSql = (file, sql) => query('sqlite3', [file, sql]);
const rawSqlPg = (url, sql) => query('psql', [url, '-qtAc', sql]);
const { Office } = require('./trips');

if (PG) {
  test('two servers on one database: sessions, numbering and the audit chain stay whole under concurrent writes', async () => {
    const db = demoDatabase();
    const a = await startServer({ db });
    const b = await startServer({ db });
    try {
      const oa = new Office(a);
      const ob = new Office(b);
      await oa.plan(2);
      const s = await login(a, 'officer');
      assert.equal((await api(b, 'GET', '/api/v1/me', { token: s.token })).status, 200, 'a session of A works on B');
      const people = [];
      for (let i = 0; i < 4; i++) people.push(await oa.person());
      const body = (i) => ({
        unit_id: 2, title: `并发团组${i}`, task: '任务', category: 'inspection', inviter: '邀请方', depart_date: addDays(today(), 150), return_date: addDays(today(), 153),
        budget_cny: 1000, budget_source: 'fiscal', destinations: [{ country: 'SG', city: '新加坡', days: 4 }], members: [{ person_id: people[i % 4].id, is_leader: true }],
      });
      const writes = [];
      for (let i = 0; i < 40; i++) writes.push(api(i % 2 ? b : a, 'POST', '/api/v1/delegations', { token: s.token, body: body(i) }));
      for (let i = 0; i < 20; i++) writes.push(api(i % 2 ? a : b, 'POST', '/api/v1/units', { token: s.token, body: { name: `并发单位${i}`, level: 'other' } }));
      const results = await Promise.all(writes);
      for (const r of results) assert.ok(r.status === 201, r.text);
      const codes = results.slice(0, 40).map((r) => r.json.code);
      assert.equal(new Set(codes).size, 40, 'no duplicate trip codes');
      const seqs = codes.map((c) => Number(c.slice(5))).sort((x, y) => x - y);
      assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), 'numbers without gaps');
      // approvals through both servers at once: approval numbers stay unique
      await oa.ok('admin', 'PUT', '/api/v1/policies', { joint_review_required: false });
      for (const key of ['zero_growth', 'within_plan', 'publicity', 'trip_frequency']) await oa.rule(key, { enabled: false });
      const ids = results.slice(0, 10).map((r) => r.json.id);
      for (const id of ids) {
        await oa.ok('officer', 'POST', `/api/v1/delegations/${id}/submit`);
        await oa.ok('officer', 'POST', `/api/v1/delegations/${id}/preliminary`, { decision: 'approve' });
      }
      const approvals = await Promise.all(ids.map((id, i) => (i % 2 ? ob : oa).call('director', 'POST', `/api/v1/delegations/${id}/approve`, { date: today() })));
      for (const r of approvals) assert.equal(r.status, 200, r.text);
      assert.equal(new Set(approvals.map((r) => r.json.approval_no)).size, 10, 'no duplicate approval numbers');
      assert.equal(cli(['audit', '--db', db, 'verify']).status, 0, 'the audit chain did not fork');
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  test('migrate-data: SQLite -> PostgreSQL -> SQLite keeps every record and a verifying audit chain', async () => {
    const sqlite = path.join(tempDir(), 'office.db');
    assert.equal(cli(['demo', '--db', sqlite], { env: { WAISHI_TEST_PG: '' } }).status, 0);
    const pg = newDatabaseUrl();
    const there = cli(['migrate-data', '--from', sqlite, '--to', pg]);
    assert.equal(there.status, 0, there.stderr);
    assert.match(there.stdout, /row counts match; audit chain intact/);
    const back = path.join(tempDir(), 'back.db');
    const again = cli(['migrate-data', '--from', pg, '--to', back]);
    assert.equal(again.status, 0, again.stderr);
    // every table holds the same rows in all three (counted by each database, not by migrate-data)
    const tables = rawSql(sqlite, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").split('\n');
    assert.ok(tables.includes('delegations') && tables.includes('audit_log'));
    // every table is copied, empty ones too (a table left out of the copy would lose its rows in a real office)
    const copied = new Set([...there.stderr.matchAll(/^copied (\w+)/gm)].map((m) => m[1]));
    const own = ['schema_migrations', 'data_version', 'settings']; // each database's own; settings copied onto the target's
    assert.deepEqual(tables.filter((t) => !own.includes(t) && !copied.has(t)), [], 'tables migrate-data does not copy');
    for (const t of tables) {
      const n = rawSql(sqlite, `SELECT COUNT(*) FROM ${t}`);
      assert.equal(rawSqlPg(pg, `SELECT COUNT(*) FROM ${t}`), n, `${t} in PostgreSQL`);
      assert.equal(rawSql(back, `SELECT COUNT(*) FROM ${t}`), n, `${t} back in SQLite`);
    }
    assert.ok(Number(rawSql(sqlite, 'SELECT COUNT(*) FROM delegations')) >= 13);
    const year = thisYear();
    const summary = (db) => {
      const r = cli(['report', '--db', db, 'summary', '--from', `${year}-01-01`, '--to', `${year}-12-31`, '--format', 'json']);
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout);
    };
    const original = summary(sqlite);
    assert.equal(original.delegations.batches, Number(rawSql(sqlite, `SELECT COUNT(*) FROM delegations WHERE approval_year = ${year} AND status IN ('approved','departed','returned','closed')`)));
    assert.deepEqual(summary(back), original);
    assert.deepEqual(summary(pg), original);
    for (const db of [sqlite, pg, back]) assert.equal(cli(['audit', '--db', db, 'verify']).status, 0);
    // the copy answers the API like the original, and new records continue after the copied ids
    const s = await startServer({ db: pg });
    try {
      const o = new Office(s);
      const trips = await o.ok('officer', 'GET', '/api/v1/delegations?per_page=200');
      assert.ok(trips.total >= 13);
      const unit = await o.ok('officer', 'POST', '/api/v1/units', { name: '迁移后新单位', level: 'other' });
      assert.ok(unit.id > 10);
    } finally { await s.stop(); }
    assert.equal(cli(['migrate-data', '--from', sqlite, '--to', pg]).status, 1, 'a target with records is refused');
  });
}
