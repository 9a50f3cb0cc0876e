// Issue 17, parts 3 and 4: trips to Hong Kong, Macao and Taiwan (regions of
// China, named 中国香港 / 中国澳门 / 中国台湾, counted apart as 赴港澳台), and
// county offices (role county) that see their unit's subtree and do the
// county review (县级初审) before the city office's preliminary review.
// Runs on SQLite and, with WAISHI_TEST_PG, on PostgreSQL.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { test, startServer, api, race, assert, assertError, tempDir } = require('./lib');
const { Office, addDays, today, uniq } = require('./trips');
const { bodies } = require('./registers');

let srv, o, siblingUnit, siblingChild;
const ZH = 'zh-CN,zh;q=0.9';

// A trip of `unit` brought to `state` through the API (the county's trips pass the county review).
async function tripOf(unit, state, fields = {}) {
  const t = await o.draft({ unit_id: unit, fields });
  if (state === 'draft') return t;
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/publicity`, { start_date: addDays(today(), -14) });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/submit`);
  return o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`);
}

test('server starts with a sibling county (青秀区) that has a unit and a county officer of its own', async () => {
  srv = await startServer();
  o = new Office(srv);
  await o.ok('admin', 'PUT', '/api/v1/policies', { joint_review_required: false });
  await o.rule('zero_growth', { enabled: false });
  for (const unit of [2, 5, 6, 11]) await o.plan(unit, Number(today().slice(0, 4)), { batches: 100, persons: 1000, budget_cny: 1e8 });
  siblingUnit = 7; // 青秀区人民政府 (district)
  siblingChild = (await o.ok('officer', 'POST', '/api/v1/units', { name: `青秀区教育局${uniq()}`, level: 'other', parent_id: siblingUnit })).id;
  await o.plan(siblingChild, Number(today().slice(0, 4)), { batches: 100, persons: 1000, budget_cny: 1e8 });
  await o.ok('admin', 'POST', '/api/v1/users', { username: 'qingxiu', display_name: '青秀区外办', role: 'county', unit_id: siblingUnit, password: 'demo-qingxiu' });
});

test('a county officer belongs to a county- or district-level unit', async () => {
  assertError(await o.call('admin', 'POST', '/api/v1/users', { username: `c${uniq()}`, display_name: 'x', role: 'county', password: 'long-enough' }), 422, 'invalid', 'unit_id');
  const r = await o.call('admin', 'POST', '/api/v1/users', { username: `c${uniq()}`, display_name: 'x', role: 'county', unit_id: 2, password: 'long-enough' }, { lang: ZH });
  assertError(r, 422, 'invalid', 'unit_id');
  assert.match(r.json.error.message, /县级或区级/);
});

test('a county officer sees its own subtree, and never a sibling county\'s trips', async () => {
  const mine = [await tripOf(5, 'draft'), await tripOf(6, 'draft'), await tripOf(11, 'draft')];
  const city = await tripOf(2, 'draft');
  const sibling = await tripOf(siblingChild, 'draft');
  const list = await o.ok('county', 'GET', '/api/v1/delegations?per_page=200');
  const ids = new Set(list.items.map((t) => t.id));
  for (const t of mine) assert.ok(ids.has(t.id), `county sees trip of unit ${t.unit_id}`);
  assert.ok(!ids.has(city.id) && !ids.has(sibling.id), 'no trip outside the subtree');
  assert.ok(list.items.every((t) => [5, 6, 11].includes(t.unit_id)), 'every listed trip is in the subtree');
  assertError(await o.call('county', 'GET', `/api/v1/delegations/${sibling.id}`), 403, 'forbidden');
  assertError(await o.call('county', 'GET', `/api/v1/delegations/${city.id}`), 403, 'forbidden');
  assertError(await o.call('qingxiu', 'GET', `/api/v1/delegations/${mine[1].id}`), 403, 'forbidden');
  const theirs = await o.ok('qingxiu', 'GET', '/api/v1/delegations?per_page=200');
  assert.deepEqual(theirs.items.map((t) => t.id), [sibling.id]);
  // persons, plans and letters follow the same scope; references outside it are refused
  const persons = await o.ok('county', 'GET', '/api/v1/persons?per_page=200');
  assert.ok(persons.total > 0 && persons.items.every((p) => [5, 6, 11].includes(p.unit_id)));
  const plans = await o.ok('county', 'GET', '/api/v1/plans?per_page=200');
  assert.deepEqual([...new Set(plans.items.map((p) => p.unit_id))].sort(), [11, 5, 6].sort());
  assertError(await o.call('county', 'POST', '/api/v1/persons', { name: '越界人员', gender: 'male', unit_id: siblingChild, rank: 'none' }), 403, 'forbidden');
  const letter = await o.ok('county', 'POST', '/api/v1/letters', { kind: 'introduction', date: today(), unit_id: 11, purpose: '办理签证', persons: [{ name: '韦某' }] });
  assertError(await o.call('qingxiu', 'GET', `/api/v1/letters/${letter.id}`), 403, 'forbidden');
  // the export holds the same rows as the list
  const xlsx = await o.call('county', 'GET', '/api/v1/delegations?format=xlsx');
  assert.equal(xlsx.status, 200);
});

test('a trip under a county waits for the county review; the city reviews it after', async () => {
  const t = await tripOf(6, 'submitted');
  assert.equal(t.is_under_county, true);
  assert.ok(!t.allowed_actions.includes('preliminary'), 'the city office may not review it yet');
  const seen = await o.ok('county', 'GET', `/api/v1/delegations/${t.id}`);
  assert.ok(seen.allowed_actions.includes('county_review'));
  assert.ok(!seen.allowed_actions.includes('preliminary') && !seen.allowed_actions.includes('approve'));
  const early = await o.call('officer', 'POST', `/api/v1/delegations/${t.id}/preliminary`, { decision: 'approve' }, { lang: ZH });
  assertError(early, 409, 'county_review_required');
  assert.match(early.json.error.message, /县级初审/);
  const todo = await o.ok('county', 'GET', '/api/v1/todo');
  assert.ok(todo.items.some((x) => x.kind === 'county_review_waiting' && x.entity_id === t.id));
  const office = await o.ok('officer', 'GET', '/api/v1/todo');
  assert.ok(!office.items.some((x) => x.kind === 'preliminary_waiting' && x.entity_id === t.id), 'not yet on the office\'s list');
  const reviewed = await o.ok('county', 'POST', `/api/v1/delegations/${t.id}/county-review`, { decision: 'approve', comment: '县外办同意' });
  assert.equal(reviewed.status, 'county_reviewed');
  assert.equal(reviewed.county_comment, '县外办同意');
  assert.equal(reviewed.county_reviewed_on, today());
  assert.ok((await o.ok('officer', 'GET', '/api/v1/todo')).items.some((x) => x.kind === 'preliminary_waiting' && x.entity_id === t.id));
  assertError(await o.call('county', 'POST', `/api/v1/delegations/${t.id}/preliminary`, { decision: 'approve' }), 403, 'forbidden');
  const prelim = await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/preliminary`, { decision: 'approve' });
  assert.equal(prelim.status, 'preliminary_approved');
  assertError(await o.call('county', 'POST', `/api/v1/delegations/${t.id}/approve`, { date: today() }), 403, 'forbidden');
  const history = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}/history`);
  assert.ok(JSON.stringify(history).includes('county_review'));
});

test('the county reviews its own unit\'s trips and can send one back; a trip under no county skips the step', async () => {
  const own = await tripOf(5, 'submitted');
  const back = await o.call('county', 'POST', `/api/v1/delegations/${own.id}/county-review`, { decision: 'return' }, { lang: ZH });
  assertError(back, 422, 'invalid', 'comment');
  const draft = await o.ok('county', 'POST', `/api/v1/delegations/${own.id}/county-review`, { decision: 'return', comment: '请补充邀请函' });
  assert.equal(draft.status, 'draft');
  const city = await tripOf(2, 'submitted');
  assert.equal(city.is_under_county, false);
  assert.ok(city.allowed_actions.includes('preliminary') && !city.allowed_actions.includes('county_review'));
  assertError(await o.call('county', 'POST', `/api/v1/delegations/${city.id}/county-review`, { decision: 'approve' }), 403, 'forbidden');
  const skip = await o.call('admin', 'POST', `/api/v1/delegations/${city.id}/county-review`, { decision: 'approve' }, { lang: ZH });
  assertError(skip, 409, 'county_review_not_needed');
  assert.equal((await o.ok('officer', 'POST', `/api/v1/delegations/${city.id}/preliminary`, { decision: 'approve' })).status, 'preliminary_approved');
  // the sibling county cannot review this county's trip
  const other = await tripOf(11, 'submitted');
  assertError(await o.call('qingxiu', 'POST', `/api/v1/delegations/${other.id}/county-review`, { decision: 'approve' }), 403, 'forbidden');
});

test('a county review and a city preliminary review at the same moment cannot both win', async () => {
  for (let round = 0; round < 6; round++) {
    const t = await tripOf(6, 'submitted');
    const version = t.version;
    const countyDecision = round % 2 ? { decision: 'return', comment: '退回补充材料' } : { decision: 'approve', version };
    const [a, b] = await race(srv, [
      { method: 'POST', path: `/api/v1/delegations/${t.id}/county-review`, token: await o.as('county'), body: countyDecision },
      { method: 'POST', path: `/api/v1/delegations/${t.id}/preliminary`, token: await o.as('officer'), body: { decision: 'approve', version } },
    ]);
    const wins = [a, b].filter((r) => r.status === 200);
    assert.equal(wins.length, 1, `round ${round}: ${a.status} ${a.text.slice(0, 120)} / ${b.status} ${b.text.slice(0, 120)}`);
    const loser = a.status === 200 ? b : a;
    assert.equal(loser.status, 409, loser.text);
    const now = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`);
    assert.equal(now.status, a.status === 200 ? (round % 2 ? 'draft' : 'county_reviewed') : 'preliminary_approved');
    assert.equal(now.version, version + 1, 'exactly one change applied');
  }
});

