// Rules as data: the shipped national rules with their sources, CRUD with
// validation and audit, versions by effective date (a rule changed today
// does not change the verdict of a trip approved last month), the preview
// of a change, a rule set exported from one installation and imported into
// another, and the new facts the rules need (inviter type, transit stops,
// leadership / retired persons, budget source).
'use strict';
const { test, startServer, assertError, assert } = require('./lib');
const { Office, addDays, today, uniq } = require('./trips');

let srv, o;
const byKey = (list) => Object.fromEntries(list.items.map((r) => [r.key, r]));
const checksOf = (t) => o.ok('officer', 'GET', `/api/v1/delegations/${t.id}/checks`);
const ruleKeys = (c) => c.items.map((x) => `${x.rule}:${x.severity}`);

test('server starts: joint review off, zero growth off', async () => {
  srv = await startServer();
  o = new Office(srv);
  await o.plan(2);
  await o.plan(2, Number(addDays(today(), -40).slice(0, 4)));
  await o.ok('admin', 'PUT', '/api/v1/policies', { joint_review_required: false });
  await o.rule('zero_growth', { enabled: false });
});

test('everyone reads the shipped national rules, each with its legal source', async () => {
  const list = await o.ok('shangwu', 'GET', '/api/v1/rules');
  const r = byKey(list);
  for (const k of ['max_countries', 'max_days_by_countries', 'max_members', 'trip_frequency', 'min_substantive_share',
    'publicity', 'within_plan', 'zero_growth', 'general_inspection', 'excluded_inviters', 'leadership_together',
    'retired_staff', 'budget_required']) assert.ok(r[k], k);
  for (const x of list.items) assert.ok(x.source.length > 1 && x.citation.startsWith(x.source), x.key);
  assert.equal(r.max_members.params.max, 6);
  assert.equal(r.max_members.citation, '中办发〔2013〕16号');
  assert.deepEqual(r.max_days_by_countries.params.days, { 1: 5, 2: 8, 3: 10 });
  assert.deepEqual(r.max_days_by_countries.params.extra_regions, ['latin_america', 'africa']);
  assert.equal(r.budget_required.citation, '财行〔2013〕516号 第四条');
  assert.equal(r.leadership_together.source, '教外厅〔2015〕1号');
  assert.equal(r.trip_frequency.params.ranks.bureau.months, 24);
  const one = await o.ok('viewer', 'GET', `/api/v1/rules/${r.max_members.id}`);
  assert.equal(one.key, 'max_members');
  assertError(await o.call('viewer', 'GET', '/api/v1/rules/99999'), 404, 'not_found');
});

test('the trip of the issue: four Latin American countries, 考察, an overseas Chinese association, budget 0', async () => {
  const t = await o.draft({
    fields: {
      category: 'inspection', inviter: '巴西华侨华人协会', inviter_type: 'overseas_chinese_association', inviter_country: 'BR',
      budget_cny: 0, budget_source: null, depart_date: addDays(today(), 60), return_date: addDays(today(), 71), official_days: 10,
      destinations: [{ country: 'BR', city: '圣保罗', days: 3 }, { country: 'AR', city: '布宜诺斯艾利斯', days: 3 },
        { country: 'CL', city: '圣地亚哥', days: 3 }, { country: 'PE', city: '利马', days: 3 }],
    },
  });
  assert.equal(t.inviter_type, 'overseas_chinese_association');
  assert.equal(t.inviter_country, 'BR');
  const c = await checksOf(t);
  const keys = ruleKeys(c);
  for (const k of ['max_countries:block', 'excluded_inviters:block', 'budget_required:block', 'general_inspection:warning']) assert.ok(keys.includes(k), `${k} in ${keys}`);
  assert.ok(!keys.some((k) => k.startsWith('max_days_by_countries')), 'no invented day limit for four countries');
  for (const x of c.items) assert.ok(x.message.endsWith(`(依据:${x.source})`), x.message);
  assert.ok(c.items.some((x) => x.message === '不得接受海外华侨华人社团的邀请,本团组邀请单位「巴西华侨华人协会」(依据:教外厅〔2015〕1号)'));
  assert.ok(c.items.some((x) => x.message === '出访团组须有经费预算,本团组预算为0元(依据:财行〔2013〕516号 第四条)'));
  assertError(await o.call('officer', 'PATCH', `/api/v1/delegations/${t.id}`, { inviter_type: 'friend' }), 422, 'invalid', 'inviter_type');
  assertError(await o.call('officer', 'PATCH', `/api/v1/delegations/${t.id}`, { inviter_country: 'XX' }), 422, 'invalid', 'inviter_country');
});

