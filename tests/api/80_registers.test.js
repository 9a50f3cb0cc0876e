// The office's other registers: receptions, sister cities and coverage,
// exchanges and school pairings, APEC cards, cases, information items,
// contacts, attachments, and the to-do list.
'use strict';
const { test, startServer, api, assertError, assert } = require('./lib');
const { Office, addDays, today } = require('./trips');
const { bodies, multipart, PDF, ELF } = require('./registers');

let srv, o;
test('server starts', async () => { srv = await startServer(); o = new Office(srv); });

const created = {};

test('receptions: create, validate, filter by guest type, category, country and dates', async () => {
  const r = await o.ok('officer', 'POST', '/api/v1/receptions', bodies.reception());
  assert.equal(r.host_unit_name, '市外事办公室');
  await o.ok('officer', 'POST', '/api/v1/receptions', bodies.reception({ guest_type: 'domestic', category: 'business', country: null, persons: 20, arrive_date: addDays(today(), -40), leave_date: addDays(today(), -39) }));
  await o.ok('officer', 'POST', '/api/v1/receptions', bodies.reception({ category: 'embassy', country: 'DE', host_unit_id: 2 }));
  const bad = async (patch, field, code = 'invalid') => assertError(await o.call('officer', 'POST', '/api/v1/receptions', bodies.reception(patch)), 422, code, field);
  await bad({ guest_type: 'alien' }, 'guest_type');
  await bad({ category: 'party' }, 'category');
  await bad({ country: 'QQ' }, 'country');
  await bad({ country: null }, 'country');
  await bad({ persons: 0 }, 'persons');
  await bad({ leave_date: addDays(today(), -1) }, 'leave_date');
  await bad({ host_unit_id: 999 }, 'host_unit_id');
  await bad({ sister_city_id: 999 }, 'sister_city_id');
  const q = (s) => o.ok('officer', 'GET', `/api/v1/receptions?${s}`);
  assert.equal((await q('guest_type=domestic')).total, 1);
  assert.equal((await q('category=embassy')).total, 1);
  assert.equal((await q('country=FR')).total, 1);
  assert.equal((await q(`from=${addDays(today(), -1)}`)).total, 2);
  assert.equal((await q(`to=${addDays(today(), -1)}`)).total, 1);
  const page = await q('per_page=2&page=2');
  assert.equal(page.total, 3);
  assert.equal(page.items.length, 1);
  assertError(await o.call('officer', 'GET', '/api/v1/receptions?category=party'), 422, 'invalid', 'category');
  const p = await o.ok('officer', 'PATCH', `/api/v1/receptions/${r.id}`, { persons: 10 });
  assert.equal(p.persons, 10);
  created.reception = r;
});

test('a unit user sees only the receptions its unit hosted', async () => {
  const mine = await o.ok('shangwu', 'GET', '/api/v1/receptions');
  assert.equal(mine.total, 1);
  assert.ok(mine.items.every((x) => x.host_unit_id === 2));
  assertError(await o.call('shangwu', 'GET', `/api/v1/receptions/${created.reception.id}`), 403, 'forbidden');
  assertError(await o.call('shangwu', 'POST', '/api/v1/receptions', bodies.reception({ host_unit_id: 2 })), 403, 'forbidden');
});

