// Document applications (办照) and the passports/permits their issue puts in
// custody; visas and endorsements per member and destination, the per-country
// requirement (shipped empty), the departure gate, the checks' warning, the
// to-do items and the period figures kept apart from the private visa letters.
'use strict';
const { test, startServer, assertError, assert } = require('./lib');
const { Office, addDays, today, uniq } = require('./trips');

let srv, o;
const thisYear = () => today().slice(0, 4);
const summary = () => o.ok('officer', 'GET', `/api/v1/reports/summary?from=${thisYear()}-01-01&to=${thisYear()}-12-31`);
const requirement = (country, req) => o.ok('admin', 'POST', '/api/v1/visa-requirements', { country, requirement: req });
const visa = (trip, person, country) => o.ok('officer', 'POST', '/api/v1/visas', { delegation_id: trip.id, person_id: person.id, country });
const submitVisa = (v, date = today()) => o.ok('officer', 'POST', `/api/v1/visas/${v.id}/submit`, { date, submitted_to: '德国驻广州总领事馆', visa_type: '公务签证' });
const grant = (v) => o.call('officer', 'POST', `/api/v1/visas/${v.id}/grant`, {
  date: today(), visa_type: '公务签证', valid_from: today(), valid_until: addDays(today(), 90), entries: 'single',
}, { lang: 'zh-CN' });
// An approved trip, briefed and every commitment signed: ready to depart but for its visas.
async function readyTrip(fields) {
  const t = await o.approved({ fields });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/briefing`, { date: today(), reminder_card: true });
  for (const p of t.people) await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/commitments`, { person_id: p.id, date: today() });
  return t;
}
const depart = (t) => o.call('officer', 'POST', `/api/v1/delegations/${t.id}/depart`, { date: today() }, { lang: 'zh-CN' });

test('server starts with a plan for unit 2', async () => {
  srv = await startServer();
  o = new Office(srv);
  await o.plan(2);
  await o.rule('zero_growth', { enabled: false });
});

test('visa requirements ship empty; only the administrator sets them, by valid country, once each', async () => {
  const list = await o.ok('shangwu', 'GET', '/api/v1/visa-requirements');
  assert.equal(list.total, 0);
  assertError(await o.call('officer', 'POST', '/api/v1/visa-requirements', { country: 'DE', requirement: 'required' }), 403, 'forbidden');
  assertError(await o.call('admin', 'POST', '/api/v1/visa-requirements', { country: 'XX', requirement: 'required' }), 422, 'invalid', 'country');
  assertError(await o.call('admin', 'POST', '/api/v1/visa-requirements', { country: 'CN', requirement: 'required' }), 422, 'invalid', 'country');
  assertError(await o.call('admin', 'POST', '/api/v1/visa-requirements', { country: 'DE', requirement: 'maybe' }), 422, 'invalid', 'requirement');
  const de = await requirement('DE', 'required');
  assert.equal(de.requirement, 'required');
  assertError(await o.call('admin', 'POST', '/api/v1/visa-requirements', { country: 'DE', requirement: 'on_arrival' }), 409, 'duplicate');
  await requirement('RS', 'visa_free_official');
  const after = await o.ok('viewer', 'GET', '/api/v1/visa-requirements');
  assert.deepEqual(after.items.map((x) => [x.country, x.requirement, x.country_name]), [['DE', 'required', '德国'], ['RS', 'visa_free_official', '塞尔维亚']]);
});

