// The permission matrix for document applications, visas, visa requirements
// and invitation applications (issue 17): 2xx for the roles that may (on a
// fresh record), 403 for the others, 401 without a session.
'use strict';
const { test, startServer, api, assert } = require('./lib');
const { Office, today, addDays, uniq } = require('./trips');

const WHO = { admin: 'admin', officer: 'officer', reviewer: 'reviewer1', director: 'director', unit: 'shangwu', viewer: 'viewer' };
const ALL = Object.keys(WHO);
const OFFICE = ['admin', 'officer'];
const APPLICANTS = ['admin', 'officer', 'unit'];
const ADMIN = ['admin'];

let srv, o, trip;
const make = async (path, body) => (await o.ok('officer', 'POST', path, body)).id;
const docBody = async () => ({ person_id: (await o.person({ passport: false })).id, kind: 'official_passport', reason: 'new', applied_on: today() });
const doc = async () => make('/api/v1/document-applications', await docBody());
const docSubmitted = async () => { const id = await doc(); await o.ok('officer', 'POST', `/api/v1/document-applications/${id}/submit`, { date: today(), submitted_to: '省外办' }); return id; };
const visaBody = async () => {
  const t = await o.draft({ size: 1 });
  return { delegation_id: t.id, person_id: t.people[0].id, country: 'DE' };
};
const visa = async () => make('/api/v1/visas', await visaBody());
const visaSubmitted = async () => { const id = await visa(); await o.ok('officer', 'POST', `/api/v1/visas/${id}/submit`, { date: today(), submitted_to: '使馆' }); return id; };
let country = 0;
const COUNTRIES = ['FR', 'IT', 'ES', 'PT', 'NL', 'BE', 'AT', 'CH', 'SE', 'NO', 'DK', 'FI', 'PL', 'CZ', 'HU', 'GR', 'IE'];

const reqId = async () => (await o.ok('admin', 'POST', '/api/v1/visa-requirements', { country: COUNTRIES[country++], requirement: 'on_arrival' })).id;
const invBody = () => ({
  unit_id: 2, purpose: '来访洽谈合作', arrive_date: addDays(today(), 30), leave_date: addDays(today(), 32), visa_post: '中国驻法国大使馆',
  persons: [{ name: 'Jean Dupont', nationality: 'FR', passport_no: `F${uniq().slice(-9)}`, birth_date: '1980-01-01', position: '经理' }],
});
const inv = () => make('/api/v1/invitations', invBody());
const invSubmitted = async () => { const id = await inv(); await o.ok('officer', 'POST', `/api/v1/invitations/${id}/submit`); return id; };
const invApproved = async () => { const id = await invSubmitted(); await o.ok('director', 'POST', `/api/v1/invitations/${id}/approve`); return id; };

