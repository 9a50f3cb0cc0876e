// The permission matrix of the work report, its names and its drafts: 2xx
// for the roles that may (on a fresh draft), 403 for the others, 401
// without a session. Unit users never see a draft.
'use strict';
const { test, startServer, api, assert } = require('./lib');
const { Office, today } = require('./trips');

const WHO = { admin: 'admin', officer: 'officer', reviewer: 'reviewer1', director: 'director', unit: 'shangwu', viewer: 'viewer', county: 'county' };
const ALL = Object.keys(WHO);
const OFFICE = ['admin', 'officer'];
const READ = ['admin', 'officer', 'director', 'viewer'];
const DRAFT_READERS = ALL.filter((r) => r !== 'unit' && r !== 'county');
const DIRECTOR = ['admin', 'director'];

let srv, o;
// the server's today is known once it runs: dates are made when a path is made
const Y = () => Number(today().slice(0, 4));
const period = () => ({ from: `${Y() - 1}-01-01`, to: `${Y() - 1}-06-30` });
const draft = async () => (await o.ok('officer', 'POST', '/api/v1/report-drafts', period())).id;
const finalDraft = async () => { const id = await draft(); await o.ok('director', 'POST', `/api/v1/report-drafts/${id}/finalize`, { version: 1 }); return id; };

// [method, route pattern, path maker, allowed roles, body maker]
const MATRIX = [
  ['GET', '/api/v1/reports/work-summary', () => `/api/v1/reports/work-summary?from=${Y()}-01-01&to=${today()}`, [...READ, 'county']], // a county reads its subtree's
  ['GET', '/api/v1/report-settings', () => '/api/v1/report-settings', READ],
  ['PUT', '/api/v1/report-settings', () => '/api/v1/report-settings', ['admin'], () => ({ info_body_prefecture: '苏州外办' })],
  ['GET', '/api/v1/report-drafts', () => '/api/v1/report-drafts', DRAFT_READERS],
  ['POST', '/api/v1/report-drafts', () => '/api/v1/report-drafts', OFFICE, () => period()],
  ['GET', '/api/v1/report-drafts/{id}', async () => `/api/v1/report-drafts/${await draft()}`, DRAFT_READERS],
  ['PATCH', '/api/v1/report-drafts/{id}', async () => `/api/v1/report-drafts/${await draft()}`, OFFICE, () => ({ version: 1, paragraphs: [{ key: 'self_building.1', text: '加强学习。' }] })],
  ['POST', '/api/v1/report-drafts/{id}/refresh', async () => `/api/v1/report-drafts/${await draft()}/refresh`, OFFICE, () => ({ version: 1 })],
  ['POST', '/api/v1/report-drafts/{id}/finalize', async () => `/api/v1/report-drafts/${await draft()}/finalize`, DIRECTOR, () => ({ version: 1 })],
  ['POST', '/api/v1/report-drafts/{id}/reopen', async () => `/api/v1/report-drafts/${await finalDraft()}/reopen`, DIRECTOR, () => ({ version: 2 })],
  ['GET', '/api/v1/report-drafts/{id}/versions', async () => `/api/v1/report-drafts/${await draft()}/versions`, DRAFT_READERS],
  ['GET', '/api/v1/report-drafts/{id}/versions/{id}', async () => `/api/v1/report-drafts/${await draft()}/versions/1`, DRAFT_READERS],
];

test('server starts', async () => {
  srv = await startServer();
  o = new Office(srv);
});

test('every report route answers 2xx to allowed roles, 403 to others, 401 without a session', async () => {
  const failures = [];
  for (const [method, pattern, pathOf, allowed, bodyOf] of MATRIX) {
    const refusedPath = await pathOf();
    const body = bodyOf ? bodyOf() : undefined;
    const anon = await api(srv, method, refusedPath, { body });
    if (anon.status !== 401) failures.push(`${method} ${pattern} anonymous: ${anon.status}`);
    for (const [role, who] of Object.entries(WHO)) {
      const may = allowed.includes(role);
      const path = may ? await pathOf() : refusedPath;
      const r = await api(srv, method, path, { token: await o.as(who), body });
      const ok = may ? r.status >= 200 && r.status < 300 : r.status === 403;
      if (!ok) failures.push(`${method} ${pattern} as ${role}: ${r.status} ${r.text.slice(0, 160)}, want ${may ? '2xx' : '403'}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('server stops cleanly', async () => { await srv.stop(); });

module.exports = { MATRIX };