test('a destination with no requirement set is a warning 签证要求未设置 in the checks, never a block', async () => {
  const t = await o.draft({ fields: { category: 'conference', destinations: [{ country: 'FR', city: '巴黎', days: 5 }] } });
  const c = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}/checks`);
  const w = c.items.filter((x) => x.rule === 'visa_requirement');
  assert.equal(w.length, 1);
  assert.equal(w[0].severity, 'warning');
  assert.match(w[0].message, /^签证要求未设置:法国\(FR\)/);
  const de = await o.draft();
  const c2 = await o.ok('officer', 'GET', `/api/v1/delegations/${de.id}/checks`);
  assert.deepEqual(c2.items.filter((x) => x.rule.startsWith('visa')), [], 'DE has its requirement set');
  // once the trip no longer goes (cancelled; likewise departed, returned, closed) its visas are not asked about
  await o.ok('shangwu', 'POST', `/api/v1/delegations/${t.id}/cancel`, { reason: '活动取消' });
  const c3 = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}/checks`);
  assert.deepEqual(c3.items.filter((x) => x.rule.startsWith('visa')), []);
});

test('the visa grid: member x destination; a visa goes to_apply -> submitted -> granted; wrong moves are refused and change nothing', async () => {
  const t = await o.draft({ fields: { destinations: [{ country: 'DE', city: '柏林', days: 3 }, { country: 'RS', city: '贝尔格莱德', days: 2 }], return_date: addDays(addDays(today(), 60), 4) } });
  const [a, b] = t.people;
  let g = await o.ok('shangwu', 'GET', `/api/v1/delegations/${t.id}/visas`);
  assert.deepEqual(g.destinations.map((d) => [d.country, d.requirement, d.kind]), [['DE', 'required', 'visa'], ['RS', 'visa_free_official', 'visa']]);
  assert.equal(g.members.length, 2);
  assert.equal(g.cells.length, 4);
  assert.ok(g.cells.every((c) => c.visa === null));
  assertError(await o.call('shangwu', 'POST', '/api/v1/visas', { delegation_id: t.id, person_id: a.id, country: 'DE' }), 403, 'forbidden');
  assertError(await o.call('officer', 'POST', '/api/v1/visas', { delegation_id: t.id, person_id: a.id, country: 'FR' }), 422, 'invalid', 'country');
  const stranger = await o.person();
  assertError(await o.call('officer', 'POST', '/api/v1/visas', { delegation_id: t.id, person_id: stranger.id, country: 'DE' }), 422, 'invalid', 'person_id');
  const v = await visa(t, a, 'DE');
  assert.equal(v.status, 'to_apply');
  assert.equal(v.kind, 'visa');
  assertError(await o.call('officer', 'POST', '/api/v1/visas', { delegation_id: t.id, person_id: a.id, country: 'DE' }), 409, 'duplicate');
  const early = await grant(v);
  assertError(early, 409, 'invalid_transition');
  assert.match(early.json.error.message, /待办理/);
  assertError(await o.call('officer', 'POST', `/api/v1/visas/${v.id}/submit`, { date: addDays(today(), 1), submitted_to: '使馆' }), 422, 'invalid', 'date');
  const s = await submitVisa(v);
  assert.equal(s.status, 'submitted');
  assert.equal(s.submitted_to, '德国驻广州总领事馆');
  assertError(await o.call('officer', 'POST', `/api/v1/visas/${v.id}/grant`, {
    date: today(), visa_type: '公务签证', valid_from: today(), valid_until: addDays(today(), -1), entries: 'single',
  }), 422, 'invalid', 'valid_until');
  assertError(await o.call('officer', 'POST', `/api/v1/visas/${v.id}/grant`, { date: today(), visa_type: 'x', valid_from: today(), valid_until: today(), entries: 'many' }), 422, 'invalid', 'entries');
  const ok = await grant(v);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'granted');
  assert.equal(ok.json.entries, 'single');
  assert.equal(ok.json.version, v.version + 2);
  g = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}/visas`);
  const cell = g.cells.find((c) => c.person_id === a.id && c.country === 'DE');
  assert.equal(cell.visa.status, 'granted');
  assert.equal(g.cells.find((c) => c.person_id === b.id && c.country === 'DE').visa, null);
  const list = await o.ok('officer', 'GET', `/api/v1/visas?delegation_id=${t.id}`);
  assert.equal(list.total, 1);
  const audit = await o.ok('admin', 'GET', `/api/v1/audit?entity=visa&entity_id=${v.id}`);
  assert.deepEqual(audit.items.map((x) => x.action).sort(), ['create', 'grant', 'submit']);
});

test('two grants of one visa at once: exactly one wins, the other finds it granted', async () => {
  const t = await o.draft();
  const v = await visa(t, t.people[0], 'DE');
  await submitVisa(v);
  const [r1, r2] = await Promise.all([grant(v), grant(v)]);
  assert.deepEqual([r1.status, r2.status].sort(), [200, 409]);
  const lost = r1.status === 409 ? r1 : r2;
  assert.equal(lost.json.error.code, 'invalid_transition');
  assert.match(lost.json.error.message, /已获签/);
});

test('departure is refused while a member has a required visa refused or missing; granted visas let the trip go', async () => {
  const t = await readyTrip();
  const [a, b] = t.people;
  const va = await visa(t, a, 'DE');
  await submitVisa(va);
  await o.ok('officer', 'POST', `/api/v1/visas/${va.id}/refuse`, { date: today(), reason: '材料不全' });
  let r = await depart(t);
  assertError(r, 409, 'visa_missing');
  assert.match(r.json.error.message, new RegExp(`${a.name}的德国签证被拒`));
  assert.match(r.json.error.message, new RegExp(`${b.name}尚未取得德国签证\\(未登记\\)`));
  const checks = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}/checks`);
  assert.ok(checks.items.some((x) => x.rule === 'visa_refused' && x.severity === 'warning'));
  assert.equal((await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`)).status, 'approved', 'nothing changed');
  // a refused visa is submitted again and granted; the other member's too
  await submitVisa(va);
  assert.equal((await grant(va)).status, 200);
  const vb = await visa(t, b, 'DE');
  await submitVisa(vb);
  r = await depart(t);
  assertError(r, 409, 'visa_missing');
  assert.match(r.json.error.message, /尚未取得德国签证\(已递交\)/);
  assert.equal((await grant(vb)).status, 200);
  r = await depart(t);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'departed');
  assertError(await o.call('officer', 'POST', '/api/v1/visas', { delegation_id: t.id, person_id: a.id, country: 'DE' }), 409, 'invalid_transition');
});

test('no visa is needed where none is required or no requirement is set', async () => {
  const free = await readyTrip({ destinations: [{ country: 'RS', city: '贝尔格莱德', days: 5 }] });
  assert.equal((await depart(free)).status, 200);
  const unset = await readyTrip({ destinations: [{ country: 'IT', city: '罗马', days: 5 }] });
  assert.equal((await depart(unset)).status, 200);
});

test('to-do: visas not granted within N working days of departure, for the office only; N is a setting', async () => {
  const t = await o.approved({ fields: { depart_date: addDays(today(), 3), return_date: addDays(today(), 7) } });
  const mine = (todo) => todo.items.filter((x) => x.kind === 'visa_pending' && x.entity_id === t.id);
  let todo = await o.ok('officer', 'GET', '/api/v1/todo');
  assert.equal(mine(todo).length, 2, 'both members lack the required German visa');
  assert.match(mine(todo)[0].message, /德国签证尚未获得\(未登记\)/);
  assert.equal(mine(await o.ok('shangwu', 'GET', '/api/v1/todo')).length, 0);
  await o.ok('admin', 'PUT', '/api/v1/policies', { visa_warn_workdays: 0 });
  try {
    todo = await o.ok('officer', 'GET', '/api/v1/todo');
    assert.equal(mine(todo).length, 0);
  } finally { await o.ok('admin', 'PUT', '/api/v1/policies', { visa_warn_workdays: 10 }); }
  assertError(await o.call('admin', 'PUT', '/api/v1/policies', { invitation_approver: 'viewer' }), 422, 'invalid', 'invitation_approver');
});

let issuedBefore;
test('document applications: applied -> submitted -> issued puts the passport in custody; refused; checks on every step', async () => {
  issuedBefore = (await summary()).documents;
  const p = await o.person({ passport: false });
  const other = await o.person({ unit_id: 3, passport: false });
  assertError(await o.call('shangwu', 'POST', '/api/v1/document-applications', { person_id: other.id, kind: 'official_passport', reason: 'new', applied_on: today() }), 403, 'forbidden', 'person_id');
  assertError(await o.call('shangwu', 'POST', '/api/v1/document-applications', { person_id: p.id, kind: 'visa', reason: 'new', applied_on: today() }), 422, 'invalid', 'kind');
  assertError(await o.call('shangwu', 'POST', '/api/v1/document-applications', { person_id: p.id, kind: 'official_passport', reason: 'new', applied_on: addDays(today(), 2) }), 422, 'invalid', 'applied_on');
  const a = await o.ok('shangwu', 'POST', '/api/v1/document-applications', { person_id: p.id, kind: 'official_passport', reason: 'new', applied_on: today() });
  assert.equal(a.status, 'applied');
  assertError(await o.call('shangwu', 'POST', '/api/v1/document-applications', { person_id: p.id, kind: 'official_passport', reason: 'renewal', applied_on: today() }), 409, 'duplicate');
  assertError(await o.call('shangwu', 'POST', `/api/v1/document-applications/${a.id}/submit`, { date: today(), submitted_to: '省外办' }), 403, 'forbidden');
  assertError(await o.call('officer', 'POST', `/api/v1/document-applications/${a.id}/issue`, { date: today(), number: 'E1', expiry_date: today() }), 409, 'invalid_transition');
  const s = await o.ok('officer', 'POST', `/api/v1/document-applications/${a.id}/submit`, { date: today(), submitted_to: '省外办护照处' });
  assert.equal(s.status, 'submitted');
  const number = `SE${uniq().slice(-10)}`;
  assertError(await o.call('officer', 'POST', `/api/v1/document-applications/${a.id}/issue`, { date: today(), number, expiry_date: addDays(today(), 3650) }), 422, 'invalid', 'passport_kind');
  assertError(await o.call('officer', 'POST', `/api/v1/document-applications/${a.id}/issue`, { date: today(), number: 'se-12345', expiry_date: addDays(today(), 3650), passport_kind: 'service' }), 422, 'invalid', 'number');
  const i = await o.ok('officer', 'POST', `/api/v1/document-applications/${a.id}/issue`, { date: today(), number, expiry_date: addDays(today(), 3650), passport_kind: 'service' });
  assert.equal(i.status, 'issued');
  assert.equal(i.number, number);
  const pp = await o.ok('shangwu', 'GET', `/api/v1/passports?person_id=${p.id}`);
  assert.deepEqual(pp.items.map((x) => [x.number, x.kind, x.status, x.issue_date]), [[number, 'service', 'in_custody', today()]]);
  assert.equal(i.passport_id, pp.items[0].id);
  // a Hong Kong and Macao permit becomes a permit in custody; a Taiwan permit refused
  const hk = await o.ok('officer', 'POST', '/api/v1/document-applications', { person_id: p.id, kind: 'hk_macao_permit', reason: 'new', applied_on: today() });
  await o.ok('officer', 'POST', `/api/v1/document-applications/${hk.id}/submit`, { date: today(), submitted_to: '市公安局出入境管理支队' });
  assertError(await o.call('officer', 'POST', `/api/v1/document-applications/${hk.id}/issue`, { date: today(), number, expiry_date: addDays(today(), 3650) }), 409, 'duplicate', 'number');
  const hkNo = `C${uniq().slice(-9)}`;
  await o.ok('officer', 'POST', `/api/v1/document-applications/${hk.id}/issue`, { date: today(), number: hkNo, expiry_date: addDays(today(), 3650) });
  const permit = (await o.ok('officer', 'GET', `/api/v1/passports?person_id=${p.id}&kind=hk_macao_permit`)).items;
  assert.deepEqual(permit.map((x) => x.number), [hkNo]);
  const tw = await o.ok('officer', 'POST', '/api/v1/document-applications', { person_id: p.id, kind: 'taiwan_permit', reason: 'lost', applied_on: today() });
  await o.ok('officer', 'POST', `/api/v1/document-applications/${tw.id}/submit`, { date: today(), submitted_to: '市公安局出入境管理支队' });
  assertError(await o.call('officer', 'POST', `/api/v1/document-applications/${tw.id}/refuse`, { date: today() }), 422, 'required', 'reason');
  const r = await o.ok('officer', 'POST', `/api/v1/document-applications/${tw.id}/refuse`, { date: today(), reason: '不符合申办条件' });
  assert.equal(r.status, 'refused');
  const mine = await o.ok('shangwu', 'GET', `/api/v1/document-applications?person_id=${p.id}`);
  assert.equal(mine.total, 3);
  assertError(await o.call('jiaoyu', 'GET', `/api/v1/document-applications/${a.id}`), 403, 'forbidden');
  assert.equal((await o.ok('jiaoyu', 'GET', `/api/v1/document-applications?person_id=${p.id}`)).total, 0);
});

test('period figures: documents issued by kind and official visas handled, apart from the private visa letters', async () => {
  const s = await summary();
  const d = s.documents;
  assert.equal(d.issued.official_passport - issuedBefore.issued.official_passport, 1);
  assert.equal(d.issued.hk_macao_permit - issuedBefore.issued.hk_macao_permit, 1);
  assert.equal(d.issued.taiwan_permit - issuedBefore.issued.taiwan_permit, 0);
  assert.equal(d.refused - issuedBefore.refused, 1);
  // visas granted in this suite: 1 + 1 (race) + 2 (departure) = 4; refused once; submitted 1+1+3+1 (the refused one twice, counted once by its last submission)
  assert.ok(d.visas.granted >= 4, JSON.stringify(d.visas));
  assert.ok(d.visas.handled >= d.visas.granted);
  assert.equal(s.letters.visa_service.batches, 0, 'no private visa letter was written: the official visas are not counted there');
  assert.ok(d.last_year, 'last year beside it');
});

test('to-do: an application with no progress for N days; N is a setting', async () => {
  const p = await o.person({ passport: false });
  const a = await o.ok('officer', 'POST', '/api/v1/document-applications', { person_id: p.id, kind: 'official_passport', reason: 'renewal', applied_on: addDays(today(), -40) });
  const mine = (todo) => todo.items.filter((x) => x.kind === 'document_stuck' && x.entity_id === a.id);
  const items = mine(await o.ok('officer', 'GET', '/api/v1/todo'));
  assert.equal(items.length, 1);
  assert.equal(items[0].due_on, addDays(today(), -10));
  assert.match(items[0].message, new RegExp(`${p.name}的因公护照申请自${addDays(today(), -40)}起尚未递交`));
  await o.ok('admin', 'PUT', '/api/v1/policies', { document_stuck_days: 60 });
  try {
    assert.equal(mine(await o.ok('officer', 'GET', '/api/v1/todo')).length, 0);
  } finally { await o.ok('admin', 'PUT', '/api/v1/policies', { document_stuck_days: 30 }); }
});

test('every new code has its Chinese label', async () => {
  const l = await o.ok('viewer', 'GET', '/api/v1/labels');
  const zh = (kind, key) => (l[kind] || []).find((x) => x.key === key)?.zh;
  assert.equal(zh('visa_status', 'granted'), '已获签');
  assert.equal(zh('document_kind', 'taiwan_permit'), '大陆居民往来台湾通行证');
  assert.equal(zh('passport_kind', 'hk_macao_permit'), '往来港澳通行证');
  assert.equal(zh('visa_requirement', 'visa_free_official'), '持公务护照免签');
  assert.equal(zh('todo_kind', 'visa_pending'), '签证未办妥');
  assert.equal(zh('invitation_status', 'approved'), '已批准');
});

test('server stops cleanly', async () => { await srv.stop(); });
