// Official trips abroad: the whole lifecycle, every transition allowed and
// refused, passports, joint review voting, policies, plans and quota.
'use strict';
const { test, startServer, api, assertError, assert } = require('./lib');
const { Office, addDays, today } = require('./trips');

let srv, o;
test('server starts; the office plans this year and relaxes zero growth for these tests', async () => {
  srv = await startServer();
  o = new Office(srv);
  await o.plan(2);
  await o.rule('zero_growth', { enabled: false });
});

test('a trip walks from draft to closed', async () => {
  const t = await o.draft({ who: 'shangwu' });
  assert.match(t.code, /^\d{4}-\d{4}$/);
  assert.equal(t.status, 'draft');
  assert.equal(t.budget_cny, 80000.5);
  assert.equal(t.destinations[0].country_name, '德国');
  assert.equal(t.members.length, 2);
  assert.equal(t.days, 5);
  await o.ok('shangwu', 'POST', `/api/v1/delegations/${t.id}/publicity`, { start_date: addDays(today(), -10) });
  assert.equal((await o.ok('shangwu', 'POST', `/api/v1/delegations/${t.id}/submit`)).status, 'submitted');
  assert.equal((await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/preliminary`, { decision: 'approve', comment: '同意' })).status, 'preliminary_approved');
  const checks = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}/checks`);
  assert.equal(checks.blocked, false, JSON.stringify(checks.items));
  const session = await o.review([t]);
  assert.equal(session.status, 'closed');
  assert.equal(session.items[0].outcome, 'approved');
  let d = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`);
  assert.equal(d.status, 'approved');
  assert.equal(d.approved_on, today());
  assert.match(d.approval_no, /^外审〔\d{4}〕\d+号$/);
  for (const p of t.people) await o.ok('officer', 'POST', `/api/v1/passports/${p.passport.id}/issue`, { delegation_id: t.id, date: today() });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/briefing`, { date: today(), reminder_card: true });
  for (const p of t.people) await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/commitments`, { person_id: p.id, date: today() });
  assert.equal((await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/depart`, { date: today() })).status, 'departed');
  d = await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/return`, { date: today(), countries_visited: ['DE'] });
  assert.equal(d.status, 'returned');
  assert.deepEqual(d.violations, []);
  await o.ok('shangwu', 'POST', `/api/v1/delegations/${t.id}/report`, { date: today(), summary: '考察了三所职业院校,签署合作意向书一份。' });
  assertError(await o.call('officer', 'POST', `/api/v1/delegations/${t.id}/close`), 409, 'passport_outstanding');
  for (const p of t.people) {
    const back = await o.ok('officer', 'POST', `/api/v1/passports/${p.passport.id}/return`, { date: today() });
    assert.equal(back.status, 'in_custody');
  }
  assert.equal((await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/close`)).status, 'closed');
  const audit = await o.ok('admin', 'GET', `/api/v1/audit?entity=delegation&entity_id=${t.id}&per_page=50&sort=id`);
  assert.deepEqual(audit.items.map((e) => e.action), ['create', 'publicity', 'submit', 'preliminary', 'review_tally', 'briefing', 'commitment', 'commitment', 'depart', 'return', 'report', 'close']);
  const pp = await o.ok('officer', 'GET', `/api/v1/passports/${t.people[0].passport.id}`);
  assert.deepEqual(pp.events.map((e) => e.kind), ['issued', 'returned']);
  assert.equal(pp.events[1].on_time, true);
});

