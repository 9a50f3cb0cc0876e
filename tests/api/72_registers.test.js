// Persons, letters, policies, countries, the delegation list and its
// filters, validation of a trip, unit scope, and departure reminders.
'use strict';
const { test, startServer, assertError, assert } = require('./lib');
const { Office, addDays, today } = require('./trips');

let srv, o;
test('server starts', async () => {
  srv = await startServer();
  o = new Office(srv);
  await o.plan(2);
  await o.rule('zero_growth', { enabled: false });
});

test('policies: everyone reads every setting with its explanation; only the admin changes them, checked', async () => {
  const p = await o.ok('shangwu', 'GET', '/api/v1/policies');
  const keys = p.items.map((x) => x.key);
  for (const k of ['passport_return_days', 'report_due_days', 'block_unit_overdue_days', 'joint_review_quorum', 'joint_review_pass',
    'joint_review_veto', 'joint_review_required', 'approval_no_format']) assert.ok(keys.includes(k), k);
  // the rules of a trip's checks are data with their sources (/rules), no longer settings
  for (const k of ['max_countries', 'max_days_by_countries', 'max_members', 'zero_growth', 'within_plan']) assert.ok(!keys.includes(k), k);
  const quorum = p.items.find((x) => x.key === 'joint_review_quorum');
  assert.equal(quorum.value, '2/3');
  assert.ok(quorum.description_zh.length > 5);
  assert.equal(p.items.find((x) => x.key === 'joint_review_required').value, true);
  assertError(await o.call('officer', 'PUT', '/api/v1/policies', { report_due_days: 20 }), 403, 'forbidden');
  assertError(await o.call('admin', 'PUT', '/api/v1/policies', { report_due_days: 0 }), 422, 'invalid', 'report_due_days');
  assertError(await o.call('admin', 'PUT', '/api/v1/policies', { report_due_days: '20' }), 422, 'invalid', 'report_due_days');
  assertError(await o.call('admin', 'PUT', '/api/v1/policies', { joint_review_quorum: '3/2' }), 422, 'invalid', 'joint_review_quorum');
  assertError(await o.call('admin', 'PUT', '/api/v1/policies', { approval_no_format: '外审{n}号' }), 422, 'invalid', 'approval_no_format');
  assertError(await o.call('admin', 'PUT', '/api/v1/policies', { report_due_days: 20, bogus: 1 }), 422, 'unknown_field', 'bogus');
  assertError(await o.call('admin', 'PUT', '/api/v1/policies', { max_members: 8 }), 422, 'unknown_field', 'max_members');
  const after = await o.ok('admin', 'GET', '/api/v1/policies');
  assert.equal(after.items.find((x) => x.key === 'report_due_days').value, 30, 'a refused change wrote nothing');
  const changed = await o.ok('admin', 'PUT', '/api/v1/policies', { report_due_days: 20, joint_review_quorum: '3/4', approval_no_format: '外审〔{year}〕第{n}号' });
  assert.equal(changed.items.find((x) => x.key === 'report_due_days').value, 20);
  const audit = await o.ok('admin', 'GET', '/api/v1/audit?entity=policies');
  assert.equal(audit.items[0].after.report_due_days, 20);
  await o.ok('admin', 'PUT', '/api/v1/policies', { joint_review_quorum: '2/3' });
  const t = await o.approved();
  assert.match(t.approval_no, /^外审〔\d{4}〕第\d+号$/);
  await o.ok('admin', 'PUT', '/api/v1/policies', { report_due_days: 30, approval_no_format: '外审〔{year}〕{n}号' });
});

test('countries come from iso-codes with Chinese names', async () => {
  const all = await o.ok('officer', 'GET', '/api/v1/countries');
  assert.ok(all.total > 240);
  const de = all.items.find((c) => c.code === 'DE');
  assert.equal(de.name_zh, '德国');
  const q = await o.ok('officer', 'GET', '/api/v1/countries?q=' + encodeURIComponent('日本'));
  assert.deepEqual(q.items.map((c) => c.code), ['JP']);
});

