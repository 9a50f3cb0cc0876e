// The permission matrix: every route with every role (and no session),
// checking 2xx where the role may, 403 where it may not, 401 without a session.
'use strict';
const { test, startServer, api, login, assert, cli, uniq } = require('./lib');

const ROLES = ['admin', 'officer', 'reviewer1', 'director', 'shangwu', 'viewer', 'county'];
const ROLE_OF = { admin: 'admin', officer: 'officer', reviewer1: 'reviewer', director: 'director', shangwu: 'unit', viewer: 'viewer', county: 'county' };
const ALL = Object.values(ROLE_OF);
const OFFICE = ['admin', 'officer'];

const unique = () => `m${uniq()}`;

// [method, path, roles allowed, body maker]; a public route lists 'public'.
const MATRIX = [
  ['GET', '/healthz', 'public'],
  ['GET', '/api/v1/version', 'public'],
  ['GET', '/api/v1/labels', 'public'],
  ['GET', '/api/v1/login-info', 'public'],
  ['POST', '/api/v1/session', 'public', () => ({ username: 'viewer', password: 'demo-viewer' })],
  ['GET', '/api/v1/me', ALL],
  ['POST', '/api/v1/me/password', ALL, (who) => ({ current_password: `demo-${who}`, new_password: `demo-${who}` + '-x' })],
  ['GET', '/api/v1/users', ['admin']],
  ['POST', '/api/v1/users', ['admin'], () => ({ username: unique(), display_name: '矩阵', role: 'viewer', password: 'matrix-pass' })],
  ['GET', '/api/v1/users/8', ['admin']],
  ['PATCH', '/api/v1/users/8', ['admin'], () => ({ display_name: '商务局申报员' })],
  ['POST', '/api/v1/users/6/deactivate', ['admin']],
  ['POST', '/api/v1/users/6/activate', ['admin']],
  ['GET', '/api/v1/units', ALL],
  ['POST', '/api/v1/units', OFFICE, () => ({ name: unique(), level: 'other' })],
  ['GET', '/api/v1/units/2', ALL],
  ['PATCH', '/api/v1/units/9', OFFICE, () => ({ name: '市第三中学' })],
  ['POST', '/api/v1/units/10/deactivate', OFFICE],
  ['POST', '/api/v1/units/10/activate', OFFICE],
  ['GET', '/api/v1/audit', ['admin', 'director', 'viewer']],
  ['DELETE', '/api/v1/session', ALL],
];

let srv;
test('server starts', async () => { srv = await startServer(); });

test('every route answers 2xx to allowed roles, 403 to others, 401 without a session', async () => {
  const failures = [];
  const sessions = {};
  for (const who of ROLES) sessions[who] = await login(srv, who);
  for (const [method, path, allowed, bodyOf] of MATRIX) {
    const anon = await api(srv, method, path, { body: bodyOf ? bodyOf('nobody') : undefined });
    if (allowed === 'public') {
      if (anon.status < 200 || anon.status > 299) failures.push(`${method} ${path} anonymous: ${anon.status}`);
      continue;
    }
    if (anon.status !== 401) failures.push(`${method} ${path} anonymous: ${anon.status}, want 401`);
    for (const who of ROLES) {
      const s = method === 'DELETE' ? await login(srv, who) : sessions[who];
      const r = await api(srv, method, path, { token: s.token, body: bodyOf ? bodyOf(who) : undefined });
      const may = allowed.includes(ROLE_OF[who]);
      const ok = may ? r.status >= 200 && r.status < 300 : r.status === 403;
      if (!ok) failures.push(`${method} ${path} as ${ROLE_OF[who]}: ${r.status} ${r.text.slice(0, 120)}, want ${may ? '2xx' : '403'}`);
      if (method === 'POST' && path === '/api/v1/me/password' && r.status === 200) {
        // put the demo password back for the next routes
        const back = await api(srv, method, path, { token: s.token, body: { current_password: `demo-${who}-x`, new_password: `demo-${who}` } });
        assert.equal(back.status, 200, back.text);
      }
    }
  }
  assert.deepEqual(failures, []);
});

module.exports = { MATRIX };
test('server stops cleanly', async () => { await srv.stop(); });