test('sister cities: duplicates refused, filters, coverage shows blank regions and countries', async () => {
  const c = await o.ok('officer', 'POST', '/api/v1/sister-cities', bodies.sisterCity({ name_zh: '里昂', name_local: 'Lyon' }));
  assert.equal(c.country_name, '法国');
  await o.ok('officer', 'POST', '/api/v1/sister-cities', bodies.sisterCity({ name_zh: '清迈', name_local: 'Chiang Mai', country: 'TH', region: 'asean', relation: 'friendly_exchange' }));
  assertError(await o.call('officer', 'POST', '/api/v1/sister-cities', bodies.sisterCity({ name_zh: '里昂', name_local: 'Lyon' })), 409, 'duplicate', 'name_zh');
  assertError(await o.call('officer', 'POST', '/api/v1/sister-cities', bodies.sisterCity({ region: 'mars' })), 422, 'invalid', 'region');
  assertError(await o.call('officer', 'POST', '/api/v1/sister-cities', bodies.sisterCity({ country: 'XX' })), 422, 'invalid', 'country');
  assert.equal((await o.ok('viewer', 'GET', '/api/v1/sister-cities?relation=friendly_exchange')).total, 1);
  assert.equal((await o.ok('viewer', 'GET', '/api/v1/sister-cities?region=europe')).total, 1);
  const cov = await o.ok('shangwu', 'GET', '/api/v1/sister-cities/coverage');
  const europe = cov.regions.find((r) => r.region === 'europe');
  assert.equal(europe.sister, 1);
  assert.deepEqual(europe.countries_with.map((x) => x.code), ['FR']);
  assert.ok(europe.countries_without.some((x) => x.code === 'DE' && x.name_zh === '德国'));
  const asean = cov.regions.find((r) => r.region === 'asean');
  assert.equal(asean.friendly_exchange, 1);
  assert.ok(asean.countries_without.some((x) => x.code === 'KH'), 'Cambodia is a blank area');
  const africa = cov.regions.find((r) => r.region === 'africa');
  assert.equal(africa.countries_with.length, 0);
  assert.ok(africa.countries_without.length > 40);
  assert.ok(cov.regions.find((r) => r.region === 'east_asia').countries_without.some((x) => x.code === 'JP'));
  created.city = c;
});

test('exchanges: school pairings per school, both schools named', async () => {
  const e = await o.ok('officer', 'POST', '/api/v1/exchanges', bodies.exchange(created.city.id));
  assert.equal(e.sister_city_name, '里昂');
  assert.equal(e.date, today());
  await o.ok('officer', 'POST', '/api/v1/exchanges', bodies.exchange(created.city.id, { direction: 'inbound', persons: 15 }));
  await o.ok('officer', 'POST', '/api/v1/exchanges', bodies.exchange(created.city.id, { kind: 'culture', school: null, partner_school: null }));
  assertError(await o.call('officer', 'POST', '/api/v1/exchanges', bodies.exchange(created.city.id, { partner_school: null })), 422, 'invalid', 'partner_school');
  assertError(await o.call('officer', 'POST', '/api/v1/exchanges', bodies.exchange(999)), 422, 'invalid', 'sister_city_id');
  assertError(await o.call('officer', 'POST', '/api/v1/exchanges', bodies.exchange(created.city.id, { kind: 'war' })), 422, 'invalid', 'kind');
  const pairs = await o.ok('officer', 'GET', '/api/v1/exchanges/pairings?school=' + encodeURIComponent('市第一中学'));
  assert.equal(pairs.total, 1);
  assert.equal(pairs.items[0].exchanges, 2);
  assert.equal(pairs.items[0].persons, 27);
  assert.equal((await o.ok('officer', 'GET', '/api/v1/exchanges?kind=culture')).total, 1);
  assert.equal((await o.ok('officer', 'GET', `/api/v1/exchanges?sister_city_id=${created.city.id}&direction=inbound`)).total, 1);
  assertError(await o.call('admin', 'DELETE', `/api/v1/sister-cities/${created.city.id}`), 409, 'referenced');
  created.exchange = e;
});