test('Hong Kong, Macao and Taiwan are named as regions of China and grouped apart; China is no destination', async () => {
  const all = await o.ok('shangwu', 'GET', '/api/v1/countries');
  const by = Object.fromEntries(all.items.map((c) => [c.code, c]));
  assert.deepEqual([by.HK.name_zh, by.MO.name_zh, by.TW.name_zh], ['中国香港', '中国澳门', '中国台湾']);
  assert.deepEqual([by.HK.group, by.MO.group, by.TW.group, by.CN.group, by.DE.group], ['hmt', 'hmt', 'hmt', 'china', 'foreign']);
  assert.equal(by.TW.name, 'Taiwan, China');
  const dest = await o.ok('shangwu', 'GET', '/api/v1/countries?destination=true');
  assert.ok(!dest.items.some((c) => c.code === 'CN') && dest.items.some((c) => c.code === 'TW'));
  const member = await o.person({ unit_id: 2 });
  const body = (country) => ({ unit_id: 2, title: `赴港${uniq()}`, task: '经贸推介', category: 'investment', inviter: '香港中华总商会', depart_date: addDays(today(), 50), return_date: addDays(today(), 52), budget_cny: 1, destinations: [{ country, city: '某地', days: 3 }], members: [{ person_id: member.id, is_leader: true }] });
  const cn = await o.call('shangwu', 'POST', '/api/v1/delegations', body('CN'), { lang: ZH });
  assertError(cn, 422, 'invalid', 'destinations');
  assert.match(cn.json.error.message, /不能是中国/);
  const hk = await o.ok('shangwu', 'POST', '/api/v1/delegations', body('HK'));
  assert.equal(hk.destinations[0].country_name, '中国香港');
  const listed = await o.ok('officer', 'GET', '/api/v1/delegations?country=HK');
  assert.ok(listed.items.some((t) => t.id === hk.id));
  // every new code has its label
  const labels = (await api(srv, 'GET', '/api/v1/labels')).json;
  const zh = (kind, key) => labels[kind].find((x) => x.key === key)?.zh;
  assert.deepEqual([zh('role', 'county'), zh('status', 'county_reviewed'), zh('audit_action', 'county_review'), zh('todo_kind', 'county_review_waiting'), zh('trip_kind', 'hmt'), zh('trip_kind', 'abroad'), zh('country_group', 'hmt')],
    ['县区外事办', '县级初审通过', '县级初审', '待县级初审', '赴港澳台', '出国', '港澳台地区']);
});

