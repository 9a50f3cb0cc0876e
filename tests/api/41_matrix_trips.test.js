// The permission matrix for the trip routes: every route with every role,
// 2xx for the roles that may (each on a fresh record in the right state),
// 403 for the others, 401 without a session.
'use strict';
const { test, startServer, api, assert } = require('./lib');
const { Office, addDays, today, uniq } = require('./trips');

const WHO = { admin: 'admin', officer: 'officer', reviewer: 'reviewer1', director: 'director', unit: 'shangwu', viewer: 'viewer', county: 'county' };
const ALL = Object.keys(WHO);
const OFFICE = ['admin', 'officer'];
const APPLICANTS = ['admin', 'officer', 'unit', 'county'];
const COUNTY = ['admin', 'county'];

// The unit the fixtures belong to: 2 (市商务局), or 6 (武鸣县商务局, under the
// county 5) while the county officer is asked, so that its records are its own.
const CITY_UNIT = 2, COUNTY_UNIT = 6;
let UNIT = CITY_UNIT;
const fx0 = {}; // records made once per unit: a person and a plan
const DIRECTOR = ['admin', 'director'];
const PANEL = ['admin', 'officer', 'reviewer', 'director', 'viewer'];

let srv, o;
const year = () => Number(today().slice(0, 4));

// Trips of UNIT brought to a state; a county's trip passes the county review on the way.
async function trip(state) {
  const t = await o.draft({ unit_id: UNIT });
  if (state === 'draft') return t;
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/publicity`, { start_date: addDays(today(), -14) });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/submit`);
  if (state === 'submitted') return t;
  if (UNIT === COUNTY_UNIT) await o.ok('county', 'POST', `/api/v1/delegations/${t.id}/county-review`, { decision: 'approve' });
  if (state === 'county_reviewed') return t;
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/preliminary`, { decision: 'approve' });
  if (state === 'preliminary') return t;
  await o.ok('director', 'POST', `/api/v1/delegations/${t.id}/approve`, { date: today() });
  if (state === 'approved') return t;
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/briefing`, { date: today(), reminder_card: true });
  for (const p of t.people) await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/commitments`, { person_id: p.id, date: today() });
  if (state === 'briefed') return t;
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/depart`, { date: today() });
  if (state === 'departed') return t;
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/return`, { date: today(), countries_visited: ['DE'] });
  if (state === 'returned') return t;
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/report`, { date: today(), summary: '出访总结出访总结出访总结' });
  return t;
}

async function openSession() {
  const t = await trip('preliminary');
  const s = await o.ok('officer', 'POST', '/api/v1/review-sessions', { date: today(), title: `会审${uniq()}`, delegation_ids: [t.id] });
  return { s, t };
}

// The ids of reviewer1 (the member recorded absent) and reviewer2 (the deputy).
async function panelIds() {
  return { r1: (await o.ok('reviewer1', 'GET', '/api/v1/me')).id, r2: (await o.ok('reviewer2', 'GET', '/api/v1/me')).id };
}