test('APEC cards: applied -> submitted -> approved | rejected; expired by date; stats against targets', async () => {
  // applied and submitted on 1 January: this year's figures on any day of the year
  const jan1 = `${today().slice(0, 4)}-01-01`;
  const a = await o.ok('officer', 'POST', '/api/v1/abtc', bodies.abtc({ applied_on: jan1 }));
  assert.equal(a.status, 'applied');
  assertError(await o.call('officer', 'POST', `/api/v1/abtc/${a.id}/approve`, { date: today(), card_no: 'ABTC0001', expiry_date: addDays(today(), 1000) }), 409, 'invalid_transition');
  assertError(await o.call('officer', 'POST', `/api/v1/abtc/${a.id}/submit`, { date: addDays(jan1, -1) }), 422, 'invalid', 'date');
  await o.ok('officer', 'POST', `/api/v1/abtc/${a.id}/submit`, { date: jan1 });
  assertError(await o.call('officer', 'POST', `/api/v1/abtc/${a.id}/approve`, { date: today(), card_no: 'ABTC0001', expiry_date: addDays(today(), -1) }), 422, 'invalid', 'expiry_date');
  const ok = await o.ok('officer', 'POST', `/api/v1/abtc/${a.id}/approve`, { date: today(), card_no: 'ABTC0001', expiry_date: addDays(today(), 60) });
  assert.equal(ok.status, 'approved');
  assert.equal(ok.card_no, 'ABTC0001');
  const b = await o.ok('officer', 'POST', '/api/v1/abtc', bodies.abtc());
  await o.ok('officer', 'POST', `/api/v1/abtc/${b.id}/submit`, { date: today() });
  assertError(await o.call('officer', 'POST', `/api/v1/abtc/${b.id}/approve`, { date: today(), card_no: 'ABTC0001', expiry_date: addDays(today(), 900) }), 409, 'duplicate', 'card_no');
  assert.equal((await o.ok('officer', 'POST', `/api/v1/abtc/${b.id}/reject`, { date: today() })).status, 'rejected');
  await o.ok('officer', 'POST', '/api/v1/abtc', bodies.abtc());
  const stats = await o.ok('viewer', 'GET', `/api/v1/abtc/stats?year=${today().slice(0, 4)}`);
  assert.equal(stats.holders, 1);
  assert.equal(stats.in_progress, 1);
  assert.equal(stats.submitted, 2);
  assert.equal(stats.expiring_90_days, 1);
  assert.equal(stats.targets.length, 2);
  assert.equal(stats.targets[1].target, 100);
  await o.ok('admin', 'PUT', '/api/v1/policies', { abtc_targets: [{ by: '06-30', submitted: 5 }] });
  assertError(await o.call('admin', 'PUT', '/api/v1/policies', { abtc_targets: [{ by: '13-45', submitted: 5 }] }), 422, 'invalid', 'abtc_targets');
  assert.equal((await o.ok('viewer', 'GET', '/api/v1/abtc/stats')).targets[0].target, 5);
  // 61 days on, the approved card reads as expired
  const later = await startServer({ db: srv.db, env: { WAISHI_CLOCK_OFFSET: String(61 * 86400) } });
  try {
    const l = new Office(later);
    assert.equal((await l.ok('officer', 'GET', `/api/v1/abtc/${a.id}`)).status, 'expired');
    assert.equal((await l.ok('officer', 'GET', '/api/v1/abtc?status=expired')).total, 1);
    assert.equal((await l.ok('officer', 'GET', '/api/v1/abtc?status=approved')).total, 0);
  } finally { await later.stop(); }
  assert.equal((await o.ok('officer', 'GET', '/api/v1/abtc?status=approved')).total, 1);
});

test('cases: received -> in_progress -> answered -> closed, each step refused out of order', async () => {
  const c = await o.ok('officer', 'POST', '/api/v1/cases', bodies.case());
  assert.deepEqual(c.nationalities, ['VN']);
  assertError(await o.call('officer', 'POST', '/api/v1/cases', bodies.case({ nationalities: ['Vietnam'] })), 422, 'invalid', 'nationalities');
  assertError(await o.call('officer', 'POST', '/api/v1/cases', bodies.case({ category: 'theft' })), 422, 'invalid', 'category');
  assertError(await o.call('officer', 'POST', `/api/v1/cases/${c.id}/answer`, { date: today() }), 409, 'invalid_transition');
  assertError(await o.call('officer', 'POST', `/api/v1/cases/${c.id}/start`, { date: addDays(today(), -30) }), 422, 'invalid', 'date');
  await o.ok('officer', 'POST', `/api/v1/cases/${c.id}/start`, { date: today() });
  await o.ok('officer', 'POST', `/api/v1/cases/${c.id}/answer`, { date: today() });
  assertError(await o.call('officer', 'POST', `/api/v1/cases/${c.id}/close`, { date: today() }), 422, 'required', 'resolution');
  const closed = await o.ok('officer', 'POST', `/api/v1/cases/${c.id}/close`, { date: today(), resolution: '经协调,用人单位已支付工资' });
  assert.equal(closed.status, 'closed');
  assert.equal(closed.closed_on, today());
  assert.equal((await o.ok('officer', 'GET', '/api/v1/cases?status=closed&category=labour')).total, 1);
  const audit = await o.ok('admin', 'GET', `/api/v1/audit?entity=case&entity_id=${c.id}&sort=id`);
  assert.deepEqual(audit.items.map((e) => e.action), ['create', 'start', 'answer', 'close']);
});