const MATRIX = [
  ['GET', '/api/v1/document-applications', () => '/api/v1/document-applications', ALL],
  ['POST', '/api/v1/document-applications', async (fx) => { fx.body = await docBody(); return '/api/v1/document-applications'; }, APPLICANTS, (fx) => fx.body],
  ['GET', '/api/v1/document-applications/{id}', async () => `/api/v1/document-applications/${await doc()}`, ALL],
  ['POST', '/api/v1/document-applications/{id}/submit', async () => `/api/v1/document-applications/${await doc()}/submit`, OFFICE, () => ({ date: today(), submitted_to: '省外办' })],
  ['POST', '/api/v1/document-applications/{id}/issue', async () => `/api/v1/document-applications/${await docSubmitted()}/issue`, OFFICE, () => ({ date: today(), number: `M${uniq().slice(-11)}`, expiry_date: addDays(today(), 3000), passport_kind: 'service' })],
  ['POST', '/api/v1/document-applications/{id}/refuse', async () => `/api/v1/document-applications/${await docSubmitted()}/refuse`, OFFICE, () => ({ date: today(), reason: '不符合条件' })],
  ['GET', '/api/v1/visas', () => '/api/v1/visas', ALL],
  ['POST', '/api/v1/visas', async (fx) => { fx.body = await visaBody(); return '/api/v1/visas'; }, OFFICE, (fx) => fx.body],
  ['GET', '/api/v1/visas/{id}', async () => `/api/v1/visas/${await visa()}`, ALL],
  ['POST', '/api/v1/visas/{id}/submit', async () => `/api/v1/visas/${await visa()}/submit`, OFFICE, () => ({ date: today(), submitted_to: '使馆' })],
  ['POST', '/api/v1/visas/{id}/grant', async () => `/api/v1/visas/${await visaSubmitted()}/grant`, OFFICE, () => ({ date: today(), visa_type: '公务', valid_from: today(), valid_until: addDays(today(), 30), entries: 'single' })],
  ['POST', '/api/v1/visas/{id}/refuse', async () => `/api/v1/visas/${await visaSubmitted()}/refuse`, OFFICE, () => ({ date: today() })],
  ['GET', '/api/v1/delegations/{id}/visas', () => `/api/v1/delegations/${trip.id}/visas`, ALL],
  ['GET', '/api/v1/visa-requirements', () => '/api/v1/visa-requirements', ALL],
  ['POST', '/api/v1/visa-requirements', (fx) => { fx.country = COUNTRIES[country++]; return '/api/v1/visa-requirements'; }, ADMIN, (fx) => ({ country: fx.country, requirement: 'required' })],
  ['PATCH', '/api/v1/visa-requirements/{id}', async () => `/api/v1/visa-requirements/${await reqId()}`, ADMIN, () => ({ requirement: 'required' })],
  ['DELETE', '/api/v1/visa-requirements/{id}', async () => `/api/v1/visa-requirements/${await reqId()}`, ADMIN],
  ['GET', '/api/v1/invitations', () => '/api/v1/invitations', ALL],
  ['POST', '/api/v1/invitations', () => '/api/v1/invitations', APPLICANTS, () => invBody()],
  ['GET', '/api/v1/invitations/{id}', async () => `/api/v1/invitations/${await inv()}`, ALL],
  ['PATCH', '/api/v1/invitations/{id}', async () => `/api/v1/invitations/${await inv()}`, APPLICANTS, () => ({ purpose: '修改后的事由' })],
  ['POST', '/api/v1/invitations/{id}/submit', async () => `/api/v1/invitations/${await inv()}/submit`, APPLICANTS],
  // decided by the director under the default setting (invitation_approver: director); the route admits
  // officers too, for the other setting, and the operation refuses them
  ['POST', '/api/v1/invitations/{id}/approve', async () => `/api/v1/invitations/${await invSubmitted()}/approve`, ['admin', 'director']],
  ['POST', '/api/v1/invitations/{id}/reject', async () => `/api/v1/invitations/${await invSubmitted()}/reject`, ['admin', 'director'], () => ({ comment: '不予批准' })],
  ['GET', '/api/v1/invitations/{id}/letter', async () => `/api/v1/invitations/${await invApproved()}/letter`, ALL],
  ['GET', '/api/v1/invitations/{id}/notification', async () => `/api/v1/invitations/${await invApproved()}/notification`, ALL],
];

test('server starts with a trip of unit 2', async () => {
  srv = await startServer();
  o = new Office(srv);
  await o.plan(2);
  trip = await o.draft();

});

test('every document, visa and invitation route answers 2xx to allowed roles, 403 to others, 401 without a session', async () => {
  const failures = [];
  for (const [method, pattern, pathOf, allowed, bodyOf] of MATRIX) {
    const refusedFx = {};
    const refusedPath = await pathOf(refusedFx);
    const anon = await api(srv, method, refusedPath, { body: bodyOf ? bodyOf(refusedFx) : undefined });
    if (anon.status !== 401) failures.push(`${method} ${pattern} anonymous: ${anon.status}`);
    for (const [role, who] of Object.entries(WHO)) {
      const may = allowed.includes(role);
      const fx = may ? {} : refusedFx;
      const path = may ? await pathOf(fx) : refusedPath;
      const r = await api(srv, method, path, { token: await o.as(who), body: bodyOf ? bodyOf(fx) : undefined });
      const ok = may ? r.status >= 200 && r.status < 300 : r.status === 403;
      if (!ok) failures.push(`${method} ${pattern} as ${role}: ${r.status} ${r.text.slice(0, 160)}, want ${may ? '2xx' : '403'}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('server stops cleanly', async () => { await srv.stop(); });

module.exports = { MATRIX };