test('港澳台 count toward the 国家(地区) limit unless the rule says otherwise', async () => {
  const t = await o.draft({ fields: { destinations: [{ country: 'DE', city: '柏林', days: 1 }, { country: 'FR', city: '巴黎', days: 1 }, { country: 'IT', city: '罗马', days: 1 }, { country: 'HK', city: '香港', days: 2 }] } });
  const checks = async () => (await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}/checks`)).items.filter((c) => c.rule === 'max_countries');
  const hit = await checks();
  assert.equal(hit.length, 1);
  assert.match(hit[0].message, /出访国家\(地区\)不超过3个,本团组4个/);
  const rule = (await o.ok('admin', 'GET', '/api/v1/rules')).items.find((r) => r.key === 'max_countries');
  await o.rule('max_countries', { params: { ...rule.params, count_hmt: false } });
  assert.equal((await checks()).length, 0, 'with count_hmt false Hong Kong is not counted');
  await o.rule('max_countries', { params: { ...rule.params, count_hmt: true } });
  assert.equal((await checks()).length, 1);
  assertError(await o.call('admin', 'PATCH', `/api/v1/rules/${rule.id}`, { effective_from: rule.effective_from, params: { ...rule.params, count_hmt: 'yes' } }), 422, 'invalid');
});

test('the period summary gives 出国 and 赴港澳台 apart and their sum', async () => {
  const before = (await o.ok('officer', 'GET', `/api/v1/reports/summary?from=${today()}&to=${today()}`)).delegations;
  const hk = await o.draft({ size: 2, fields: { destinations: [{ country: 'HK', city: '香港', days: 3 }, { country: 'MO', city: '澳门', days: 2 }] } });
  const de = await o.draft({ size: 3 });
  for (const t of [hk, de]) {
    await o.preliminary(t);
    await o.ok('director', 'POST', `/api/v1/delegations/${t.id}/approve`, { date: today() });
  }
  const d = (await o.ok('officer', 'GET', `/api/v1/reports/summary?from=${today()}&to=${today()}`)).delegations;
  assert.deepEqual(d.hmt, { batches: before.hmt.batches + 1, persons: before.hmt.persons + 2 });
  assert.deepEqual(d.abroad, { batches: before.abroad.batches + 1, persons: before.abroad.persons + 3 });
  assert.equal(d.batches, d.abroad.batches + d.hmt.batches);
  assert.equal(d.persons, d.abroad.persons + d.hmt.persons);
  const prose = (await o.ok('officer', 'GET', `/api/v1/reports/work-summary?from=${today()}&to=${today()}`));
  const totals = prose.sections.find((s) => s.key === 'trips').paragraphs.find((p) => p.key === 'trips.totals').text;
  assert.match(totals, new RegExp(`其中出国${d.abroad.batches}批${d.abroad.persons}人次、赴港澳台${d.hmt.batches}批${d.hmt.persons}人次`));
  assert.ok(!JSON.stringify(d.by_region).includes('hmt'));
});

test('a county office reads the report of its own subtree: its trips, letters and receptions, no city-wide register', async () => {
  const q = `from=${today()}&to=${today()}`;
  const figures = async (who) => (await o.ok(who, 'GET', `/api/v1/reports/summary?${q}`));
  const [county0, district0, city0] = [await figures('county'), await figures('qingxiu'), await figures('officer')];
  // two trips in the county's subtree (2 and 3 travellers), one of the city's own unit, one of the sibling district
  const trips = [await o.draft({ unit_id: 6, size: 2 }), await o.draft({ unit_id: 11, size: 3 }), await o.draft({ unit_id: 2, size: 4 }), await o.draft({ unit_id: siblingChild, size: 1 })];
  for (const t of trips) {
    await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/publicity`, { start_date: addDays(today(), -14) });
    await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/submit`);
    const county = t.unit_id === siblingChild ? 'qingxiu' : 'county';
    if ((await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`)).is_under_county) await o.ok(county, 'POST', `/api/v1/delegations/${t.id}/county-review`, { decision: 'approve' });
    await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/preliminary`, { decision: 'approve' });
    await o.ok('director', 'POST', `/api/v1/delegations/${t.id}/approve`, { date: today() });
  }
  await o.ok('officer', 'POST', '/api/v1/receptions', bodies.reception({ host_unit_id: 11, persons: 6 }));
  await o.ok('officer', 'POST', '/api/v1/receptions', bodies.reception({ host_unit_id: 2, persons: 9 }));
  await o.ok('officer', 'POST', '/api/v1/letters', { kind: 'introduction', date: today(), unit_id: 6, purpose: '办理签证', persons: [{ name: '黄某' }, { name: '蒙某' }] });
  await o.ok('officer', 'POST', '/api/v1/letters', { kind: 'introduction', date: today(), unit_id: 2, purpose: '办理签证', persons: [{ name: '李某' }] });
  const [county, district, city] = [await figures('county'), await figures('qingxiu'), await figures('officer')];
  assert.deepEqual([county.delegations.batches - county0.delegations.batches, county.delegations.persons - county0.delegations.persons], [2, 5]);
  assert.deepEqual([district.delegations.batches - district0.delegations.batches, district.delegations.persons - district0.delegations.persons], [1, 1]);
  assert.deepEqual([city.delegations.batches - city0.delegations.batches, city.delegations.persons - city0.delegations.persons], [4, 10]);
  assert.equal(county.receptions.foreign.batches - county0.receptions.foreign.batches, 1);
  assert.equal(county.receptions.foreign.persons - county0.receptions.foreign.persons, 6);
  assert.equal(city.receptions.foreign.batches - city0.receptions.foreign.batches, 2);
  assert.deepEqual([county.letters.introduction.batches - county0.letters.introduction.batches, county.letters.introduction.persons - county0.letters.introduction.persons], [1, 2]);
  assert.equal(city.letters.introduction.batches - city0.letters.introduction.batches, 2);
  assert.ok('武鸣县商务局' in county.delegations.by_unit && '武鸣县第一中学' in county.delegations.by_unit);
  assert.ok(Object.keys(county.delegations.by_unit).every((n) => n.startsWith('武鸣县')), Object.keys(county.delegations.by_unit).join(','));
  assert.deepEqual(county.scope, { unit_id: 5, name: '武鸣县人民政府', level: 'county' });
  for (const cityWide of ['abtc', 'sister_cities', 'cases', 'info_items']) {
    assert.ok(!(cityWide in county), `no ${cityWide} in a county's figures`);
    assert.ok(cityWide in city, `${cityWide} in the city's figures`);
  }
  assert.ok(!('scope' in city));
  // the work report is the county's own
  const work = await o.ok('county', 'GET', `/api/v1/reports/work-summary?${q}`);
  assert.match(work.title, /^武鸣县\d{4}年.*外事工作总结$/);
  assert.match(work.opening, /县外办在县委、县政府的领导和市外办的指导下,紧紧围绕全县工作大局/);
  const totals = work.sections.find((x) => x.key === 'trips').paragraphs.find((x) => x.key === 'trips.totals').text;
  assert.match(totals, new RegExp(`我县共办理因公出国\\(境\\)团组${county.delegations.batches}批${county.delegations.persons}人次`));
  assert.ok(!JSON.stringify(work).includes('我市'), 'the county report never says 我市');
  assert.ok(work.sections.every((x) => ['trips', 'receptions', 'economy'].includes(x.key)), work.sections.map((x) => x.key).join(','));
  assert.equal(work.office_name, '武鸣县人民政府外事办公室');
  assert.ok(!work.table.some((r) => /APEC|涉外案|信息/.test(r.item)), 'no city-wide row in the table');
  const theirs = await o.ok('qingxiu', 'GET', `/api/v1/reports/work-summary?${q}`);
  assert.match(theirs.title, /^青秀区/);
  assert.match(theirs.sections[0].paragraphs[0].text, new RegExp(`我区共办理因公出国\\(境\\)团组${district.delegations.batches}批`));
  const cityWork = await o.ok('officer', 'GET', `/api/v1/reports/work-summary?${q}`);
  assert.match(cityWork.sections[0].paragraphs[0].text, new RegExp(`我市共办理因公出国\\(境\\)团组${city.delegations.batches}批`));
  for (const format of ['docx', 'pdf']) assert.equal((await o.call('county', 'GET', `/api/v1/reports/work-summary?${q}&format=${format}`)).status, 200);
  // the workbook has the county's sheets and rows only
  const res = await fetch(`${srv.url}/api/v1/reports/summary?${q}&format=xlsx`, { headers: { Authorization: `Bearer ${await o.as('county')}` } });
  assert.equal(res.status, 200);
  const file = path.join(tempDir(), 'county.xlsx');
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const unzip = (member) => execFileSync('unzip', ['-p', file, member]).toString('utf8');
  const book = unzip('xl/workbook.xml');
  assert.match(book, /name="出访单位"/);
  assert.ok(!/name="友城交流"|name="涉外案件"/.test(book), book);
  const strings = unzip('xl/sharedStrings.xml');
  assert.match(strings, /因公出国\(境\)团组/);
  assert.ok(!/APEC|友好城市|涉外案|编发上报信息/.test(strings), 'no city-wide row in the county\'s workbook');
  assertError(await o.call('shangwu', 'GET', `/api/v1/reports/summary?${q}`), 403, 'forbidden');
});

test('server stops cleanly', async () => { await srv.stop(); });
