// Claims the README makes about failure, each produced for real: a backup
// taken while writes are in flight; 503 busy, 503 unavailable and 410
// file_missing; and every multi-table write made to fail at its last step
// (WAISHI_FAULT=audit:ENTITY) leaving nothing behind in any of its tables.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { test, startServer, api, login, assertError, assert, cli, tempDir, demoDatabase, rawSql, PG, BINARY, today, addDays } = require('./lib');
const { Office } = require('./trips');
const { bodies, multipart, PDF } = require('./registers');

const count = (db, sql) => Number(rawSql(db, sql));

test('backup copies a consistent database while writes are in flight (SQLite)', async () => {
  const db = PG ? null : demoDatabase();
  if (PG) {
    // PostgreSQL is backed up with pg_dump: the command says so and writes nothing
    const out = path.join(tempDir(), 'b.db');
    const r = cli(['backup', '--db', demoDatabase(), out]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /pg_dump/);
    assert.equal(fs.existsSync(out), false);
    return;
  }
  const srv = await startServer({ db });
  const out = path.join(tempDir(), 'backup.db');
  try {
    const s = await login(srv, 'officer');
    const done = []; // completion times of the writes
    let running = true, n = 0;
    const writer = (async () => {
      while (running) {
        const r = await api(srv, 'POST', '/api/v1/units', { token: s.token, body: { name: `备份期间单位${n++}`, level: 'other' } });
        assert.equal(r.status, 201, r.text);
        done.push(Date.now());
      }
    })();
    while (done.length < 5) await new Promise((r) => setImmediate(r)); // writes are flowing
    const started = Date.now();
    const child = spawn(BINARY, ['backup', '--db', db, out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const status = await new Promise((r) => child.on('exit', r));
    const ended = Date.now();
    running = false;
    await writer;
    assert.equal(status, 0, stderr);
    const during = done.filter((t) => t >= started && t <= ended).length;
    assert.ok(during >= 1, `no write completed while the backup ran (${done.length} writes)`);
    // consistent: every unit written has its audit entry in the copy, and the chain verifies
    const units = count(out, "SELECT COUNT(*) FROM units WHERE name LIKE '备份期间单位%'");
    const audited = count(out, "SELECT COUNT(*) FROM audit_log WHERE entity = 'unit' AND action = 'create' AND username = 'officer'");
    assert.equal(units, audited);
    assert.ok(units >= 5 && units <= done.length, `${units} of ${done.length}`);
    assert.equal(cli(['audit', '--db', out, 'verify']).status, 0);
    assert.equal(cli(['backup', '--db', db, out]).status, 1, 'an existing file is never overwritten');
  } finally { await srv.stop(); }
});

test('503 busy when the database stays locked past the wait (SQLite)', async () => {
  const srv = await startServer();
  const s = await login(srv, 'admin');
  try {
    if (PG) { // PostgreSQL queues writers instead: the same write simply succeeds
      assert.equal((await api(srv, 'POST', '/api/v1/units', { token: s.token, body: { name: '繁忙时单位', level: 'other' } })).status, 201);
      return;
    }
    // another process holds the write lock and does not let go
    const holder = spawn('sqlite3', [srv.db], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    holder.stdout.on('data', (d) => { out += d; });
    holder.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
    while (!out.includes('locked')) await new Promise((r) => setTimeout(r, 20));
    try {
      const r = await api(srv, 'POST', '/api/v1/units', { token: s.token, body: { name: '繁忙时单位', level: 'other' }, lang: 'zh-CN' });
      assertError(r, 503, 'busy');
      assert.match(r.json.error.message, /数据库繁忙/);
    } finally {
      holder.stdin.end('ROLLBACK;\n');
      await new Promise((r) => holder.on('exit', r));
    }
    assert.equal(count(srv.db, "SELECT COUNT(*) FROM units WHERE name = '繁忙时单位'"), 0);
    assert.equal((await api(srv, 'POST', '/api/v1/units', { token: s.token, body: { name: '繁忙时单位', level: 'other' } })).status, 201, 'and works once the lock is gone');
  } finally { await srv.stop(); }
});

test('503 unavailable from /healthz when the database does not answer', async () => {
  if (PG) {
    // a database that is dropped under the server
    const db = demoDatabase();
    const srv = await startServer({ db });
    try {
      assert.equal((await api(srv, 'GET', '/healthz')).status, 200);
      const name = db.slice(db.lastIndexOf('/') + 1);
      const base = db.slice(0, db.lastIndexOf('/'));
      // FORCE ends the server's sessions and drops in one step: the pool may reconnect between two statements
      rawSql(`${base}/postgres`, `DROP DATABASE ${name} WITH (FORCE)`);
      assertError(await api(srv, 'GET', '/healthz'), 503, 'unavailable');
    } finally { srv.child.kill('SIGKILL'); await new Promise((r) => srv.child.on('exit', r)); }
    return;
  }
  const srv = await startServer();
  try {
    assert.equal((await api(srv, 'GET', '/healthz')).status, 200);
    // the file is overwritten with something that is not a database
    fs.writeFileSync(srv.db, Buffer.alloc(8192, 0x41));
    fs.rmSync(`${srv.db}-wal`, { force: true });
    fs.rmSync(`${srv.db}-shm`, { force: true });
    assertError(await api(srv, 'GET', '/healthz'), 503, 'unavailable');
  } finally { srv.child.kill('SIGKILL'); await new Promise((r) => srv.child.on('exit', r)); }
});

test('410 file_missing when an attachment\'s stored file is gone', async () => {
  const files = tempDir();
  const srv = await startServer({ env: { WAISHI_FILES: files } });
  try {
    const token = (await login(srv, 'officer')).token;
    const c = await api(srv, 'POST', '/api/v1/cases', { token, body: bodies.case() });
    assert.equal(c.status, 201, c.text);
    const { body, type } = multipart('scan.pdf', PDF);
    const up = await api(srv, 'POST', `/api/v1/attachments?entity=case&entity_id=${c.json.id}`, { token, body, headers: { 'Content-Type': type } });
    assert.equal(up.status, 201, up.text);
    assert.equal((await api(srv, 'GET', `/api/v1/attachments/${up.json.id}`, { token })).status, 200);
    const sha = rawSql(srv.db, `SELECT sha256 FROM attachments WHERE id = ${up.json.id}`);
    const stored = path.join(files, sha.slice(0, 2), sha);
    assert.ok(fs.existsSync(stored), stored);
    fs.rmSync(stored);
    assertError(await api(srv, 'GET', `/api/v1/attachments/${up.json.id}`, { token }), 410, 'file_missing');
  } finally { await srv.stop(); }
});

// Each multi-table write, made to fail at its audit entry (its last statement), changes no table.
test('fault injection: trip create, review close, trip return and import leave nothing half-written', async () => {
  const srv = await startServer();
  const faulty = await startServer({ db: srv.db, env: { WAISHI_FAULT: 'audit:delegation' } });
  try {
    const o = new Office(srv), f = new Office(faulty);
    await o.rule('within_plan', { enabled: false });
    await o.rule('zero_growth', { enabled: false });
    const tables = () => ['delegations', 'delegation_members', 'delegation_destinations', 'delegation_violations', 'review_items', 'passport_events']
      .map((t) => `${t}:${count(srv.db, `SELECT COUNT(*) FROM ${t}`)}`).join(' ');
    // trip create: the trip, its members and destinations
    const people = [await o.person(), await o.person()];
    let before = tables();
    const create = await f.call('officer', 'POST', '/api/v1/delegations', {
      unit_id: 2, title: '半途团组', task: '任务', category: 'inspection', inviter: '邀请方', depart_date: addDays(today(), 60),
      return_date: addDays(today(), 63), budget_cny: 1000, official_days: 4,
      destinations: [{ country: 'DE', city: '柏林', days: 2 }, { country: 'FR', city: '巴黎', days: 2 }],
      members: people.map((p, i) => ({ person_id: p.id, is_leader: i === 0 })),
    });
    assertError(create, 500, 'internal');
    assert.equal(tables(), before);
    assert.equal(count(srv.db, "SELECT COUNT(*) FROM delegations WHERE title = '半途团组'"), 0);
    // review close: outcomes, approval numbers and statuses of every trip on the agenda
    const a = await o.draft(), b = await o.draft();
    await o.preliminary(a);
    await o.preliminary(b);
    const s = await o.ok('officer', 'POST', '/api/v1/review-sessions', { date: today(), title: '半途会审', delegation_ids: [a.id, b.id] });
    for (const t of [a, b]) for (const r of ['reviewer1', 'reviewer2', 'reviewer3']) await o.ok(r, 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for' });
    before = tables();
    assertError(await f.call('director', 'POST', `/api/v1/review-sessions/${s.id}/close`), 500, 'internal');
    assert.equal(tables(), before);
    assert.equal(rawSql(srv.db, `SELECT status FROM review_sessions WHERE id = ${s.id}`), 'open');
    assert.equal(count(srv.db, `SELECT COUNT(*) FROM review_items WHERE session_id = ${s.id} AND outcome IS NOT NULL`), 0);
    assert.equal(count(srv.db, `SELECT COUNT(*) FROM delegations WHERE id IN (${a.id}, ${b.id}) AND (status <> 'preliminary_approved' OR approval_no IS NOT NULL)`), 0);
    const closed = await o.ok('director', 'POST', `/api/v1/review-sessions/${s.id}/close`);
    assert.deepEqual(closed.items.map((i) => i.outcome), ['approved', 'approved'], 'the same close succeeds without the fault');
    // trip return with violations: status, actual return and the violations
    for (const p of a.people) await o.ok('officer', 'POST', `/api/v1/delegations/${a.id}/commitments`, { person_id: p.id, date: today() });
    await o.ok('officer', 'POST', `/api/v1/delegations/${a.id}/briefing`, { date: today(), reminder_card: true });
    await o.ok('officer', 'POST', `/api/v1/delegations/${a.id}/depart`, { date: addDays(today(), -9) });
    before = tables();
    assertError(await f.call('officer', 'POST', `/api/v1/delegations/${a.id}/return`, { date: today(), countries_visited: ['DE', 'FR'] }), 500, 'internal');
    assert.equal(tables(), before);
    assert.equal(rawSql(srv.db, `SELECT status || '/' || COALESCE(actual_return, '-') FROM delegations WHERE id = ${a.id}`), 'departed/-');
    const back = await o.ok('officer', 'POST', `/api/v1/delegations/${a.id}/return`, { date: today(), countries_visited: ['DE', 'FR'] });
    assert.equal(back.violations.length, 2, 'the same return records both violations without the fault');
  } finally { await faulty.stop(); await srv.stop(); }
  // import: every row of the file, or none
  const db = demoDatabase();
  const imp = await startServer({ db, env: { WAISHI_FAULT: 'audit:letter' } });
  try {
    const token = (await login(imp, 'officer')).token;
    const csv = '类别,日期,申请单位,事由,人数\n介绍信,2024-02-01,市商务局,办理签证,1\n介绍信,2024-02-02,市商务局,办理签证,2\n';
    const { body, type } = multipart('letters.csv', Buffer.from(csv));
    const before = count(db, 'SELECT COUNT(*) FROM letters');
    assertError(await api(imp, 'POST', '/api/v1/import/letters', { token, body, headers: { 'Content-Type': type } }), 500, 'internal');
    assert.equal(count(db, 'SELECT COUNT(*) FROM letters'), before);
  } finally { await imp.stop(); }
});