test('two countries including Brazil: 9 days pass, 10 block; a transit stop is no country', async () => {
  const base = { official_days: 9, destinations: [{ country: 'BR', city: '巴西利亚', days: 4 }, { country: 'AE', city: '迪拜', days: 1, transit: true }, { country: 'AR', city: '布宜诺斯艾利斯', days: 4 }] };
  const nine = await o.draft({ fields: { ...base, depart_date: addDays(today(), 60), return_date: addDays(today(), 68) } });
  assert.ok(nine.destinations[1].transit);
  assert.ok(!ruleKeys(await checksOf(nine)).includes('max_days_by_countries:block'));
  const ten = await o.draft({ fields: { ...base, depart_date: addDays(today(), 60), return_date: addDays(today(), 69) } });
  const c = await checksOf(ten);
  assert.ok(c.items.some((x) => x.message === '出访2国(含拉丁美洲国家,可增加1天)不超过9天,本团组10天(依据:中办发〔2013〕16号)'), JSON.stringify(c.items));
});

test('leadership members of one unit, retired staff: blocked', async () => {
  const mk = async (extra) => {
    const p = await o.person();
    return o.ok('officer', 'PATCH', `/api/v1/persons/${p.id}`, extra).then((x) => Object.assign(p, x));
  };
  const a = await mk({ is_leadership: true, is_principal: true });
  const b = await mk({ is_leadership: true });
  const r = await mk({ retired: true });
  assert.equal(a.is_principal, true);
  assert.equal(r.retired, 1);
  const t = await o.draft({ members: [a, b, r] });
  const keys = ruleKeys(await checksOf(t));
  assert.ok(keys.includes('leadership_together:block'), keys);
  assert.ok(keys.includes('retired_staff:block'), keys);
});

test('rules: only the administrator writes; every body is checked, in Chinese too; nothing half-written', async () => {
  const r = byKey(await o.ok('admin', 'GET', '/api/v1/rules'));
  assertError(await o.call('officer', 'PATCH', `/api/v1/rules/${r.max_members.id}`, { params: { max: 8 } }), 403, 'forbidden');
  assertError(await o.call('director', 'POST', '/api/v1/rules', {}), 403, 'forbidden');
  assertError(await o.call('admin', 'PATCH', `/api/v1/rules/${r.max_members.id}`, { params: { max: 0 } }), 422, 'invalid', 'params');
  assertError(await o.call('admin', 'PATCH', `/api/v1/rules/${r.max_members.id}`, { params: { max: 8, most: 1 } }), 422, 'invalid', 'params');
  assertError(await o.call('admin', 'PATCH', `/api/v1/rules/${r.max_members.id}`, { severity: 'fatal' }), 422, 'invalid', 'severity');
  assertError(await o.call('admin', 'PATCH', `/api/v1/rules/${r.max_members.id}`, { key: 'other' }), 422, 'unknown_field', 'key');
  assertError(await o.call('admin', 'PATCH', `/api/v1/rules/${r.max_members.id}`, { scope: { regions: ['mars'] } }), 422, 'invalid', 'scope');
  assertError(await o.call('admin', 'PATCH', `/api/v1/rules/${r.max_days_by_countries.id}`, { params: { days: { 1: 5, 3: 8 } } }), 422, 'invalid', 'params');
  const zh = await o.call('admin', 'PATCH', `/api/v1/rules/${r.publicity.id}`, { params: { days: 5, before: 'later' } }, { lang: 'zh-CN' });
  assertError(zh, 422, 'invalid', 'params');
  assert.match(zh.json.error.message, /申报前/);
  const body = { key: `division_frequency_${uniq()}`, kind: 'trip_frequency', title_zh: '处级干部出访频次', params: { ranks: { division: { trips: 1, months: 24 } } }, severity: 'block', source: '省级实施规定', scope: { ranks: ['division'] } };
  assertError(await o.call('admin', 'POST', '/api/v1/rules', { ...body, kind: 'astrology' }), 422, 'invalid', 'kind');
  assertError(await o.call('admin', 'POST', '/api/v1/rules', { ...body, key: 'Bad Key' }), 422, 'invalid', 'key');
  const before = (await o.ok('admin', 'GET', '/api/v1/rules?history=true')).total;
  const created = await o.ok('admin', 'POST', '/api/v1/rules', body);
  assert.equal(created.effective_from, today());
  assert.equal(created.citation, '省级实施规定');
  assertError(await o.call('admin', 'POST', '/api/v1/rules', body), 409, 'duplicate', 'key');
  assert.equal((await o.ok('admin', 'GET', '/api/v1/rules?history=true')).total, before + 1);
  const audit = await o.ok('admin', 'GET', `/api/v1/audit?entity=rule&entity_id=${created.id}`);
  assert.equal(audit.items[0].action, 'create');
  // it now judges: a 处级 cadre's second trip within 24 months (not the same calendar year) is blocked
  const cadre = await o.person();
  const first = await o.draft({ members: [cadre] });
  await o.preliminary(first);
  await o.ok('director', 'POST', `/api/v1/delegations/${first.id}/approve`, { date: today() });
  const later = await o.draft({ members: [cadre], fields: { depart_date: addDays(first.depart_date, 400), return_date: addDays(first.depart_date, 404) } });
  const hits = (await checksOf(later)).items.filter((x) => x.rule === body.key);
  assert.equal(hits.length, 1, JSON.stringify(hits));
  assert.match(hits[0].message, /县处级每24个月内因公出国不超过1次/);
  await o.ok('admin', 'PATCH', `/api/v1/rules/${created.id}`, { enabled: false });
});

