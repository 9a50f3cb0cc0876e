// The command line: init, user add/passwd/list, backup while serving, audit
// verify, help, version, a newer database refused, graceful shutdown.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { test, startServer, api, login, assertError, assert, cli, tempDir, demoDatabase, newDatabaseUrl, rawSql, PG, BINARY } = require('./lib');

const sql = rawSql;

test('init creates a database at the newest schema, twice is harmless', () => {
  const db = newDatabaseUrl();
  assert.equal(cli(['init', '--db', db]).status, 0);
  const r = cli(['init', '--db', db]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /schema version \d+/);
  assert.equal(Number(sql(db, 'SELECT MAX(version) FROM schema_migrations')), Number(/schema version (\d+)/.exec(r.stdout)[1]));
  if (!PG) assert.equal(sql(db, 'PRAGMA journal_mode'), 'wal');
});

test('WAISHI_DB names the database when --db is absent', () => {
  const db = newDatabaseUrl();
  assert.equal(cli(['init'], { env: { WAISHI_DB: db } }).status, 0);
  assert.ok(Number(sql(db, 'SELECT COUNT(*) FROM units')) === 0);
});

test('user add reads the password from standard input; the user signs in', async () => {
  const db = demoDatabase();
  const r = cli(['user', '--db', db, 'add', 'zhaomin', '--role', 'officer', '--display-name', '赵敏'], { input: 'a-good-password\n' });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /a-good-password/);
  const srv = await startServer({ db });
  try {
    const s = await login(srv, 'zhaomin', 'a-good-password');
    assert.equal(s.user.display_name, '赵敏');
  } finally { await srv.stop(); }
});

test('user add with an empty password generates one and prints it once', async () => {
  const db = demoDatabase();
  const r = cli(['user', '--db', db, 'add', 'gen', '--role', 'unit', '--unit', '2'], { input: '\n' });
  assert.equal(r.status, 0, r.stderr);
  const m = /generated password \(shown once\): (\S+)/.exec(r.stdout);
  assert.ok(m, r.stdout);
  const srv = await startServer({ db });
  try { await login(srv, 'gen', m[1]); } finally { await srv.stop(); }
});

test('user add refuses a bad role, a unit user without a unit, a duplicate name', () => {
  const db = demoDatabase();
  assert.equal(cli(['user', '--db', db, 'add', 'x', '--role', 'king'], { input: 'password-1\n' }).status, 2);
  assert.equal(cli(['user', '--db', db, 'add', 'x', '--role', 'unit'], { input: 'password-1\n' }).status, 2);
  const dup = cli(['user', '--db', db, 'add', 'admin', '--role', 'viewer'], { input: 'password-1\n' });
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /already exists/);
  assert.equal(cli(['user', '--db', db, 'add', 'y', '--role', 'viewer'], { input: 'short\n' }).status, 1);
});

test('user passwd sets a new password, unlocks and ends sessions; user list lists', async () => {
  const db = demoDatabase();
  const srv = await startServer({ db });
  try {
    const s = await login(srv, 'officer');
    for (let i = 0; i < 5; i++) await api(srv, 'POST', '/api/v1/session', { body: { username: 'officer', password: 'wrong-password' } });
    assertError(await api(srv, 'POST', '/api/v1/session', { body: { username: 'officer', password: 'demo-officer' } }), 423, 'account_locked');
    assert.equal(cli(['user', '--db', db, 'passwd', 'officer'], { input: 'fresh-password\n' }).status, 0);
    assertError(await api(srv, 'GET', '/api/v1/me', { token: s.token }), 401, 'unauthenticated');
    await login(srv, 'officer', 'fresh-password');
  } finally { await srv.stop(); }
  const list = cli(['user', '--db', db, 'list']);
  assert.match(list.stdout, /officer\s+officer\s+yes/);
  assert.match(list.stdout, /director/);
  assert.equal(cli(['user', '--db', db, 'passwd', 'ghost'], { input: 'fresh-password\n' }).status, 1);
});

// the backup while writes are in flight: 62_faults.test.js

test('audit verify names the first tampered entry and exits 1', () => {
  const db = demoDatabase();
  assert.equal(cli(['audit', '--db', db, 'verify']).status, 0);
  sql(db, "UPDATE audit_log SET username = 'mallory' WHERE id = 5");
  const r = cli(['audit', '--db', db, 'verify']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /broken at entry 5/);
});

test('a database newer than the binary is refused with a clear message', async () => {
  const db = demoDatabase();
  sql(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '999_future.sql', 'x')");
  const r = cli(['init', '--db', db]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /newer than this waishi knows/);
  await assert.rejects(startServer({ db }), /newer than this waishi knows/);
});

test('--help explains every command; version prints the version', () => {
  const top = cli(['--help']);
  assert.equal(top.status, 0);
  for (const c of ['serve', 'init', 'user', 'backup', 'demo', 'audit', 'version']) {
    assert.match(top.stdout, new RegExp(`\\b${c}\\b`));
    const h = cli([c, '--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, new RegExp(`waishi ${c}`));
  }
  assert.match(cli(['version']).stdout, /^waishi \d+\.\d+\.\d+/);
  assert.equal(cli(['frobnicate']).status, 2);
});

test('demo refuses a database that already has users', () => {
  const db = demoDatabase();
  assert.equal(cli(['demo', '--db', db]).status, 1);
});

// A thread that does not block SIGTERM lets the signal end the process (exit by signal, no
// "stopped"): the database pool's opener, still opening connections just after the server
// listens, once did. Eight servers at once, each signalled the moment it says it listens.
test('SIGTERM the moment the server listens: it still stops cleanly and exits 0', async () => {
  const { spawn } = require('node:child_process');
  const one = () => new Promise((resolve) => {
    const child = spawn(BINARY, ['serve', '--db', demoDatabase(), '--listen', '127.0.0.1:0'], { env: process.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d) => {
      log += d;
      if (/listening on/.test(log) && !child.signalled) { child.signalled = true; child.kill('SIGTERM'); }
    });
    child.on('exit', (code, signal) => resolve({ code, signal, log }));
  });
  const runs = await Promise.all(Array.from({ length: 8 }, one));
  for (const r of runs) {
    assert.equal(r.signal, null, `ended by ${r.signal}:\n${r.log}`);
    assert.equal(r.code, 0, r.log);
    assert.match(r.log, /waishi: stopped/);
  }
});

test('SIGTERM lets a request in flight finish, then the server exits 0', async () => {
  const srv = await startServer();
  // the request is in flight for certain: its headers are read (the server says 100 Continue)
  // and its body is sent only after the signal
  const body = JSON.stringify({ username: 'admin', password: 'demo-admin' });
  const { hostname: host, port } = new URL(srv.url);
  const sock = require('node:net').connect(Number(port), host);
  let reply = '';
  sock.on('data', (d) => { reply += d; });
  sock.write(`POST /api/v1/session HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`);
  while (!reply.includes('100 Continue')) await new Promise((r) => setTimeout(r, 5));
  srv.child.kill('SIGTERM');
  sock.write(body);
  await new Promise((r) => sock.on('close', r));
  assert.match(reply, /HTTP\/1\.1 201 /);
  await srv.stop();
  assert.match(srv.log(), /waishi: stopped/);
});
