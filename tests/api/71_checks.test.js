// Policy checks (each failing and passing), voting rules, approval without
// joint review and the director's override, plans, quota and zero growth.
'use strict';
const { test, startServer, assertError, assert, rawSql } = require('./lib');
const { Office, addDays, today } = require('./trips');

let srv, o;
// the visa findings (签证要求未设置) are tested in 79_documents_visas; these tests are about the rules
const rules = (c) => c.items.filter((x) => !x.rule.startsWith('visa_')).map((x) => `${x.rule}:${x.severity}`);
const checksOf = (t) => o.ok('officer', 'GET', `/api/v1/delegations/${t.id}/checks`);

test('server starts with a plan for unit 2', async () => {
  srv = await startServer();
  o = new Office(srv);
  await o.plan(2);
  await o.rule('zero_growth', { enabled: false });
});

test('a well-formed trip passes every check', async () => {
  const t = await o.draft({ fields: { category: 'conference' } });
  await o.preliminary(t);
  const c = await checksOf(t);
  assert.deepEqual(rules(c), []);
  assert.equal(c.blocked, false);
});

test('countries, temporary limit and members block, citing the figures and the source; over the countries limit no day limit is invented', async () => {
  const people = [];
  for (let i = 0; i < 7; i++) people.push(await o.person());
  const t = await o.draft({
    members: people,
    fields: {
      depart_date: addDays(today(), 60), return_date: addDays(today(), 60 + 99), official_days: 90,
      destinations: [{ country: 'DE', city: '柏林', days: 3 }, { country: 'FR', city: '巴黎', days: 3 }, { country: 'IT', city: '罗马', days: 3 }, { country: 'ES', city: '马德里', days: 3 }],
    },
  });
  const c = await checksOf(t);
  const msg = Object.fromEntries(c.items.map((x) => [x.rule, x.message]));
  assert.equal(msg.max_countries, '出访国家(地区)不超过3个,本团组4个(依据:中办发〔2013〕16号)');
  assert.equal(msg.max_days_by_countries, undefined, 'no day limit for 4 countries: the countries rule speaks');
  assert.equal(msg.max_days_temporary, '临时出国任务在外不超过90天,本团组100天(依据:本办设置)');
  assert.equal(msg.max_members, '团组人数不超过6人,本团组7人(依据:中办发〔2013〕16号)');
  for (const x of c.items) assert.ok(x.source && x.message.endsWith(`(依据:${x.source})`), x.message);
  assert.equal(c.blocked, true);
});

test('two countries allow eight days: nine block, eight pass', async () => {
  const base = { destinations: [{ country: 'JP', city: '东京', days: 4 }, { country: 'KR', city: '首尔', days: 4 }], official_days: 8 };
  const nine = await o.draft({ fields: { ...base, depart_date: addDays(today(), 60), return_date: addDays(today(), 68) } });
  assert.ok((await checksOf(nine)).items.some((x) => x.message === '出访2国不超过8天,本团组9天(依据:中办发〔2013〕16号)'));
  const eight = await o.draft({ fields: { ...base, depart_date: addDays(today(), 60), return_date: addDays(today(), 67) } });
  assert.ok(!rules(await checksOf(eight)).includes('max_days_by_countries:block'));
});

test('substantive official days: missing warns, too few block', async () => {
  const missing = await o.draft({ fields: { official_days: null } });
  assert.ok(rules(await checksOf(missing)).includes('min_substantive_share:warning'));
  const few = await o.draft({ fields: { official_days: 2 } });
  const c = await checksOf(few);
  assert.ok(c.items.some((x) => x.rule === 'min_substantive_share' && x.severity === 'block' && /5天中2天/.test(x.message)));
});

test('a cadre may travel once a year, counted across all trips of the year', async () => {
  const cadre = await o.person({ cadre: true });
  const staff = await o.person({ cadre: false });
  const first = await o.approved({ members: [cadre, staff] });
  assert.equal(first.status, 'approved');
  const second = await o.draft({ members: [cadre, staff] });
  const c = await checksOf(second);
  const hits = c.items.filter((x) => x.rule === 'trip_frequency');
  assert.equal(hits.length, 1, 'only the cadre is limited');
  assert.match(hits[0].message, new RegExp(`${cadre.name}本年度已有1次`));
  const nextYear = await o.draft({ members: [cadre], fields: { depart_date: addDays(first.depart_date, 400), return_date: addDays(first.depart_date, 404) } });
  assert.ok(!rules(await checksOf(nextYear)).includes('trip_frequency:block'));
});

test('a member without a passport valid six months after the return blocks', async () => {
  const noPassport = await o.person({ passport: false });
  const shortPassport = await o.person({ expiry: addDays(today(), 90) });
  const t = await o.draft({ members: [noPassport, shortPassport] });
  const hits = (await checksOf(t)).items.filter((x) => x.rule === 'passport_validity');
  assert.equal(hits.length, 2);
  assert.match(hits[0].message, /6个月以上/);
});