test('a trip body is checked field by field', async () => {
  const p = await o.person();
  const good = {
    unit_id: 2, title: '团', task: '任务', category: 'inspection', inviter: '邀请方', depart_date: addDays(today(), 30),
    return_date: addDays(today(), 33), budget_cny: 1000, destinations: [{ country: 'SG', city: '新加坡', days: 4 }],
    members: [{ person_id: p.id, is_leader: true }],
  };
  const bad = async (patch, status, code, field) => assertError(await o.call('officer', 'POST', '/api/v1/delegations', { ...good, ...patch }), status, code, field);
  await bad({ category: 'holiday' }, 422, 'invalid', 'category');
  await bad({ destinations: [{ country: 'XX', city: 'a', days: 1 }] }, 422, 'invalid', 'destinations');
  await bad({ destinations: [] }, 422, 'invalid', 'destinations');
  await bad({ destinations: [{ country: 'SG', city: 'a', days: 9 }] }, 422, 'invalid', 'destinations');
  await bad({ members: [{ person_id: p.id, is_leader: false }] }, 422, 'invalid', 'members');
  await bad({ members: [{ person_id: p.id, is_leader: true }, { person_id: p.id }] }, 422, 'invalid', 'members');
  await bad({ members: [{ person_id: 999999, is_leader: true }] }, 422, 'invalid', 'members');
  await bad({ return_date: addDays(today(), 20) }, 422, 'invalid', 'return_date');
  await bad({ budget_cny: -1 }, 422, 'invalid', 'budget_cny');
  await bad({ budget_cny: 10.001 }, 422, 'invalid', 'budget_cny');
  await bad({ unit_id: 9999 }, 422, 'invalid', 'unit_id');
  await bad({ spouse: '张' }, 422, 'unknown_field', 'spouse');
  const list = await o.ok('officer', 'GET', '/api/v1/delegations?q=' + encodeURIComponent('团') + '&per_page=200');
  assert.ok(!list.items.some((x) => x.title === '团'), 'nothing was created');
  const made = await o.ok('officer', 'POST', '/api/v1/delegations', good);
  assert.equal(made.budget_cny, 1000);
});

test('the delegation list filters by status, unit, year, country and searches title, code and member names', async () => {
  const leader = await o.person({ name: '欧阳明远' });
  const t = await o.draft({ members: [leader], fields: { destinations: [{ country: 'TH', city: '曼谷', days: 3 }], return_date: addDays(today(), 62) } });
  const q = (s) => o.ok('officer', 'GET', `/api/v1/delegations?${s}&per_page=200`);
  assert.ok((await q('status=draft')).items.every((x) => x.status === 'draft'));
  assert.deepEqual((await q('country=TH')).items.map((x) => x.id), [t.id]);
  assert.deepEqual((await q('q=' + encodeURIComponent('欧阳'))).items.map((x) => x.id), [t.id]);
  assert.deepEqual((await q('q=' + t.code)).items.map((x) => x.id), [t.id]);
  const year = t.depart_date.slice(0, 4);
  assert.ok((await q(`year=${year}`)).items.some((x) => x.id === t.id));
  assert.ok(!(await q(`year=${Number(year) + 5}`)).items.some((x) => x.id === t.id));
  assert.ok((await q('unit_id=2')).items.every((x) => x.unit_id === 2));
  const row = (await q('country=TH')).items[0];
  assert.equal(row.leader_name, '欧阳明远');
  assert.equal(row.member_count, 1);
  assert.equal(row.status_zh, '草稿');
  assertError(await o.call('officer', 'GET', '/api/v1/delegations?status=flying'), 422, 'invalid', 'status');
  assertError(await o.call('officer', 'GET', '/api/v1/delegations?sort=secret'), 422, 'invalid', 'sort');
});

test('a unit user sees and writes only its own unit\'s trips, persons and letters', async () => {
  const own = await o.draft({ unit_id: 2, who: 'shangwu' });
  const other = await o.draft({ unit_id: 3 });
  assertError(await o.call('shangwu', 'GET', `/api/v1/delegations/${other.id}`), 403, 'forbidden');
  assertError(await o.call('shangwu', 'POST', `/api/v1/delegations/${other.id}/submit`), 403, 'forbidden');
  assertError(await o.call('shangwu', 'GET', `/api/v1/delegations/${other.id}/checks`), 403, 'forbidden');
  assertError(await o.call('shangwu', 'POST', '/api/v1/persons', { name: '他人', gender: 'female', unit_id: 3, rank: 'none' }), 403, 'forbidden');
  const mine = await o.ok('shangwu', 'GET', '/api/v1/delegations?per_page=200');
  assert.ok(mine.items.length > 0 && mine.items.every((x) => x.unit_id === 2));
  assert.ok(mine.items.some((x) => x.id === own.id));
  const persons = await o.ok('shangwu', 'GET', '/api/v1/persons?per_page=200');
  assert.ok(persons.items.every((x) => x.unit_id === 2));
  const theirs = (await o.ok('officer', 'GET', '/api/v1/persons?unit_id=3')).items[0];
  assertError(await o.call('shangwu', 'GET', `/api/v1/persons/${theirs.id}`), 403, 'forbidden');
  assertError(await o.call('shangwu', 'PATCH', `/api/v1/persons/${theirs.id}`, { position: '改' }), 403, 'forbidden');
  const passports = await o.ok('shangwu', 'GET', '/api/v1/passports?per_page=200');
  assert.ok(passports.items.every((x) => x.unit_id === 2));
  assertError(await o.call('jiaoyu', 'POST', `/api/v1/delegations/${own.id}/cancel`, { reason: '不是我的' }), 403, 'forbidden');
  assertError(await o.call('shangwu', 'POST', `/api/v1/delegations/${own.id}/preliminary`, { decision: 'approve' }), 403, 'forbidden');
});