test('a rule changed today does not change the verdict of a trip approved last month', async () => {
  const lastMonth = addDays(today(), -30);
  const t = await o.draft({ size: 3, fields: { depart_date: addDays(today(), -10), return_date: addDays(today(), -6) } });
  await o.preliminary(t, addDays(today(), -45));
  await o.ok('director', 'POST', `/api/v1/delegations/${t.id}/approve`, { date: lastMonth });
  assert.ok(!ruleKeys(await checksOf(t)).includes('max_members:block'));
  const r = byKey(await o.ok('admin', 'GET', '/api/v1/rules')).max_members;
  const changed = await o.ok('admin', 'PATCH', `/api/v1/rules/${r.id}`, { params: { max: 2 } });
  assert.notEqual(changed.id, r.id, 'a new version');
  assert.equal(changed.effective_from, today());
  assert.equal((await o.ok('admin', 'GET', `/api/v1/rules/${r.id}`)).effective_to, addDays(today(), -1));
  // the old trip keeps its verdict; a new one of 3 is blocked by today's version
  assert.ok(!ruleKeys(await checksOf(t)).includes('max_members:block'));
  const fresh = await o.draft({ size: 3 });
  const c = await checksOf(fresh);
  assert.ok(c.items.some((x) => x.message === '团组人数不超过2人,本团组3人(依据:中办发〔2013〕16号)'));
  // the rules as of last month and the history
  assert.equal(byKey(await o.ok('viewer', 'GET', `/api/v1/rules?as_of=${lastMonth}`)).max_members.params.max, 6);
  const history = (await o.ok('viewer', 'GET', '/api/v1/rules?history=true')).items.filter((x) => x.key === 'max_members');
  assert.deepEqual(history.map((x) => x.params.max), [6, 2]);
  assertError(await o.call('admin', 'PATCH', `/api/v1/rules/${r.id}`, { params: { max: 3 } }), 409, 'conflict');
  const audit = await o.ok('admin', 'GET', `/api/v1/audit?entity=rule&entity_id=${changed.id}`);
  assert.equal(audit.items[0].before.params.max, 6);
  assert.equal(audit.items[0].after.params.max, 2);
  // a change planned for next month: today's version ends the day before; it cannot be stretched over the next one
  const nextMonth = addDays(today(), 30);
  const planned = await o.ok('admin', 'PATCH', `/api/v1/rules/${changed.id}`, { params: { max: 4 }, effective_from: nextMonth });
  assert.equal(planned.effective_from, nextMonth);
  assert.equal((await o.ok('admin', 'GET', `/api/v1/rules/${changed.id}`)).effective_to, addDays(nextMonth, -1));
  assertError(await o.call('admin', 'PATCH', `/api/v1/rules/${changed.id}`, { effective_to: null }), 409, 'conflict', 'effective_to');
  assertError(await o.call('admin', 'PATCH', `/api/v1/rules/${planned.id}`, { params: { max: 5 }, effective_from: today() }), 422, 'invalid', 'effective_from');
  assert.equal(byKey(await o.ok('viewer', 'GET', `/api/v1/rules?as_of=${nextMonth}`)).max_members.params.max, 4);
  await o.ok('admin', 'PATCH', `/api/v1/rules/${planned.id}`, { params: { max: 2 } }); // its own first day: rewritten
  // a second change today rewrites today's version
  const again = await o.ok('admin', 'PATCH', `/api/v1/rules/${changed.id}`, { params: { max: 6 } });
  assert.equal(again.id, changed.id);
  assert.ok(!ruleKeys(await checksOf(fresh)).includes('max_members:block'));
});

