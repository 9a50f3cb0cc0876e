// lib.js - what the API tests share: start the real waishi binary on a free
// port with a temporary database, talk HTTP to it, and a tiny test registry.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const assert = require('node:assert/strict');
const net = require('node:net');

const BINARY = path.resolve(process.env.WAISHI_BIN || 'build/asan/waishi');
const SANITIZER_RE = /AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer/;

// The run's clock. WAISHI_NOW (e.g. 2027-01-03T09:00:00+08:00) pins the start of the whole run: it is
// turned here into one offset (WAISHI_CLOCK_OFFSET, seconds) so that every server and command of the
// run shares one clock that advances. A test that passes env.WAISHI_CLOCK_OFFSET to startServer or
// cli shifts that clock further by so many seconds.
const BASE_OFFSET = (() => {
  let offset = Number(process.env.WAISHI_CLOCK_OFFSET || 0);
  if (process.env.WAISHI_NOW) {
    const at = Date.parse(process.env.WAISHI_NOW);
    if (Number.isNaN(at)) throw new Error(`WAISHI_NOW is not a date: ${process.env.WAISHI_NOW}`);
    offset += Math.round((at - Date.now()) / 1000);
    delete process.env.WAISHI_NOW;
  }
  return offset;
})();
process.env.WAISHI_CLOCK_OFFSET = String(BASE_OFFSET);
function childEnv(env = {}) {
  const merged = { ...process.env, ...env };
  merged.WAISHI_CLOCK_OFFSET = String(BASE_OFFSET + Number(env.WAISHI_CLOCK_OFFSET || 0));
  return merged;
}