test('persons: create, edit, filter', async () => {
  const p = await o.ok('shangwu', 'POST', '/api/v1/persons', { name: '李华', gender: 'female', unit_id: 2, rank: 'section', is_cadre: true, birth_date: '1980-05-01', position: '科长' });
  assert.equal(p.unit_name, '市商务局');
  assert.equal(p.is_cadre, true);
  const e = await o.ok('shangwu', 'PATCH', `/api/v1/persons/${p.id}`, { position: '副处长', rank: 'division' });
  assert.equal(e.rank, 'division');
  assertError(await o.call('shangwu', 'POST', '/api/v1/persons', { name: '王五', gender: 'x', unit_id: 2, rank: 'none' }), 422, 'invalid', 'gender');
  assertError(await o.call('shangwu', 'POST', '/api/v1/persons', { name: '王五', gender: 'male', unit_id: 2, rank: 'none', birth_date: '1980-02-30' }), 422, 'invalid', 'birth_date');
  const cadres = await o.ok('officer', 'GET', '/api/v1/persons?is_cadre=true&q=' + encodeURIComponent('李华'));
  assert.equal(cadres.total, 1);
});

test('letters: introductions, invitations with each foreigner\'s nationality and passport, visa services', async () => {
  const inv = await o.ok('shangwu', 'POST', '/api/v1/letters', {
    kind: 'invitation', date: today(), unit_id: 2, purpose: '邀请德国客商来邕洽谈投资',
    persons: [{ name: 'Hans Müller', nationality: 'DE', passport_no: 'C01X00T47' }, { name: 'Anna Schmidt', nationality: 'DE', passport_no: 'C01X00T48' }],
  });
  assert.equal(inv.person_count, 2);
  assert.equal(inv.persons[0].name, 'Hans Müller');
  assertError(await o.call('shangwu', 'POST', '/api/v1/letters', { kind: 'invitation', date: today(), unit_id: 2, purpose: '邀请', persons: [{ name: 'John' }] }), 422, 'invalid', 'persons');
  assertError(await o.call('shangwu', 'POST', '/api/v1/letters', { kind: 'invitation', date: today(), unit_id: 2, purpose: '邀请', persons: [{ name: 'John', nationality: 'ZZ', passport_no: 'X123' }] }), 422, 'invalid', 'persons');
  assertError(await o.call('shangwu', 'POST', '/api/v1/letters', { kind: 'introduction', date: today(), unit_id: 3, purpose: '介绍', persons: [{ name: '张三' }] }), 403, 'forbidden');
  await o.ok('officer', 'POST', '/api/v1/letters', { kind: 'introduction', date: today(), unit_id: 3, purpose: '赴省外办办理签证', persons: [{ name: '张三' }] });
  await o.ok('officer', 'POST', '/api/v1/letters', { kind: 'visa_service', date: addDays(today(), -400), unit_id: 3, purpose: '因私签证', persons: [{ name: '甲' }, { name: '乙' }, { name: '丙' }] });
  const recent = await o.ok('officer', 'GET', `/api/v1/letters?from=${addDays(today(), -30)}&to=${today()}`);
  assert.equal(recent.total, 2);
  const visas = await o.ok('officer', 'GET', '/api/v1/letters?kind=visa_service');
  assert.equal(visas.items[0].person_count, 3);
  const edited = await o.ok('shangwu', 'PATCH', `/api/v1/letters/${inv.id}`, { purpose: '邀请德国客商来邕考察' });
  assert.equal(edited.purpose, '邀请德国客商来邕考察');
  assertError(await o.call('officer', 'PATCH', `/api/v1/letters/${recent.items.find((l) => l.kind === 'introduction').id}`, { kind: 'invitation' }), 422, 'invalid', 'persons');
});

test('reminders name trips departing within five days that lack briefing or commitments', async () => {
  const t = await o.approved({ fields: { depart_date: addDays(today(), 3), return_date: addDays(today(), 7) } });
  const r = await o.ok('officer', 'GET', '/api/v1/reminders');
  const mine = r.items.find((x) => x.kind === 'departure_unprepared' && x.entity_id === t.id);
  assert.ok(mine, JSON.stringify(r.items));
  assert.match(mine.message, /行前教育/);
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/briefing`, { date: today(), reminder_card: true });
  for (const p of t.people) await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/commitments`, { person_id: p.id, date: today() });
  assert.ok(!(await o.ok('officer', 'GET', '/api/v1/reminders')).items.some((x) => x.entity_id === t.id && x.kind === 'departure_unprepared'));
  const other = await o.ok('jiaoyu', 'GET', '/api/v1/reminders');
  assert.ok(!other.items.some((x) => x.entity === 'delegation' && x.entity_id === t.id), 'another unit does not see it');
});

test('the audit chain holds after all of this', async () => {
  const { cli } = require('./lib');
  const r = cli(['audit', '--db', srv.db, 'verify']);
  assert.equal(r.status, 0, r.stdout);
});

test('server stops cleanly', async () => { await srv.stop(); });