// [method, route pattern, path maker, allowed roles, body maker]; a path maker builds a fresh
// fixture for each allowed call.
const MATRIX = [
  ['GET', '/api/v1/policies', () => '/api/v1/policies', ALL],
  ['PUT', '/api/v1/policies', () => '/api/v1/policies', ['admin'], () => ({ report_due_days: 30 })],
  ['GET', '/api/v1/holidays', () => `/api/v1/holidays?year=${year()}`, ALL],
  ['PUT', '/api/v1/holidays/{id}', () => `/api/v1/holidays/${year() + 1}`, ['admin'], () => ({ holidays: [], workdays: [] })],
  ['GET', '/api/v1/countries', () => '/api/v1/countries', ALL],
  ['GET', '/api/v1/persons', () => '/api/v1/persons', ALL],
  ['POST', '/api/v1/persons', () => '/api/v1/persons', APPLICANTS, () => ({ name: '矩阵人员', gender: 'female', unit_id: UNIT, rank: 'none' })],
  ['GET', '/api/v1/persons/{id}', async () => `/api/v1/persons/${(await o.person({ unit_id: UNIT, passport: false })).id}`, ALL],
  ['PATCH', '/api/v1/persons/{id}', async () => `/api/v1/persons/${(await o.person({ unit_id: UNIT, passport: false })).id}`, APPLICANTS, () => ({ position: '处长' })],
  ['GET', '/api/v1/passports', () => '/api/v1/passports', ALL],
  ['POST', '/api/v1/passports', async () => '/api/v1/passports', OFFICE, () => ({ number: `M${uniq()}`.slice(0, 15), kind: 'service', person_id: 1, expiry_date: addDays(today(), 3000) })],
  ['GET', '/api/v1/passports/{id}', async () => `/api/v1/passports/${(await o.person({ unit_id: UNIT })).passport.id}`, ALL],
  ['PATCH', '/api/v1/passports/{id}', async () => `/api/v1/passports/${(await o.person({ unit_id: UNIT })).passport.id}`, OFFICE, () => ({ expiry_date: addDays(today(), 3400) })],
  ['POST', '/api/v1/passports/{id}/issue', async (fx) => { const t = await trip('approved'); fx.t = t; return `/api/v1/passports/${t.people[0].passport.id}/issue`; }, OFFICE, (fx) => ({ delegation_id: fx.t.id, date: today() })],
  ['POST', '/api/v1/passports/{id}/return', async () => { const t = await trip('approved'); const pid = t.people[0].passport.id; await o.ok('officer', 'POST', `/api/v1/passports/${pid}/issue`, { delegation_id: t.id, date: today() }); return `/api/v1/passports/${pid}/return`; }, OFFICE, () => ({ date: today() })],
  ['GET', '/api/v1/plans', () => '/api/v1/plans', ALL],
  ['POST', '/api/v1/plans', () => '/api/v1/plans', OFFICE, (fx, who) => ({ year: 2040 + ALL.indexOf(who), unit_id: 2, batches: 1, persons: 1, budget_cny: 1 })],
  ['GET', '/api/v1/plans/{id}', () => `/api/v1/plans/${fx0[UNIT].plan.id}`, ALL],
  ['PATCH', '/api/v1/plans/{id}', () => `/api/v1/plans/${fx0[UNIT].plan.id}`, OFFICE, () => ({ batches: 5000 })],
  ['GET', '/api/v1/quota', () => `/api/v1/quota?year=${year()}`, ALL],
  ['GET', '/api/v1/delegations', () => '/api/v1/delegations', ALL],
  ['POST', '/api/v1/delegations', () => '/api/v1/delegations', APPLICANTS, () => ({ unit_id: UNIT, title: '矩阵团组', task: '任务', category: 'other', inviter: '邀请方', depart_date: addDays(today(), 60), return_date: addDays(today(), 62), budget_cny: 1, destinations: [{ country: 'SG', city: '新加坡', days: 3 }], members: [{ person_id: fx0[UNIT].person.id, is_leader: true }] })],
  ['GET', '/api/v1/delegations/{id}', async () => `/api/v1/delegations/${(await trip('draft')).id}`, ALL],
  ['PATCH', '/api/v1/delegations/{id}', async () => `/api/v1/delegations/${(await trip('draft')).id}`, APPLICANTS, () => ({ inviter: '新邀请方' })],
  ['GET', '/api/v1/delegations/{id}/checks', async () => `/api/v1/delegations/${(await trip('draft')).id}/checks`, ALL],
  ['GET', '/api/v1/delegations/{id}/history', async () => `/api/v1/delegations/${(await trip('draft')).id}/history`, ALL],
  ['GET', '/api/v1/delegations/{id}/approval-form', async () => `/api/v1/delegations/${(await trip('approved')).id}/approval-form`, ALL],
  ['POST', '/api/v1/delegations/{id}/submit', async () => `/api/v1/delegations/${(await trip('draft')).id}/submit`, APPLICANTS],
  ['POST', '/api/v1/delegations/{id}/county-review', async () => { const keep = UNIT; UNIT = COUNTY_UNIT; try { return `/api/v1/delegations/${(await trip('submitted')).id}/county-review`; } finally { UNIT = keep; } }, COUNTY, () => ({ decision: 'approve' })],
  ['POST', '/api/v1/delegations/{id}/preliminary', async () => `/api/v1/delegations/${(await trip(UNIT === COUNTY_UNIT ? 'county_reviewed' : 'submitted')).id}/preliminary`, OFFICE, () => ({ decision: 'approve' })],
  ['POST', '/api/v1/delegations/{id}/publicity', async () => `/api/v1/delegations/${(await trip('draft')).id}/publicity`, APPLICANTS, () => ({ start_date: today() })],
  ['POST', '/api/v1/delegations/{id}/approve', async () => `/api/v1/delegations/${(await trip('preliminary')).id}/approve`, DIRECTOR, () => ({ date: today() })],
  ['POST', '/api/v1/delegations/{id}/override', async () => `/api/v1/delegations/${(await trip('preliminary')).id}/override`, DIRECTOR, () => ({ reason: '经批准' })],
  ['POST', '/api/v1/delegations/{id}/briefing', async () => `/api/v1/delegations/${(await trip('approved')).id}/briefing`, OFFICE, () => ({ date: today(), reminder_card: true })],
  ['POST', '/api/v1/delegations/{id}/commitments', async (fx) => { fx.t = await trip('approved'); return `/api/v1/delegations/${fx.t.id}/commitments`; }, OFFICE, (fx) => ({ person_id: fx.t.people[0].id, date: today() })],
  ['POST', '/api/v1/delegations/{id}/depart', async () => `/api/v1/delegations/${(await trip('briefed')).id}/depart`, OFFICE, () => ({ date: today() })],
  ['POST', '/api/v1/delegations/{id}/return', async () => `/api/v1/delegations/${(await trip('departed')).id}/return`, OFFICE, () => ({ date: today(), countries_visited: ['DE'] })],
  ['POST', '/api/v1/delegations/{id}/report', async () => `/api/v1/delegations/${(await trip('returned')).id}/report`, APPLICANTS, () => ({ date: today(), summary: '出访总结出访总结出访总结' })],
  ['POST', '/api/v1/delegations/{id}/close', async () => `/api/v1/delegations/${(await trip('reported')).id}/close`, OFFICE],
  ['POST', '/api/v1/delegations/{id}/cancel', async () => `/api/v1/delegations/${(await trip('draft')).id}/cancel`, ['admin', 'officer', 'unit', 'county', 'director'], () => ({ reason: '取消出访' })],
  ['GET', '/api/v1/review-sessions', () => '/api/v1/review-sessions', PANEL],
  ['POST', '/api/v1/review-sessions', async (fx) => { fx.t = await trip('preliminary'); return '/api/v1/review-sessions'; }, OFFICE, (fx) => ({ date: today(), title: '会审', delegation_ids: [fx.t.id] })],
  ['GET', '/api/v1/review-sessions/{id}', async () => `/api/v1/review-sessions/${(await openSession()).s.id}`, PANEL],
  ['POST', '/api/v1/review-sessions/{id}/votes', async (fx) => { Object.assign(fx, await openSession()); return `/api/v1/review-sessions/${fx.s.id}/votes`; }, ['reviewer'], (fx) => ({ delegation_id: fx.t.id, decision: 'for' })],
  ['POST', '/api/v1/review-sessions/{id}/close', async () => `/api/v1/review-sessions/${(await openSession()).s.id}/close`, ['admin', 'officer', 'director']],
  ['POST', '/api/v1/review-sessions/{id}/deputies', async (fx) => { Object.assign(fx, await openSession(), await panelIds()); return `/api/v1/review-sessions/${fx.s.id}/deputies`; }, ['admin', 'officer', 'director', 'reviewer'], (fx) => ({ reviewer_id: fx.r1, deputy_id: fx.r2 })],
  ['DELETE', '/api/v1/review-sessions/{id}/deputies/{id}', async () => {
    const { s } = await openSession();
    const { r1, r2 } = await panelIds();
    await o.ok('officer', 'POST', `/api/v1/review-sessions/${s.id}/deputies`, { reviewer_id: r1, deputy_id: r2 });
    return `/api/v1/review-sessions/${s.id}/deputies/${r1}`;
  }, ['admin', 'officer', 'director', 'reviewer']],
  ['GET', '/api/v1/letters', () => '/api/v1/letters', ALL],
  ['POST', '/api/v1/letters', () => '/api/v1/letters', APPLICANTS, () => ({ kind: 'introduction', date: today(), unit_id: UNIT, purpose: '介绍', persons: [{ name: '张三' }] })],
  ['GET', '/api/v1/letters/{id}', async () => `/api/v1/letters/${(await o.ok('officer', 'POST', '/api/v1/letters', { kind: 'introduction', date: today(), unit_id: UNIT, purpose: '介绍', persons: [{ name: '李四' }] })).id}`, ALL],
  ['PATCH', '/api/v1/letters/{id}', async () => `/api/v1/letters/${(await o.ok('officer', 'POST', '/api/v1/letters', { kind: 'introduction', date: today(), unit_id: UNIT, purpose: '介绍', persons: [{ name: '王五' }] })).id}`, APPLICANTS, () => ({ purpose: '改' })],
  ['GET', '/api/v1/letters/{id}/invitation-form', async () => `/api/v1/letters/${(await o.ok('officer', 'POST', '/api/v1/letters', { kind: 'invitation', date: today(), unit_id: UNIT, purpose: '邀请', persons: [{ name: 'Anna', nationality: 'DE', passport_no: 'C1234567' }] })).id}/invitation-form`, ALL],
  ['GET', '/api/v1/reminders', () => '/api/v1/reminders', ALL],
  // issue 16: rules as data
  ['GET', '/api/v1/rules', () => '/api/v1/rules', ALL],
  ['POST', '/api/v1/rules', () => '/api/v1/rules', ['admin'], () => ({ key: `matrix_${uniq()}`, kind: 'max_members', title_zh: '矩阵规则', params: { max: 50 }, severity: 'warning', source: '本办设置' })],
  ['GET', '/api/v1/rules/export', () => '/api/v1/rules/export', ALL],
  ['POST', '/api/v1/rules/import', () => '/api/v1/rules/import', ['admin'], () => ({ format: 'waishi-rules', version: 1, rules: [{ key: `matrix_${uniq()}`, kind: 'max_members', title_zh: '矩阵规则', params: { max: 50 }, severity: 'warning', source: '本办设置' }] })],
  ['GET', '/api/v1/rules/{id}', () => '/api/v1/rules/1', ALL],
  ['GET', '/api/v1/delegations/{id}/funding', async () => `/api/v1/delegations/${(await trip('draft')).id}/funding`, ALL],
  ['PUT', '/api/v1/delegations/{id}/funding/budget', async () => `/api/v1/delegations/${(await trip('draft')).id}/funding/budget`, APPLICANTS, () => ({ lines: [{ item: 'international_travel', currency: 'CNY', amount: 30000, rate: 1 }] })],
  ['PUT', '/api/v1/delegations/{id}/funding/actual', async () => `/api/v1/delegations/${(await trip('returned')).id}/funding/actual`, APPLICANTS, () => ({ lines: [{ item: 'international_travel', currency: 'CNY', amount: 28000, rate: 1 }] })],
  ['PATCH', '/api/v1/rules/{id}', async () => `/api/v1/rules/${(await o.ok('admin', 'GET', '/api/v1/rules')).items.find((x) => x.key === 'min_lead_days').id}`, ['admin'], () => ({ title_zh: '提前申报' })],
];