// The run's "today": the office's local date as the server reports it (GET /healthz), taken from
// every server started on the run's clock. Tests derive every date from it, never from their own clock.
let runToday = null;
function today() {
  if (!runToday) throw new Error('today() before any server has started');
  return runToday;
}
function addDays(ymd, n) { const d = new Date(ymd + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().slice(0, 10); }
const thisYear = () => Number(today().slice(0, 4));

// Unique names and numbers: a per-process counter behind a random 6-digit prefix, never clock
// digits; digits only, so they fit usernames, passport and card numbers alike.
const RUN_ID = String(require('node:crypto').randomInt(100000, 1000000));
let uniqCounter = 0;
const uniq = () => `${RUN_ID}${uniqCounter++}`;

const tests = [];
function test(name, fn) { tests.push({ name, fn, suite: currentSuite }); }
let currentSuite = '';
function suite(name) { currentSuite = name; }

function tempDir() { return fs.mkdtempSync(path.join(os.tmpdir(), 'waishi-api-')); }

// Run a waishi subcommand to completion; returns {status, stdout, stderr}.
// An import renders nothing with pango or cairo, so it needs no full allocation stacks for the leak
// suppressions (tests/run.sh): it keeps ASan's fast unwinder, which a 100 000-row import needs.
function cli(args, { input = '', env = {} } = {}) {
  const e = childEnv(env);
  if (args[0] === 'import' && e.ASAN_OPTIONS) e.ASAN_OPTIONS = e.ASAN_OPTIONS.replace('fast_unwind_on_malloc=0', 'fast_unwind_on_malloc=1');
  const r = spawnSync(BINARY, args, { input, env: e, encoding: 'utf8' });
  if (SANITIZER_RE.test(r.stderr)) throw new Error(`sanitizer report from waishi ${args.join(' ')}:\n${r.stderr}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// With WAISHI_TEST_PG set (postgresql://user@host:port), every database is a new PostgreSQL database.
const PG = process.env.WAISHI_TEST_PG || '';
let pgCount = 0;
function newDatabaseUrl() {
  if (!PG) return path.join(tempDir(), 'waishi.db');
  const name = `t${process.pid}_${RUN_ID}_${pgCount++}`;
  const r = spawnSync('psql', [`${PG}/postgres`, '-qc', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot create ${name}: ${r.stderr}`);
  return `${PG}/${name}`;
}

// Run SQL directly against a test database (to tamper with it, say): sqlite3 or psql.
function rawSql(db, statement) {
  const r = PG ? spawnSync('psql', [db, '-qtAc', statement], { encoding: 'utf8' }) : spawnSync('sqlite3', [db, statement], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

// A fresh database with the demo units and users (the full demo data set with full: true).
// The minimal one is made once per run and copied (SQLite: the file; PostgreSQL: CREATE DATABASE
// … TEMPLATE), as it holds nothing that depends on the day; the full one is made anew each time.
let minimalTemplate = null;
function demoDatabase({ full = false } = {}) {
  if (full) return demoCreated(['demo']);
  if (!minimalTemplate) minimalTemplate = demoCreated(['demo', '--minimal']);
  if (!PG) {
    const db = newDatabaseUrl();
    fs.copyFileSync(minimalTemplate, db);
    return db;
  }
  const name = `t${process.pid}_${RUN_ID}_${pgCount++}`;
  const template = minimalTemplate.slice(minimalTemplate.lastIndexOf('/') + 1);
  const r = spawnSync('psql', [`${PG}/postgres`, '-qc', `CREATE DATABASE ${name} TEMPLATE ${template}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot create ${name}: ${r.stderr}`);
  return `${PG}/${name}`;
}

function demoCreated(args) {
  const db = newDatabaseUrl();
  const r = cli([args[0], '--db', db, ...args.slice(1)]);
  assert.equal(r.status, 0, r.stderr);
  if (!PG) assert.ok(!fs.existsSync(`${db}-wal`) || fs.statSync(`${db}-wal`).size === 0, 'the demo left its changes in the write-ahead log');
  return db;
}

// Servers still running when the runner exits (a test failed before stopping its server) are killed.
const children = new Set();
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });

// Start `waishi serve` on 127.0.0.1:0 and wait for its "listening on" line.
// Every test client is one address that signs in often and opens many connections at once, so the
// per-address limits (sign-ins a minute, connections) are raised unless a test sets them; and a test
// may keep a connection idle while the command line works, so the idle timeout is longer too.
function startServer({ db, env = {}, webDir, binary = BINARY } = {}) {
  db = db || demoDatabase();
  env = { WAISHI_LOGIN_RATE: '100000', WAISHI_MAX_PER_IP: '1000', WAISHI_IDLE_TIMEOUT: '600', ...env };
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '4'];
  if (PG) env = { WAISHI_FILES: tempDir(), ...env };
  if (webDir) args.push('--web-dir', webDir);
  const child = spawn(binary, args, { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 15000);
    child.stderr.on('data', (d) => {
      log += d;
      const m = /listening on (http:\/\/[^ ]+)/.exec(log);
      if (m && !server.url) {
        server.url = m[1];
        clearTimeout(timer);
        fetch(`${server.url}/healthz`).then((r) => r.json()).then((h) => {
          server.today = h.today;
          if (!env.WAISHI_CLOCK_OFFSET) runToday = h.today;
          resolve(server);
        }, reject);
      }
    });
    child.on('exit', (code) => { server.exitCode = code; if (!server.url) reject(new Error(`server exited ${code}:\n${log}`)); });
    const server = {
      url: null, db, child, exitCode: undefined,
      log: () => log,
      // Stop with SIGTERM; the server must exit 0 with no sanitizer report.
      async stop() {
        if (server.exitCode === undefined) {
          const done = new Promise((r) => child.on('exit', r));
          child.kill('SIGTERM');
          await done;
        }
        if (SANITIZER_RE.test(log)) throw new Error(`sanitizer report from the server:\n${log}`);
        assert.equal(server.exitCode, 0, `server exit status ${server.exitCode}:\n${log.slice(-2000)}`);
      },
    };
  });
}