test('lead time warns in working days; publicity blocks until five working days have passed', async () => {
  const soon = await o.draft({ fields: { depart_date: addDays(today(), 7), return_date: addDays(today(), 11) } });
  const c1 = await checksOf(soon);
  assert.ok(c1.items.some((x) => x.rule === 'min_lead_days' && x.severity === 'warning'));
  assert.ok(c1.items.some((x) => x.rule === 'publicity' && /尚未公示/.test(x.message)));
  await o.ok('officer', 'POST', `/api/v1/delegations/${soon.id}/publicity`, { start_date: today() });
  assert.ok((await checksOf(soon)).items.some((x) => x.rule === 'publicity' && /已公示0个工作日/.test(x.message)));
  assertError(await o.call('officer', 'POST', `/api/v1/delegations/${soon.id}/publicity`, { start_date: addDays(today(), 1) }), 422, 'invalid', 'start_date');
});

test('public holidays entered by the administrator are not working days; make-up days are', async () => {
  const t = await o.draft();
  // posted 9 calendar days ago: count the working days, then declare them all holidays
  const start = addDays(today(), -9);
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/publicity`, { start_date: start });
  assert.ok(!rules(await checksOf(t)).includes('publicity:block'));
  const days = [];
  for (let i = 0; i < 9; i++) days.push(addDays(start, i));
  // the nine days may straddle New Year: each year gets its own holiday list
  const years = [...new Set(days.map((d) => d.slice(0, 4)))];
  for (const y of years) await o.ok('admin', 'PUT', `/api/v1/holidays/${y}`, { holidays: days.filter((d) => d.startsWith(y)), workdays: [] });
  assert.ok(rules(await checksOf(t)).includes('publicity:block'));
  let listed = 0;
  for (const y of years) listed += (await o.ok('officer', 'GET', `/api/v1/holidays?year=${y}`)).total;
  assert.equal(listed, 9);
  // a make-up working day (调休上班) on a weekend counts: declare the holidays minus the weekend days as
  // holidays, and the weekend days as make-up days -> the weekends are the only working days
  const weekend = days.filter((d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
  assert.ok(weekend.length >= 2, 'nine consecutive days hold a weekend');
  for (const y of years) {
    await o.ok('admin', 'PUT', `/api/v1/holidays/${y}`, { holidays: days.filter((d) => d.startsWith(y) && !weekend.includes(d)), workdays: weekend.filter((d) => d.startsWith(y)) });
  }
  const c = await checksOf(t);
  assert.ok(c.items.some((x) => x.rule === 'publicity' && x.message.includes(`已公示${weekend.length}个工作日`)), JSON.stringify(c.items));
  for (const y of years) await o.ok('admin', 'PUT', `/api/v1/holidays/${y}`, { holidays: [], workdays: [] });
  assert.ok(!rules(await checksOf(t)).includes('publicity:block'));
  const year = Number(today().slice(0, 4));
  assertError(await o.call('admin', 'PUT', `/api/v1/holidays/${year}`, { holidays: ['1999-01-01'], workdays: [] }), 422, 'invalid', 'holidays');
  assertError(await o.call('admin', 'PUT', `/api/v1/holidays/${year}`, { holidays: [`${year}-10-01`], workdays: [`${year}-10-01`] }), 422, 'invalid');
});

test('within plan: no plan or an exceeded plan blocks; a written reason makes it a warning', async () => {
  const unplanned = await o.draft({ unit_id: 3 });
  const c = await checksOf(unplanned);
  assert.ok(c.items.some((x) => x.rule === 'within_plan' && x.severity === 'block' && /未编制/.test(x.message)));
  await o.ok('officer', 'PATCH', `/api/v1/delegations/${unplanned.id}`, { out_of_plan_reason: '市委临时交办的招商任务' });
  assert.ok(rules(await checksOf(unplanned)).includes('within_plan:warning'));
  await o.plan(3, Number(today().slice(0, 4)), { batches: 0, persons: 0, budget_cny: 0 });
  const over = await o.draft({ unit_id: 3 });
  const msgs = (await checksOf(over)).items.filter((x) => x.rule === 'within_plan').map((x) => x.message);
  assert.equal(msgs.length, 3, msgs.join(' / '));
});

test('plans list their approved and pending use', async () => {
  const year = Number(today().slice(0, 4));
  const plans = await o.ok('officer', 'GET', `/api/v1/plans?year=${year}&unit_id=2`);
  assert.equal(plans.total, 1);
  const p = plans.items[0];
  // approved so far: the cadre's one trip above (2 persons, 80000.5 yuan), approved today
  assert.equal(p.approved_batches, 1, JSON.stringify(p));
  assert.equal(p.approved_persons, 2);
  assert.equal(p.approved_budget_cny, 80000.5);
  // pending: the submitted and preliminary-approved trips numbered this year, as the database holds them
  // (plan.c counts them by code_year, the year of the application, though its comment says departure year)
  const pending = Number(rawSql(srv.db, `SELECT COUNT(*) FROM delegations WHERE unit_id = 2 AND status IN ('submitted', 'preliminary_approved') AND code_year = ${year}`));
  assert.ok(pending >= 1, 'the well-formed trip above waits');
  assert.equal(p.pending_batches, pending);
  const soon = await o.draft({ fields: { depart_date: `${year}-12-31`, return_date: `${year}-12-31`, official_days: 1, destinations: [{ country: 'DE', city: '慕尼黑', days: 1 }] } });
  await o.ok('officer', 'POST', `/api/v1/delegations/${soon.id}/submit`);
  assert.equal((await o.ok('officer', 'GET', `/api/v1/plans?year=${year}&unit_id=2`)).items[0].pending_batches, pending + 1);
  assertError(await o.call('officer', 'POST', '/api/v1/plans', { year, unit_id: 2, batches: 1, persons: 1, budget_cny: 1 }), 409, 'duplicate');
  assertError(await o.call('officer', 'POST', '/api/v1/plans', { year, unit_id: 4, batches: 1, persons: 1, budget_cny: 1.234 }), 422, 'invalid', 'budget_cny');
});

test('quota counts approved trips by approval date against last year', async () => {
  const year = Number(today().slice(0, 4));
  const q = await o.ok('viewer', 'GET', `/api/v1/quota?year=${year}`);
  assert.equal(q.year, year);
  assert.ok(q.approved.batches >= 1);
  assert.equal(q.last_year.batches, 0);
  assert.equal(q.remaining.batches, -q.approved.batches);
  assertError(await o.call('viewer', 'GET', '/api/v1/quota?year=abc'), 422, 'invalid', 'year');
});

test('voting: quorum not met leaves the trip waiting', async () => {
  const t = await o.draft();
  await o.preliminary(t);
  const s = await o.review([t], ['for']);
  assert.equal(s.items[0].outcome, 'no_quorum');
  assert.equal((await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`)).status, 'preliminary_approved');
});