test('information items: adoption per body, stats for a period', async () => {
  await o.ok('officer', 'POST', '/api/v1/info-items', bodies.infoItem());
  await o.ok('officer', 'POST', '/api/v1/info-items', bodies.infoItem({ adopted_by: [{ body: 'province', on: today() }, { body: 'national', on: today() }] }));
  await o.ok('officer', 'POST', '/api/v1/info-items', bodies.infoItem({ adopted_by: [] }));
  await o.ok('officer', 'POST', '/api/v1/info-items', bodies.infoItem({ sent_on: addDays(today(), -400), adopted_by: [] }));
  assertError(await o.call('officer', 'POST', '/api/v1/info-items', bodies.infoItem({ adopted_by: [{ body: 'moon', on: today() }] })), 422, 'invalid', 'body');
  assertError(await o.call('officer', 'POST', '/api/v1/info-items', bodies.infoItem({ adopted_by: [{ body: 'province', on: addDays(today(), -10) }] })), 422, 'invalid', 'adopted_by');
  assertError(await o.call('officer', 'POST', '/api/v1/info-items', bodies.infoItem({ sent_to: [] })), 422, 'invalid', 'sent_to');
  const from = addDays(today(), -30);
  const stats = await o.ok('viewer', 'GET', `/api/v1/info-items/stats?from=${from}&to=${today()}`);
  assert.equal(stats.sent, 3);
  assert.deepEqual(stats.adopted, { province: 2, prefecture: 0, national: 1, other: 0 });
  assertError(await o.call('viewer', 'GET', '/api/v1/info-items/stats?from=2026-13-01'), 422, 'invalid', 'from');
});

test('contacts: kinds, national day as MM-DD, e-mail checked', async () => {
  const c = await o.ok('officer', 'POST', '/api/v1/contacts', bodies.contact());
  assert.equal(c.national_day, '07-14');
  assertError(await o.call('officer', 'POST', '/api/v1/contacts', bodies.contact({ national_day: '14-07' })), 422, 'invalid', 'national_day');
  assertError(await o.call('officer', 'POST', '/api/v1/contacts', bodies.contact({ email: 'nobody' })), 422, 'invalid', 'email');
  assertError(await o.call('officer', 'POST', '/api/v1/contacts', bodies.contact({ kind: 'spy' })), 422, 'invalid', 'kind');
  assert.equal((await o.ok('officer', 'GET', '/api/v1/contacts?kind=consulate&country=FR')).total, 1);
  assertError(await o.call('shangwu', 'GET', '/api/v1/contacts'), 403, 'forbidden');
});

test('the admin deletes an unreferenced record; others may not', async () => {
  const c = await o.ok('officer', 'POST', '/api/v1/contacts', bodies.contact());
  assertError(await o.call('officer', 'DELETE', `/api/v1/contacts/${c.id}`), 403, 'forbidden');
  await o.ok('admin', 'DELETE', `/api/v1/contacts/${c.id}`);
  assertError(await o.call('officer', 'GET', `/api/v1/contacts/${c.id}`), 404, 'not_found');
  const audit = await o.ok('admin', 'GET', `/api/v1/audit?entity=contact&entity_id=${c.id}&action=delete`);
  assert.equal(audit.items[0].before.name, c.name);
});

