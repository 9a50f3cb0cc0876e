// The full demo data set: a year of trips in every state, consistent with
// the server's own rules, so the demo shows the whole lifecycle.
'use strict';
const { test, startServer, assert, cli, demoDatabase } = require('./lib');
const { Office } = require('./trips');

let srv, o;
test('the demo database starts', async () => {
  srv = await startServer({ db: demoDatabase({ full: true }) });
  o = new Office(srv);
});

test('the demo has trips in every state, with approval numbers, reviews and passports', async () => {
  const all = await o.ok('officer', 'GET', '/api/v1/delegations?per_page=200');
  const states = new Set(all.items.map((t) => t.status));
  for (const s of ['draft', 'submitted', 'preliminary_approved', 'approved', 'rejected', 'departed', 'returned', 'closed', 'cancelled']) {
    assert.ok(states.has(s), `no ${s} trip`);
  }
  for (const t of all.items.filter((x) => ['approved', 'departed', 'returned', 'closed'].includes(x.status))) {
    assert.match(t.approval_no, /^外审〔\d{4}〕\d+号$/);
  }
  const departed = all.items.find((t) => t.status === 'departed');
  const issued = await o.ok('officer', 'GET', `/api/v1/passports?delegation_id=${departed.id}`);
  assert.ok(issued.total >= 1 && issued.items.every((p) => p.status === 'issued'));
  const sessions = await o.ok('reviewer1', 'GET', '/api/v1/review-sessions?status=open');
  assert.equal(sessions.total, 1);
  const open = await o.ok('reviewer1', 'GET', `/api/v1/review-sessions/${sessions.items[0].id}`);
  assert.equal(open.items[0].votes.length, 2);
});

test('this year and last year both have figures for the quota', async () => {
  const q = await o.ok('viewer', 'GET', '/api/v1/quota');
  assert.ok(q.last_year.batches > 0 && q.approved.batches > 0);
  assert.ok(q.remaining.batches >= 0, 'the demo city keeps zero growth');
  const letters = await o.ok('officer', 'GET', '/api/v1/letters?per_page=200');
  assert.deepEqual([...new Set(letters.items.map((l) => l.kind))].sort(), ['introduction', 'invitation', 'visa_service']);
  const reminders = await o.ok('officer', 'GET', '/api/v1/reminders');
  assert.ok(reminders.total >= 1);
});

test('the demo covers every register with realistic content', async () => {
  const cities = await o.ok('viewer', 'GET', '/api/v1/sister-cities?per_page=200');
  assert.ok(new Set(cities.items.map((c) => c.region)).size >= 5, 'sister cities from several regions');
  const cases = await o.ok('officer', 'GET', '/api/v1/cases?per_page=200');
  assert.deepEqual([...new Set(cases.items.map((c) => c.category))].sort(), ['consular', 'death_injury', 'economic', 'labour', 'other', 'public_order']);
  const info = await o.ok('officer', 'GET', '/api/v1/info-items?per_page=200');
  const bodies = new Set(info.items.flatMap((i) => i.adopted_by.map((a) => a.body)));
  assert.ok(bodies.size >= 3, 'adopted by several bodies');
  for (const path of ['receptions', 'exchanges', 'abtc', 'contacts']) {
    assert.ok((await o.ok('officer', 'GET', `/api/v1/${path}`)).total > 0, path);
  }
  const guests = await o.ok('officer', 'GET', '/api/v1/receptions?per_page=200');
  assert.deepEqual([...new Set(guests.items.map((r) => r.guest_type))].sort(), ['domestic', 'foreign']);
  assert.ok((await o.ok('officer', 'GET', '/api/v1/exchanges/pairings')).total >= 2);
  const kinds = new Set((await o.ok('officer', 'GET', '/api/v1/todo')).items.map((x) => x.kind));
  for (const k of ['greeting', 'case_open', 'abtc_expiring', 'preliminary_waiting']) assert.ok(kinds.has(k), k);
});

test('the demo\'s audit chain verifies', async () => {
  assert.equal(cli(['audit', '--db', srv.db, 'verify']).status, 0);
});

test('server stops cleanly', async () => { await srv.stop(); });