test('voting: a tie does not pass (more than half must be for)', async () => {
  const t = await o.draft();
  await o.preliminary(t);
  const s = await o.review([t], ['for', 'against']);
  assert.equal(s.items[0].outcome, 'rejected');
  assert.equal((await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`)).status, 'rejected');
});

test('voting: with veto on, one against rejects', async () => {
  await o.ok('admin', 'PUT', '/api/v1/policies', { joint_review_veto: true });
  try {
    const t = await o.draft();
    await o.preliminary(t);
    const s = await o.review([t], ['for', 'for', 'against']);
    assert.equal(s.items[0].outcome, 'rejected');
  } finally { await o.ok('admin', 'PUT', '/api/v1/policies', { joint_review_veto: false }); }
});

test('voting: a deputy signs on behalf of an absent member; a changed vote counts once', async () => {
  const t = await o.draft();
  await o.preliminary(t);
  const s = await o.ok('officer', 'POST', '/api/v1/review-sessions', { date: today(), title: '第二次会审', delegation_ids: [t.id] });
  assertError(await o.call('officer', 'POST', '/api/v1/review-sessions', { date: today(), title: '重复', delegation_ids: [t.id] }), 409, 'conflict');
  await o.ok('reviewer1', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'against' });
  await o.ok('reviewer1', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for' });
  const me = await o.ok('reviewer3', 'GET', '/api/v1/me');
  const deputy = await o.ok('reviewer1', 'GET', '/api/v1/me');
  await o.ok('officer', 'POST', `/api/v1/review-sessions/${s.id}/deputies`, { reviewer_id: me.id, deputy_id: deputy.id });
  const live = await o.ok('reviewer1', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for', on_behalf_of: me.id });
  const votes = live.items[0].votes;
  assert.equal(votes.length, 2);
  assert.equal(votes.find((v) => v.reviewer_id === me.id).is_on_behalf, true);
  assert.equal(live.items[0].tally.for, 2);
  assert.equal(live.items[0].tally.quorum_met, true);
  assertError(await o.call('reviewer1', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for', on_behalf_of: 1 }), 403, 'forbidden', 'on_behalf_of');
  assertError(await o.call('reviewer1', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: 999999, decision: 'for' }), 422, 'invalid', 'delegation_id');
  const closed = await o.ok('director', 'POST', `/api/v1/review-sessions/${s.id}/close`);
  assert.equal(closed.items[0].outcome, 'approved');
  assertError(await o.call('reviewer2', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for' }), 409, 'invalid_transition');
  assertError(await o.call('director', 'POST', `/api/v1/review-sessions/${s.id}/close`), 409, 'invalid_transition');
});

test('only preliminary-approved trips go on an agenda', async () => {
  const t = await o.draft();
  assertError(await o.call('officer', 'POST', '/api/v1/review-sessions', { date: today(), title: '会审', delegation_ids: [t.id] }), 409, 'invalid_transition');
});

test('a passing vote on a blocked trip waits for the director, whose override approves it', async () => {
  const t = await o.draft({ fields: { official_days: 1 } });
  await o.preliminary(t);
  const s = await o.review([t]);
  assert.equal(s.items[0].outcome, 'blocked');
  assert.equal((await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`)).status, 'preliminary_approved');
  assertError(await o.call('officer', 'POST', `/api/v1/delegations/${t.id}/override`, { reason: '经市政府同意' }), 403, 'forbidden');
  assertError(await o.call('director', 'POST', `/api/v1/delegations/${t.id}/override`, {}), 422, 'required', 'reason');
  const d = await o.ok('director', 'POST', `/api/v1/delegations/${t.id}/override`, { reason: '经市政府同意,确需延长公务活动安排' });
  assert.equal(d.status, 'approved');
  assert.equal(d.approved_on, today());
  assert.equal(d.override_reason, '经市政府同意,确需延长公务活动安排');
  const audit = await o.ok('admin', 'GET', `/api/v1/audit?entity=delegation&entity_id=${t.id}&action=override`);
  assert.equal(audit.total, 1);
  assert.equal(audit.items[0].username, 'director');
});

