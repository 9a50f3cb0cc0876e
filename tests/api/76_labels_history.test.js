// The code dictionary (GET /labels), a trip's own history for everyone who
// may read the trip (GET /delegations/{id}/history), and the sign-in page's
// demo flag (GET /login-info).
'use strict';
const { test, startServer, api, assert, newDatabaseUrl, cli } = require('./lib');
const { Office, addDays, today } = require('./trips');

let srv, o;
test('server starts', async () => {
  srv = await startServer();
  o = new Office(srv);
  await o.plan(2);
  await o.rule('zero_growth', { enabled: false });
});

test('every enumeration has its Chinese and English label, in one answer without a session', async () => {
  const r = await api(srv, 'GET', '/api/v1/labels');
  assert.equal(r.status, 200, r.text);
  const l = r.json;
  for (const kind of ['role', 'status', 'category', 'guest_type', 'reception_category', 'region', 'relation', 'case_status', 'abtc_status',
    'review_status', 'review_outcome', 'audit_action', 'entity', 'vote', 'passport_status']) {
    assert.ok(Array.isArray(l[kind]) && l[kind].length >= 2, `${kind} listed`);
    for (const item of l[kind]) {
      assert.match(item.key, /^[a-z_]+$/);
      assert.match(item.zh, /[\u4e00-\u9fff]/, `${kind}.${item.key} has a Chinese label`);
      assert.ok(item.en && !/[\u4e00-\u9fff]/.test(item.en), `${kind}.${item.key} has an English label`);
    }
  }
  const zh = (kind, key) => l[kind].find((x) => x.key === key)?.zh;
  assert.equal(zh('status', 'closed'), '已办结');
  assert.equal(zh('guest_type', 'foreign'), '外宾');
  assert.equal(zh('reception_category', 'sister_city_government'), '友城政府团');
  assert.equal(zh('audit_action', 'commitment'), '签署承诺书');
  assert.match(zh('review_outcome', 'blocked'), /主任特批/);
  assert.deepEqual(l.status.map((x) => x.key).slice(0, 2), ['draft', 'submitted'], 'in the order people read them');
});

test('every trip state and every audit action the trip routes write has a label', async () => {
  const l = (await api(srv, 'GET', '/api/v1/labels')).json;
  const keys = (kind) => new Set(l[kind].map((x) => x.key));
  for (const s of ['draft', 'submitted', 'preliminary_approved', 'approved', 'rejected', 'departed', 'returned', 'closed', 'cancelled']) assert.ok(keys('status').has(s), s);
  for (const a of ['create', 'update', 'submit', 'preliminary', 'publicity', 'approve', 'override', 'briefing', 'commitment', 'depart', 'return', 'report', 'close', 'cancel', 'review_tally', 'vote', 'issue'])
    assert.ok(keys('audit_action').has(a), a);
});

test('a unit user reads its own trip\'s history: each step with who, when, what it set', async () => {
  const t = await o.draft({ who: 'shangwu' });
  await o.ok('shangwu', 'POST', `/api/v1/delegations/${t.id}/publicity`, { start_date: addDays(today(), -14) });
  await o.ok('shangwu', 'POST', `/api/v1/delegations/${t.id}/submit`);
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/preliminary`, { decision: 'approve', comment: '材料齐全,同意' });
  await o.review([t]);
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/briefing`, { date: today(), reminder_card: true });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/commitments`, { person_id: t.people[0].id, date: today() });
  const audit = await o.call('shangwu', 'GET', `/api/v1/audit?entity=delegation&entity_id=${t.id}`);
  assert.equal(audit.status, 403, 'the audit log stays for oversight roles');
  const r = await o.call('shangwu', 'GET', `/api/v1/delegations/${t.id}/history`);
  assert.equal(r.status, 200, r.text);
  const actions = r.json.items.map((e) => e.action);
  assert.deepEqual(actions, ['create', 'publicity', 'submit', 'preliminary', 'review_tally', 'briefing', 'commitment']);
  const by = (a) => r.json.items.find((e) => e.action === a);
  assert.equal(by('create').username, 'shangwu');
  assert.equal(by('create').display_name, '市商务局申报员');
  assert.match(by('create').at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(by('submit').from_status, 'draft');
  assert.equal(by('submit').to_status, 'submitted');
  assert.equal(by('preliminary').username, 'officer');
  assert.equal(by('preliminary').changes.preliminary_comment, '材料齐全,同意');
  assert.equal(by('publicity').changes.publicity_start, addDays(today(), -14));
  assert.equal(by('review_tally').review.outcome, 'approved');
  assert.equal(by('review_tally').review.votes_for, 3);
  assert.equal(by('review_tally').changes.approved_on, today());
  assert.equal(by('briefing').changes.briefing_date, today());
  assert.deepEqual(by('commitment').signed, [t.people[0].name]);
  assert.ok(!('before' in by('create')) && !('after' in by('create')), 'only what changed, not whole records');
  assert.ok(!JSON.stringify(r.json).includes('updated_at'));
});

test('the history shows passport issue and return events of the trip', async () => {
  const t = await o.approved();
  const p = t.people[0];
  await o.ok('officer', 'POST', `/api/v1/passports/${p.passport.id}/issue`, { delegation_id: t.id, date: today() });
  await o.ok('officer', 'POST', `/api/v1/passports/${p.passport.id}/return`, { date: today() });
  const h = await o.ok('viewer', 'GET', `/api/v1/delegations/${t.id}/history`);
  assert.deepEqual(h.passport_events.map((e) => e.kind), ['issued', 'returned']);
  assert.equal(h.passport_events[0].person_name, p.name);
  assert.equal(h.passport_events[0].number, p.passport.number);
});

test('another unit cannot read a trip\'s history; a missing trip is 404', async () => {
  const t = await o.draft({ who: 'shangwu' });
  const r = await o.call('jiaoyu', 'GET', `/api/v1/delegations/${t.id}/history`);
  assert.equal(r.status, 403, r.text);
  assert.equal((await o.call('officer', 'GET', '/api/v1/delegations/999999/history')).status, 404);
});

test('the sign-in page learns whether the database holds the demo data', async () => {
  const demo = await api(srv, 'GET', '/api/v1/login-info');
  assert.equal(demo.status, 200);
  assert.equal(demo.json.demo_data, true);
  const db = newDatabaseUrl();
  assert.equal(cli(['init', '--db', db]).status, 0);
  const plain = await startServer({ db });
  try {
    const r = await api(plain, 'GET', '/api/v1/login-info');
    assert.equal(r.status, 200);
    assert.equal(r.json.demo_data, false);
  } finally { await plain.stop(); }
});

test('server stops cleanly', async () => { await srv.stop(); });