test('every action refuses the states it does not come from, and changes nothing', async () => {
  const t = await o.draft();
  const refused = [
    ['preliminary', { decision: 'approve' }], ['briefing', { date: today(), reminder_card: true }],
    ['commitments', { person_id: t.people[0].id, date: today() }], ['depart', { date: today() }],
    ['return', { date: today(), countries_visited: ['DE'] }], ['report', { date: today(), summary: '总结总结总结总结总结' }], ['close'],
  ];
  for (const [action, body] of refused) {
    assertError(await o.call('officer', 'POST', `/api/v1/delegations/${t.id}/${action}`, body), 409, 'invalid_transition');
  }
  await o.preliminary(t);
  assertError(await o.call('officer', 'POST', `/api/v1/delegations/${t.id}/submit`), 409, 'invalid_transition');
  assertError(await o.call('officer', 'PATCH', `/api/v1/delegations/${t.id}`, { title: '改名' }), 409, 'invalid_transition');
  assertError(await o.call('director', 'POST', `/api/v1/delegations/${t.id}/approve`, { date: today() }), 409, 'joint_review_required');
  const d = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`);
  assert.equal(d.status, 'preliminary_approved');
  assert.equal(d.title, t.title);
});

test('departure needs the briefing, the reminder card and every commitment', async () => {
  const t = await o.approved();
  assertError(await o.call('officer', 'POST', `/api/v1/delegations/${t.id}/depart`, { date: today() }), 409, 'briefing_missing');
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/briefing`, { date: today(), reminder_card: true });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/commitments`, { person_id: t.people[0].id, date: today() });
  assertError(await o.call('officer', 'POST', `/api/v1/delegations/${t.id}/depart`, { date: today() }), 409, 'commitment_missing');
  assertError(await o.call('officer', 'POST', `/api/v1/delegations/${t.id}/commitments`, { person_id: 999999, date: today() }), 422, 'invalid', 'person_id');
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/commitments`, { person_id: t.people[1].id, date: today() });
  assertError(await o.call('officer', 'POST', `/api/v1/delegations/${t.id}/depart`, { date: addDays(today(), 3) }), 422, 'invalid', 'date');
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/depart`, { date: today() });
  assertError(await o.call('officer', 'POST', `/api/v1/delegations/${t.id}/cancel`, { reason: '取消' }), 409, 'invalid_transition');
});

test('the return records overstay and detour as violations', async () => {
  const t = await o.approved();
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/briefing`, { date: today(), reminder_card: true });
  for (const p of t.people) await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/commitments`, { person_id: p.id, date: today() });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/depart`, { date: addDays(today(), -9) });
  const d = await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/return`, { date: today(), countries_visited: ['DE', 'FR'] });
  assert.deepEqual(d.violations.map((v) => v.kind).sort(), ['detour', 'overstay']);
  assert.match(d.violations.find((v) => v.kind === 'overstay').detail, /批准在外5天,实际在外10天/);
  assert.match(d.violations.find((v) => v.kind === 'detour').detail, /法国/);
  assertError(await o.call('officer', 'POST', `/api/v1/delegations/${t.id}/close`), 409, 'report_missing');
});

test('preliminary review can send a trip back with a comment', async () => {
  const t = await o.draft();
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/submit`);
  assertError(await o.call('officer', 'POST', `/api/v1/delegations/${t.id}/preliminary`, { decision: 'return' }), 422, 'invalid', 'comment');
  const d = await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/preliminary`, { decision: 'return', comment: '请补充邀请函' });
  assert.equal(d.status, 'draft');
  assert.equal(d.preliminary_comment, '请补充邀请函');
  const p = await o.ok('officer', 'PATCH', `/api/v1/delegations/${t.id}`, { inviter: '慕尼黑工商会', members: [{ person_id: t.people[0].id, is_leader: true }] });
  assert.equal(p.inviter, '慕尼黑工商会');
  assert.equal(p.members.length, 1);
});

test('cancelling calls issued passports back at once', async () => {
  const t = await o.approved();
  const pid = t.people[0].passport.id;
  await o.ok('officer', 'POST', `/api/v1/passports/${pid}/issue`, { delegation_id: t.id, date: today() });
  const c = await o.ok('shangwu', 'POST', `/api/v1/delegations/${t.id}/cancel`, { reason: '邀请方活动取消' });
  assert.equal(c.status, 'cancelled');
  const pp = await o.ok('officer', 'GET', `/api/v1/passports/${pid}`);
  assert.equal(pp.due_date, today());
  assert.equal(pp.is_overdue, false);
  const later = await startServer({ db: srv.db, env: { WAISHI_CLOCK_OFFSET: String(2 * 86400) } });
  try {
    const lo = new Office(later);
    const overdue = await lo.ok('officer', 'GET', '/api/v1/passports?overdue=true&per_page=200');
    assert.ok(overdue.items.some((x) => x.id === pid));
    const reminders = await lo.ok('officer', 'GET', '/api/v1/reminders');
    assert.ok(reminders.items.some((r) => r.kind === 'passport_due' && r.entity_id === pid && r.severity === 'overdue'));
  } finally { await later.stop(); }
  const back = await o.ok('officer', 'POST', `/api/v1/passports/${pid}/return`, { date: today() });
  assert.equal(back.status, 'in_custody');
});

test('passport custody: issue only from custody, only to members of an approved trip', async () => {
  const t = await o.approved();
  const [a, b] = t.people;
  const stranger = await o.person();
  const draft = await o.draft({ members: [a] });
  assertError(await o.call('officer', 'POST', `/api/v1/passports/${a.passport.id}/issue`, { delegation_id: draft.id, date: today() }), 409, 'invalid_transition');
  assertError(await o.call('officer', 'POST', `/api/v1/passports/${stranger.passport.id}/issue`, { delegation_id: t.id, date: today() }), 422, 'invalid', 'delegation_id');
  await o.ok('officer', 'POST', `/api/v1/passports/${a.passport.id}/issue`, { delegation_id: t.id, date: today() });
  assertError(await o.call('officer', 'POST', `/api/v1/passports/${a.passport.id}/issue`, { delegation_id: t.id, date: today() }), 409, 'invalid_transition');
  assertError(await o.call('officer', 'POST', `/api/v1/passports/${b.passport.id}/return`, { date: today() }), 409, 'invalid_transition');
  assertError(await o.call('officer', 'POST', '/api/v1/passports', { number: a.passport.number, kind: 'service', person_id: a.id, expiry_date: addDays(today(), 1500) }), 409, 'duplicate', 'number');
  assertError(await o.call('officer', 'POST', '/api/v1/passports', { number: 'bad no!', kind: 'service', person_id: a.id, expiry_date: addDays(today(), 1500) }), 422, 'invalid', 'number');
  const list = await o.ok('officer', 'GET', `/api/v1/passports?status=issued&delegation_id=${t.id}`);
  assert.equal(list.total, 1);
});

test('a passport not back within 7 days of the return is overdue, and the unit is blocked after 30 more', async () => {
  const t = await o.approved();
  const pid = t.people[0].passport.id;
  await o.ok('officer', 'POST', `/api/v1/passports/${pid}/issue`, { delegation_id: t.id, date: today() });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/briefing`, { date: today(), reminder_card: true });
  for (const p of t.people) await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/commitments`, { person_id: p.id, date: today() });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/depart`, { date: today() });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/return`, { date: today(), countries_visited: ['DE'] });
  const soon = await o.ok('officer', 'GET', `/api/v1/passports/${pid}`);
  assert.equal(soon.due_date, addDays(today(), 7));
  const week = await startServer({ db: srv.db, env: { WAISHI_CLOCK_OFFSET: String(8 * 86400) } });
  try {
    const w = new Office(week);
    assert.ok((await w.ok('officer', 'GET', '/api/v1/passports?overdue=true&per_page=200')).items.some((x) => x.id === pid));
  } finally { await week.stop(); }
  const later = await startServer({ db: srv.db, env: { WAISHI_CLOCK_OFFSET: String(40 * 86400) } });
  try {
    const l = new Office(later);
    const draft = await l.draft();
    const r = await l.call('officer', 'POST', `/api/v1/delegations/${draft.id}/submit`);
    assertError(r, 409, 'unit_blocked');
    const checks = await l.ok('officer', 'GET', `/api/v1/delegations/${draft.id}/checks`);
    assert.ok(checks.items.some((c) => c.rule === 'block_unit_overdue_days'));
    const rem = await l.ok('officer', 'GET', '/api/v1/reminders');
    assert.ok(rem.items.some((x) => x.kind === 'report_overdue' && x.entity_id === t.id));
  } finally { await later.stop(); }
  // handed back 40 days on: recorded as not on time, and the unit's block lifts
  const late = await startServer({ db: srv.db, env: { WAISHI_CLOCK_OFFSET: String(40 * 86400) } });
  try {
    const l = new Office(late);
    const draft = await l.draft();
    assertError(await l.call('officer', 'POST', `/api/v1/delegations/${draft.id}/submit`), 409, 'unit_blocked');
    assert.equal((await l.ok('officer', 'POST', `/api/v1/passports/${pid}/return`, { date: addDays(today(), 40) })).status, 'in_custody');
    const pp = await l.ok('officer', 'GET', `/api/v1/passports/${pid}`);
    assert.deepEqual(pp.events.map((e) => `${e.kind}:${e.on_time}`), ['issued:null', 'returned:false']);
    assert.equal((await l.ok('officer', 'POST', `/api/v1/delegations/${draft.id}/submit`)).status, 'submitted');
  } finally { await late.stop(); }
});

test('server stops cleanly', async () => { await srv.stop(); });