test('with joint review off, the director approves; blocks refuse until overridden', async () => {
  await o.ok('admin', 'PUT', '/api/v1/policies', { joint_review_required: false });
  try {
    const good = await o.draft();
    await o.preliminary(good);
    assertError(await o.call('officer', 'POST', `/api/v1/delegations/${good.id}/approve`, { date: today() }), 403, 'forbidden');
    const a = await o.ok('director', 'POST', `/api/v1/delegations/${good.id}/approve`, { date: today() });
    assert.equal(a.status, 'approved');
    const bad = await o.draft({ fields: { official_days: 1 } });
    await o.preliminary(bad);
    const r = await o.call('director', 'POST', `/api/v1/delegations/${bad.id}/approve`, { date: today() }, { lang: 'zh-CN' });
    assertError(r, 409, 'policy_block');
    assert.match(r.json.error.message, /实质性公务活动/);
    await o.ok('director', 'POST', `/api/v1/delegations/${bad.id}/override`, { reason: '特殊情况经批准' });
    assert.equal((await o.ok('director', 'POST', `/api/v1/delegations/${bad.id}/approve`, { date: today() })).status, 'approved');
  } finally { await o.ok('admin', 'PUT', '/api/v1/policies', { joint_review_required: true }); }
});

test('approval numbers run per year without gaps or repeats', async () => {
  const list = await o.ok('officer', 'GET', '/api/v1/delegations?per_page=200&sort=approved_on');
  const numbers = list.items.filter((x) => x.approval_no).map((x) => Number(/〕(\d+)号/.exec(x.approval_no)[1])).sort((a, b) => a - b);
  assert.deepEqual(numbers, numbers.map((_, i) => i + 1));
});

test('server stops cleanly', async () => { await srv.stop(); });

// Zero growth on its own database: last year's approvals make the room.
test('zero growth blocks what passes last year\'s totals', async () => {
  const z = await startServer();
  try {
    const zo = new Office(z);
    await zo.plan(2);
    await zo.rule('zero_growth', { enabled: false }); // the year before last had nothing
    const last = await zo.lastYearRoom(1); // 1 batch, 4 persons, 500000 yuan last year
    await zo.rule('zero_growth', { enabled: true });
    assert.equal(last.length, 1);
    const q = await zo.ok('officer', 'GET', `/api/v1/quota?year=${today().slice(0, 4)}`);
    assert.deepEqual(q.last_year, { batches: 1, persons: 4, budget_cny: 500000 });
    const first = await zo.draft();
    await zo.preliminary(first);
    assert.ok(!rules(await zo.ok('officer', 'GET', `/api/v1/delegations/${first.id}/checks`)).includes('zero_growth:block'));
    await zo.review([first]);
    const second = await zo.draft();
    const c = await zo.ok('officer', 'GET', `/api/v1/delegations/${second.id}/checks`);
    const zg = c.items.filter((x) => x.rule === 'zero_growth');
    assert.equal(zg.length, 1, JSON.stringify(zg)); // batches: 1 + 1 > 1; persons 2 + 2 = 4 ok; budget ok
    assert.match(zg[0].message, /零增长/);
  } finally { await z.stop(); }
});
