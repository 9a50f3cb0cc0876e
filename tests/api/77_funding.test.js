// Trip funding per 财行〔2013〕516号: budget lines in their currencies with
// rates, budget_cny as their sum, the standards table shipped empty and
// imported by the administrator, warnings citing the figures, the actual
// spend after return against the budget, and the period summary's budgets
// and actuals.
'use strict';
const { test, startServer, api, assertError, assert } = require('./lib');
const { Office, addDays, today } = require('./trips');
const { multipart } = require('./registers');

let srv, o;
const upload = async (who, text) => {
  const m = multipart('standards.csv', Buffer.from(text));
  return api(srv, 'POST', '/api/v1/import/funding-standards', { token: await o.as(who), body: m.body, headers: { 'Content-Type': m.type } });
};
const HEAD = '国家(地区),城市,币种,住宿费(每人每晚),伙食费(每人每天),公杂费(每人每天)\n';
// figures of this test only, not the published table
const LINES = [
  { item: 'international_travel', currency: 'CNY', amount: 20000, rate: 1 },
  { item: 'accommodation', currency: 'USD', amount: 2000, rate: 7.1, country: 'US', city: '纽约', persons: 2, days: 3 },
  { item: 'meals', currency: 'USD', amount: 400, rate: 7.1, country: 'US', city: '波士顿', persons: 2, days: 3 },
];

test('server starts: joint review off, zero growth off', async () => {
  srv = await startServer();
  o = new Office(srv);
  await o.plan(2);
  await o.ok('admin', 'PUT', '/api/v1/policies', { joint_review_required: false });
  await o.rule('zero_growth', { enabled: false });
});

test('the standards ship empty; the administrator imports them, all or nothing', async () => {
  assert.equal((await o.ok('viewer', 'GET', '/api/v1/funding-standards')).total, 0);
  assertError(await o.call('officer', 'GET', '/api/v1/import/funding-standards/template'), 403, 'forbidden');
  const tpl = await o.call('admin', 'GET', '/api/v1/import/funding-standards/template');
  assert.equal(tpl.status, 200);
  assertError(await upload('officer', `${HEAD}US,纽约,USD,300,80,35\n`), 403, 'forbidden');
  const bad = await upload('admin', `${HEAD}US,纽约,USD,300,80,35\nGB,伦敦,ABC,1,1,1\n`);
  assertError(bad, 422, 'import_rejected');
  assert.match(bad.text, /币种无效/);
  assert.equal((await o.ok('viewer', 'GET', '/api/v1/funding-standards')).total, 0, 'a refused file wrote nothing');
  await upload('admin', `${HEAD}US,纽约,USD,300,80,35\nUS,,USD,200,70,30\n`).then((r) => assert.equal(r.status, 201, r.text));
  const list = await o.ok('shangwu', 'GET', '/api/v1/funding-standards?country=US');
  assert.equal(list.total, 2);
  const ny = list.items.find((x) => x.city === '纽约');
  assert.deepEqual([ny.currency, ny.accommodation, ny.meals, ny.incidentals, ny.source], ['USD', 300, 80, 35, '财行〔2013〕516号']);
  const again = await upload('admin', `${HEAD}US,纽约,USD,300,80,35\n`);
  assertError(again, 422, 'import_rejected');
});

test('the same standards imported by four clients at once: one file is written, the others refused row by row, none fails', async () => {
  // each file passes when it is read; inside the write transaction a row another client wrote first is refused
  const cities = Array.from({ length: 400 }, (_, i) => `FR,城市${i},EUR,200,60,20`).join('\n');
  const answers = await Promise.all([1, 2, 3, 4].map(() => upload('admin', `${HEAD}${cities}\n`)));
  assert.deepEqual(answers.map((r) => r.status).sort(), [201, 422, 422, 422], answers.map((r) => `${r.status} ${r.text.slice(0, 200)}`).join('\n'));
  for (const r of answers.filter((x) => x.status === 422)) {
    assertError(r, 422, 'import_rejected');
    assert.ok(r.json.error.rows.every((e) => e.reason === '该国家、城市已有标准'), JSON.stringify(r.json.error.rows.slice(0, 3)));
  }
  assert.equal((await o.ok('viewer', 'GET', '/api/v1/funding-standards?country=FR&per_page=1')).total, 400);
});

test('budget lines: budget_cny is their sum in yuan; a line over standard x persons x nights warns with the figures', async () => {
  const t = await o.draft({ fields: { budget_source: null } });
  const f = await o.ok('shangwu', 'PUT', `/api/v1/delegations/${t.id}/funding/budget`, { budget_source: 'self_raised', lines: LINES });
  assert.equal(f.budget_cny, 20000 + 14200 + 2840);
  assert.equal(f.budget_lines.length, 3);
  assert.deepEqual(f.budget_lines.map((l) => l.cny), [20000, 14200, 2840]);
  assert.equal(f.budget_lines[1].item_zh, '住宿费');
  assert.equal(f.actual_cny, null);
  const trip = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`);
  assert.equal(trip.budget_cny, 37040);
  assert.equal(trip.budget_source, 'self_raised');
  assert.deepEqual(f.standard_warnings, ['住宿费超出标准:美国纽约每人每晚300.00 USD×2人×3晚=1800.00 USD,本团组预算2000.00 USD(依据:财行〔2013〕516号)']);
  const checks = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}/checks`);
  const hits = checks.items.filter((x) => x.rule === 'funding_standard');
  assert.equal(hits.length, 1);
  assert.equal(hits[0].severity, 'warning');
  // a line in another currency than the standard's is named, not compared
  const eur = await o.ok('officer', 'PUT', `/api/v1/delegations/${t.id}/funding/budget`, { lines: [{ ...LINES[1], currency: 'EUR', rate: 7.8 }] });
  assert.equal(eur.budget_cny, 15600);
  assert.match(eur.standard_warnings[0], /标准以USD计/);
  const audit = await o.ok('admin', 'GET', `/api/v1/audit?entity=delegation&entity_id=${t.id}&action=update_budget`);
  assert.equal(audit.total, 2);
});