test('server starts: joint review off (the director approves), room in plan and quota', async () => {
  srv = await startServer();
  o = new Office(srv);
  for (const unit of [CITY_UNIT, COUNTY_UNIT]) {
    await o.plan(unit, year(), { batches: 1000, persons: 10000, budget_cny: 1e9 });
    const plans = await o.ok('officer', 'GET', `/api/v1/plans?unit_id=${unit}&year=${year()}`);
    fx0[unit] = { plan: plans.items[0], person: await o.person({ unit_id: unit, passport: false }) };
  }
  await o.ok('admin', 'PUT', '/api/v1/policies', { joint_review_required: false });
  await o.rule('zero_growth', { enabled: false });
});

test('every trip route answers 2xx to allowed roles, 403 to others, 401 without a session', async () => {
  const failures = [];
  for (const [method, pattern, pathOf, allowed, bodyOf] of MATRIX) {
    const refusedFx = {};
    const refusedPath = await pathOf(refusedFx);
    const label = `${method} ${pattern}`;
    const anon = await api(srv, method, refusedPath, { body: bodyOf ? bodyOf(refusedFx, 'anonymous') : undefined });
    if (anon.status !== 401) failures.push(`${label} anonymous: ${anon.status}`);
    for (const [role, who] of Object.entries(WHO)) {
      const may = allowed.includes(role);
      const fx = may ? {} : refusedFx;
      UNIT = role === 'county' && may ? COUNTY_UNIT : CITY_UNIT;
      const path = may ? await pathOf(fx) : refusedPath;
      const r = await o.call(who, method, path, bodyOf ? bodyOf(fx, role) : undefined);
      UNIT = CITY_UNIT;
      const ok = may ? r.status >= 200 && r.status < 300 : r.status === 403;
      if (!ok) failures.push(`${label} as ${role}: ${r.status} ${r.text.slice(0, 160)}, want ${may ? '2xx' : '403'}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('server stops cleanly', async () => { await srv.stop(); });

module.exports = { MATRIX, WHO, ALL, OFFICE };