const upload = (who, entity, id, file, name = '批件.pdf') => {
  const m = multipart(name, file);
  return o.call(who, 'POST', `/api/v1/attachments?entity=${entity}&entity_id=${id}`, m.body, { headers: { 'Content-Type': m.type } });
};

test('attachments: upload a PDF to a trip, list, download with its name', async () => {
  await o.plan(2);
  const t = await o.draft({ who: 'shangwu' });
  created.trip = t;
  const r = await upload('shangwu', 'delegation', t.id, PDF);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.mime_type, 'application/pdf');
  assert.equal(r.json.filename, '批件.pdf');
  assert.equal(r.json.size_bytes, PDF.length);
  const list = await o.ok('shangwu', 'GET', `/api/v1/attachments?entity=delegation&entity_id=${t.id}`);
  assert.equal(list.total, 1);
  const res = await fetch(`${srv.url}/api/v1/attachments/${r.json.id}`, { headers: { Authorization: `Bearer ${await o.as('shangwu')}` } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition'), /filename\*=UTF-8''%E6%89%B9%E4%BB%B6\.pdf/);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), PDF);
  created.attachment = r.json;
});

test('attachments: wrong type, too large, someone else\'s record, unknown record, not multipart', async () => {
  assertError(await upload('officer', 'delegation', created.trip.id, ELF, 'tool.pdf'), 415, 'unsupported_type', 'file');
  // refused on its declared length before the body is read: the client may see the 413, or the
  // connection closed while it is still sending
  const big = await upload('officer', 'delegation', created.trip.id, Buffer.concat([PDF, Buffer.alloc(21 * 1024 * 1024, 32)])).catch(() => null);
  if (big) assertError(big, 413, 'payload_too_large');
  assertError(await upload('jiaoyu', 'delegation', created.trip.id, PDF), 403, 'forbidden');
  assertError(await o.call('jiaoyu', 'GET', `/api/v1/attachments/${created.attachment.id}`), 403, 'forbidden');
  assertError(await o.call('jiaoyu', 'GET', `/api/v1/attachments?entity=delegation&entity_id=${created.trip.id}`), 403, 'forbidden');
  assertError(await upload('officer', 'delegation', 999999, PDF), 404, 'not_found');
  assertError(await upload('officer', 'planet', 1, PDF), 422, 'invalid', 'entity');
  assertError(await upload('viewer', 'delegation', created.trip.id, PDF), 403, 'forbidden');
  assertError(await o.call('officer', 'POST', `/api/v1/attachments?entity=delegation&entity_id=${created.trip.id}`, { file: 'x' }), 422, 'invalid', 'file');
  const r = await upload('officer', 'case', 1, PDF);
  assert.equal(r.status, 201, r.text);
  assertError(await o.call('shangwu', 'GET', `/api/v1/attachments/${r.json.id}`), 403, 'forbidden');
  assert.equal((await upload('officer', 'reception', created.reception.id, PDF)).status, 201);
  assert.equal((await upload('officer', 'exchange', created.exchange.id, PDF)).status, 201);
  const list = await o.ok('officer', 'GET', `/api/v1/attachments?entity=delegation&entity_id=${created.trip.id}`);
  assert.equal(list.total, 1, 'refused uploads stored nothing');
});

test('to-do: each kind appears for its role and disappears when resolved', async () => {
  const kinds = async (who) => (await o.ok(who, 'GET', '/api/v1/todo')).items.map((x) => x.kind);
  // a submitted trip waits for the officer's preliminary review
  const t = await o.draft();
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/publicity`, { start_date: addDays(today(), -14) });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/submit`);
  assert.ok((await kinds('officer')).includes('preliminary_waiting'));
  assert.ok(!(await kinds('viewer')).includes('preliminary_waiting'));
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/preliminary`, { decision: 'approve' });
  assert.ok(!(await o.ok('officer', 'GET', '/api/v1/todo')).items.some((x) => x.kind === 'preliminary_waiting' && x.entity_id === t.id));
  // a session waits for each reviewer's vote
  const s = await o.ok('officer', 'POST', '/api/v1/review-sessions', { date: today(), title: '会审', delegation_ids: [t.id] });
  assert.ok((await kinds('reviewer2')).includes('vote_waiting'));
  await o.ok('reviewer2', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for' });
  assert.ok(!(await kinds('reviewer2')).includes('vote_waiting'));
  assert.ok((await kinds('reviewer1')).includes('vote_waiting'));
  // a passing vote held by a block waits for the director
  await o.rule('max_members', { params: { max: 1 } });
  await o.ok('reviewer1', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for' });
  await o.ok('director', 'POST', `/api/v1/review-sessions/${s.id}/close`);
  await o.rule('max_members', { params: { max: 6 } });
  assert.ok((await kinds('director')).includes('override_waiting'));
  await o.ok('director', 'POST', `/api/v1/delegations/${t.id}/override`, { reason: '经研究同意' });
  assert.ok(!(await kinds('director')).includes('override_waiting'));
  // APEC card expiring within 90 days (approved above, 60 days left)
  assert.ok((await kinds('officer')).includes('abtc_expiring'));
  // greetings within 14 days
  const soon = addDays(today(), 5).slice(5);
  const c = await o.ok('officer', 'POST', '/api/v1/contacts', bodies.contact({ national_day: soon, name: '马丁' }));
  const greet = (await o.ok('officer', 'GET', '/api/v1/todo')).items.find((x) => x.kind === 'greeting' && x.entity_id === c.id);
  assert.ok(greet);
  assert.match(greet.message, /马丁.*国庆日.*致信祝贺/);
  await o.ok('officer', 'PATCH', `/api/v1/contacts/${c.id}`, { national_day: addDays(today(), 40).slice(5) });
  assert.ok(!(await o.ok('officer', 'GET', '/api/v1/todo')).items.some((x) => x.kind === 'greeting' && x.entity_id === c.id));
  // an open case older than 30 days
  const old = await o.ok('officer', 'POST', '/api/v1/cases', bodies.case({ received_on: addDays(today(), -45) }));
  assert.ok((await o.ok('officer', 'GET', '/api/v1/todo')).items.some((x) => x.kind === 'case_open' && x.entity_id === old.id));
  await o.ok('officer', 'POST', `/api/v1/cases/${old.id}/start`, { date: today() });
  await o.ok('officer', 'POST', `/api/v1/cases/${old.id}/answer`, { date: today() });
  await o.ok('officer', 'POST', `/api/v1/cases/${old.id}/close`, { date: today(), resolution: '已妥善处置' });
  assert.ok(!(await o.ok('officer', 'GET', '/api/v1/todo')).items.some((x) => x.kind === 'case_open' && x.entity_id === old.id));
  // most urgent first; unit users see only their unit's trip items
  const all = (await o.ok('officer', 'GET', '/api/v1/todo')).items.map((x) => x.due_on);
  assert.deepEqual(all, [...all].sort());
  // one unprepared departure of the 市教育局 (unit 3, jiaoyu's) and one of the 市商务局 (unit 2)
  await o.rule('within_plan', { enabled: false });
  await o.rule('zero_growth', { enabled: false });
  const ours = await o.approved({ unit_id: 3, fields: { depart_date: addDays(today(), 3) } });
  const theirs = await o.approved({ unit_id: 2, fields: { depart_date: addDays(today(), 3) } });
  const officerItems = (await o.ok('officer', 'GET', '/api/v1/todo')).items.filter((x) => x.kind === 'departure_unprepared');
  assert.deepEqual(officerItems.map((x) => x.entity_id).filter((id) => id === ours.id || id === theirs.id).sort(), [ours.id, theirs.id].sort());
  const unit = await o.ok('jiaoyu', 'GET', '/api/v1/todo');
  assert.deepEqual(unit.items.map((x) => `${x.kind}:${x.entity_id}`), [`departure_unprepared:${ours.id}`]);
});

test('the audit chain verifies', async () => {
  const { cli } = require('./lib');
  assert.equal(cli(['audit', '--db', srv.db, 'verify']).status, 0);
});

test('server stops cleanly', async () => { await srv.stop(); });
