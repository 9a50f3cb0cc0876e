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

test('the demo\'s audit chain verifies', async () => {
  assert.equal(cli(['audit', '--db', srv.db, 'verify']).status, 0);
});

test('server stops cleanly', async () => { await srv.stop(); });