// One HTTP request. opts: body (object or string), token, cookie, csrf, headers, lang.
async function api(server, method, urlPath, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.Cookie = opts.cookie;
  if (opts.csrf) headers['X-CSRF-Token'] = opts.csrf;
  if (opts.lang) headers['Accept-Language'] = opts.lang;
  let body;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body : JSON.stringify(opts.body);
    if (!headers['Content-Type']) headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(server.url + urlPath, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text, headers: res.headers };
}

async function login(server, username, password = `demo-${username}`) {
  const r = await api(server, 'POST', '/api/v1/session', { body: { username, password } });
  assert.equal(r.status, 201, `login ${username}: ${r.text}`);
  return r.json;
}

// Assert an error answer: status, code and (optionally) field.
function assertError(r, status, code, field) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.text}`);
  assert.ok(r.json && r.json.error, `no error body: ${r.text}`);
  if (code) assert.equal(r.json.error.code, code, r.text);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
  assert.equal(typeof r.json.error.message, 'string');
}

module.exports = { test, suite, tests, today, addDays, thisYear, uniq, cli, demoDatabase, newDatabaseUrl, rawSql, PG, startServer, api, login, assertError, tempDir, BINARY, assert };

// Send several requests so that the server receives their last bytes at the
// same moment: every request but its final byte is written first, then the
// final bytes are written together (a "last-byte sync"), so their handling
// overlaps as closely as two clients can make it. Each spec is
// {method, path, token, body, lang}; answers {status, json, text} in order.
async function race(server, specs) {
  const { hostname, port } = new URL(server.url);
  const sockets = await Promise.all(specs.map((spec) => new Promise((resolve, reject) => {
    const body = spec.body === undefined ? '' : JSON.stringify(spec.body);
    const head = [`${spec.method} ${spec.path} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Connection: close',
      `Authorization: Bearer ${spec.token}`, `Accept-Language: ${spec.lang || 'zh-CN'}`,
      'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, '', ''].join('\r\n');
    const raw = Buffer.from(head + body);
    const socket = net.connect(Number(port), hostname, () => socket.write(raw.subarray(0, raw.length - 1), () => resolve({ socket, last: raw.subarray(raw.length - 1) })));
    socket.on('error', reject);
  })));
  const answers = sockets.map(({ socket }) => new Promise((resolve) => {
    const chunks = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
  }));
  await new Promise((r) => setTimeout(r, 20));
  for (const { socket, last } of sockets) socket.write(last);
  return (await Promise.all(answers)).map(parseHttpAnswer);
}

// A raw HTTP/1.1 answer (Content-Length or chunked) as {status, json, text}.
function parseHttpAnswer(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.subarray(0, split).toString('latin1');
  let body = raw.subarray(split + 4);
  if (/transfer-encoding:\s*chunked/i.test(headers)) {
    const parts = [];
    for (let rest = body; ;) {
      const nl = rest.indexOf('\r\n');
      const size = parseInt(rest.subarray(0, nl).toString('latin1'), 16);
      if (!size) break;
      parts.push(rest.subarray(nl + 2, nl + 2 + size));
      rest = rest.subarray(nl + 2 + size + 2);
    }
    body = Buffer.concat(parts);
  }
  const text = body.toString('utf8');
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(headers)[1]), json, text };
}
module.exports.race = race;

// Send only a request's headers, announcing a body with `Expect: 100-continue`, and return the
// answer: a server that decides on the headers answers at once and never asks for the body.
function headersOnly(url, pathName, headers) {
  return new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const s = net.connect({ host: hostname, port: Number(port) });
    let answer = '';
    const timer = setTimeout(() => { s.destroy(); resolve(answer); }, 5000);
    s.on('data', (d) => {
      answer += d;
      if (/\r\n\r\n[\s\S]*\}$/.test(answer) || /^HTTP\/1\.1 100/.test(answer)) { clearTimeout(timer); s.destroy(); resolve(answer); }
    });
    s.on('error', () => { clearTimeout(timer); resolve(answer); });
    s.on('close', () => { clearTimeout(timer); resolve(answer); });
    s.on('connect', () => s.write(`POST ${pathName} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`));
  });
}
module.exports.headersOnly = headersOnly;