test('budget lines are checked, in both languages, and nothing is half-written', async () => {
  const t = await o.draft();
  const put = (lines, extra = {}) => o.call('officer', 'PUT', `/api/v1/delegations/${t.id}/funding/budget`, { lines, ...extra });
  assertError(await put([{ ...LINES[0], currency: 'ABC' }]), 422, 'invalid', 'lines');
  assertError(await put([{ ...LINES[0], rate: 7 }]), 422, 'invalid', 'lines');
  assertError(await put([{ ...LINES[1], amount: 1.234 }]), 422, 'invalid', 'lines');
  assertError(await put([{ ...LINES[1], rate: 0 }]), 422, 'invalid', 'lines');
  assertError(await put([{ ...LINES[1], item: 'gifts' }]), 422, 'invalid', 'lines');
  assertError(await put([{ ...LINES[1], tip: 1 }]), 422, 'invalid', 'lines');
  assertError(await put([LINES[0]], { budget_source: 'lottery' }), 422, 'invalid', 'budget_source');
  assertError(await put([LINES[0]], { title: 'x' }), 422, 'unknown_field', 'title');
  const zh = await api(srv, 'PUT', `/api/v1/delegations/${t.id}/funding/budget`, { token: await o.as('officer'), lang: 'zh-CN', body: { lines: [{ ...LINES[1], currency: 'ABC' }] } });
  assert.match(zh.json.error.message, /第1行:币种无效/);
  assert.equal((await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`)).budget_cny, 80000.5, 'budget unchanged');
  assertError(await put([LINES[0]], { version: 999 }), 409, 'stale', 'version');
  const current = (await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}/funding`)).version;
  assert.equal((await o.ok('officer', 'PUT', `/api/v1/delegations/${t.id}/funding/budget`, { lines: [LINES[0]], version: current })).version, current + 1);
  assertError(await put([LINES[0]], { version: current }), 409, 'stale', 'version');
  assertError(await o.call('jiaoyu', 'PUT', `/api/v1/delegations/${t.id}/funding/budget`, { lines: [LINES[0]] }), 403, 'forbidden');
  await o.preliminary(t);
  assertError(await put([LINES[0]]), 409, 'invalid_transition');
});

test('after return the unit enters the actual spend by the same lines; over budget is flagged; the summary gives both', async () => {
  const t = await o.draft({ fields: { depart_date: addDays(today(), -12), return_date: addDays(today(), -8) } });
  await o.ok('officer', 'PUT', `/api/v1/delegations/${t.id}/funding/budget`, { lines: [LINES[0]] });
  await o.preliminary(t, addDays(today(), -30));
  assertError(await o.call('shangwu', 'PUT', `/api/v1/delegations/${t.id}/funding/actual`, { lines: [LINES[0]] }), 409, 'invalid_transition');
  await o.ok('director', 'POST', `/api/v1/delegations/${t.id}/approve`, { date: today() });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/briefing`, { date: today(), reminder_card: true });
  for (const p of t.people) await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/commitments`, { person_id: p.id, date: today() });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/depart`, { date: today() });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/return`, { date: today(), countries_visited: ['DE'] });
  const within = await o.ok('shangwu', 'PUT', `/api/v1/delegations/${t.id}/funding/actual`, { lines: [{ ...LINES[0], amount: 19000.5 }] });
  assert.equal(within.actual_cny, 19000.5);
  assert.equal(within.over_budget, false);
  const over = await o.ok('shangwu', 'PUT', `/api/v1/delegations/${t.id}/funding/actual`, { lines: [LINES[0], { item: 'other', currency: 'CNY', amount: 300, rate: 1, note: '签证费' }] });
  assert.equal(over.actual_cny, 20300);
  assert.equal(over.over_budget, true);
  assert.equal(over.budget_cny, 20000);
  assert.equal((await o.ok('viewer', 'GET', `/api/v1/delegations/${t.id}/funding`)).actual_lines.length, 2);
  const year = today().slice(0, 4);
  const s = await o.ok('viewer', 'GET', `/api/v1/reports/summary?from=${year}-01-01&to=${today()}`);
  assert.ok(s.delegations.actual_cny >= 20300, JSON.stringify(s.delegations));
  assert.ok(s.delegations.actual_trips >= 1);
  assert.ok(s.delegations.budget_cny >= 20000);
});

test('server stops cleanly', async () => { await srv.stop(); });