test('a preview tells how many trips in progress a change would newly block, and writes nothing', async () => {
  const t = await o.draft({ size: 3 });
  await o.preliminary(t);
  const r = byKey(await o.ok('admin', 'GET', '/api/v1/rules')).max_members;
  const p = await o.ok('admin', 'PATCH', `/api/v1/rules/${r.id}?preview=1`, { params: { max: 2 } });
  assert.ok(p.newly_blocked >= 1, JSON.stringify(p));
  assert.ok(p.newly_blocked_ids.includes(t.id));
  assert.equal((await o.ok('admin', 'GET', `/api/v1/rules/${r.id}`)).params.max, 6);
  assert.ok(!ruleKeys(await checksOf(t)).includes('max_members:block'));
});

test('a rule set exports as one file and imports into another installation, all or nothing', async () => {
  // the province: publicity before submission, 7 working days
  const r = byKey(await o.ok('admin', 'GET', '/api/v1/rules'));
  await o.ok('admin', 'PATCH', `/api/v1/rules/${r.publicity.id}`, { params: { days: 7, before: 'submission' }, source: '某省因公临时出国管理办法', article: '第十二条' });
  const res = await o.call('viewer', 'GET', '/api/v1/rules/export');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /rules-\d{4}-\d{2}-\d{2}\.json/);
  const file = res.json;
  assert.equal(file.format, 'waishi-rules');
  assert.ok(file.rules.length >= 16);
  assert.ok(!('id' in file.rules[0]));
  // a city
  const city = await startServer();
  try {
    const c = new Office(city);
    assertError(await c.call('officer', 'POST', '/api/v1/rules/import', file), 403, 'forbidden');
    assertError(await c.call('admin', 'POST', '/api/v1/rules/import', { ...file, format: 'other' }), 422, 'invalid', 'format');
    const broken = { ...file, rules: file.rules.map((x) => (x.key === 'max_members' ? { ...x, params: { max: 'six' } } : x)) };
    const bad = await c.call('admin', 'POST', '/api/v1/rules/import', broken);
    assertError(bad, 422, 'invalid');
    assert.match(bad.json.error.field, /^rules\[\d+\]\.params$/);
    assert.equal(byKey(await c.ok('admin', 'GET', '/api/v1/rules')).publicity.params.days, 5, 'a refused import wrote nothing');
    const done = await c.ok('admin', 'POST', '/api/v1/rules/import', file);
    assert.equal(done.imported, file.rules.length);
    assert.equal(done.effective_from, today());
    const pub = byKey(await c.ok('shangwu', 'GET', '/api/v1/rules')).publicity;
    assert.deepEqual(pub.params, { days: 7, before: 'submission' });
    assert.equal(pub.citation, '某省因公临时出国管理办法 第十二条');
    assert.equal(byKey(await c.ok('admin', 'GET', `/api/v1/rules?as_of=${addDays(today(), -1)}`)).publicity.params.days, 5, 'earlier days keep the city\'s old rules');
    const audit = await c.ok('admin', 'GET', '/api/v1/audit?entity=rules');
    assert.equal(audit.items[0].action, 'import');
    // the city's trip: publicity checked before submission
    await c.plan(2);
    const t = await c.draft();
    const checks = await c.ok('officer', 'GET', `/api/v1/delegations/${t.id}/checks`);
    assert.ok(checks.items.some((x) => x.rule === 'publicity' && /申报前须在本单位公示不少于7个工作日,尚未公示\(依据:某省因公临时出国管理办法 第十二条\)/.test(x.message)), JSON.stringify(checks.items));
  } finally { await city.stop(); }
  await o.ok('admin', 'PATCH', `/api/v1/rules/${byKey(await o.ok('admin', 'GET', '/api/v1/rules')).publicity.id}`, { params: { days: 5, before: 'approval' } });
});

test('server stops cleanly', async () => { await srv.stop(); });
