// Decisions that cannot race (DESIGN.md "Integrity under concurrency"): two
// requests fired at once on one record must end exactly as if they had run
// one after the other - one refused with 409, or both applied in the one
// order where both are legal - and the record and its audit trail must tell
// that same story. Real parallel HTTP clients, 20 rounds each. Also: edits
// carry a version (409 stale), deputies vote only as designated, and every
// reference in a body goes through the caller's unit scope.
'use strict';
const { test, startServer, race, assert, assertError } = require('./lib');
const { Office, addDays, today } = require('./trips');

const ROUNDS = 20;
let srv, o, people;

// One request of `who`, to be raced: [who, method, path, body].
async function spec([who, method, path, body]) { return { method, path, body, token: await o.as(who) }; }
// Both requests reach the server at the same moment (last-byte sync, lib.race).
async function together(a, b) { return race(srv, [await spec(a), await spec(b)]); }

// The audit entries of one trip, oldest first, as {action, before, after} with states.
async function trail(entity, id) {
  const r = await o.ok('admin', 'GET', `/api/v1/audit?entity=${entity}&entity_id=${id}&per_page=100&sort=id`);
  return r.items.map((e) => ({ action: e.action, before: e.before, after: e.after }));
}

// Each entry's "before" is the previous entry's "after": the trail is one serial story.
function assertSerialTrail(entries) {
  for (let i = 1; i < entries.length; i++) {
    const prev = entries[i - 1].after, cur = entries[i].before;
    assert.ok(prev && cur, `entry ${i} (${entries[i].action}) lacks before/after`);
    assert.equal(cur.status, prev.status, `entry ${i} (${entries[i].action}) starts from ${cur.status}, the previous ended ${prev.status}`);
    assert.equal(cur.version, prev.version, `entry ${i} (${entries[i].action}) starts from version ${cur.version}, the previous ended ${prev.version}`);
  }
}

// A trip of unit 2 (one non-cadre member) brought to `state`.
async function tripIn(state) {
  const t = await o.draft({ members: [people[0]], fields: { depart_date: addDays(today(), 40) } });
  if (state === 'draft') return t;
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/publicity`, { start_date: addDays(today(), -14) });
  await o.ok('shangwu', 'POST', `/api/v1/delegations/${t.id}/submit`);
  if (state === 'submitted') return t;
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/preliminary`, { decision: 'approve' });
  if (state === 'preliminary_approved') return t;
  await o.ok('director', 'POST', `/api/v1/delegations/${t.id}/approve`, { date: today() });
  return t;
}

test('server starts with room in the plan, joint review off (the director approves)', async () => {
  srv = await startServer();
  o = new Office(srv);
  await o.plan(2, Number(today().slice(0, 4)), { batches: 10000, persons: 100000, budget_cny: 1e10 });
  await o.ok('admin', 'PUT', '/api/v1/policies', { joint_review_required: false });
  await o.rule('zero_growth', { enabled: false });
  people = [await o.person({ cadre: false }), await o.person({ cadre: false })];
});

test('cancel and preliminary approval at once: the trip ends cancelled, never approved after its cancel', async () => {
  const seen = new Set();
  for (let i = 0; i < ROUNDS; i++) {
    const t = await tripIn('submitted');
    const [cancel, prelim] = await together(
      ['shangwu', 'POST', `/api/v1/delegations/${t.id}/cancel`, { reason: '邀请方取消活动' }],
      ['officer', 'POST', `/api/v1/delegations/${t.id}/preliminary`, { decision: 'approve' }]);
    assert.equal(cancel.status, 200, cancel.text);
    const after = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`);
    assert.equal(after.status, 'cancelled');
    assert.ok(after.cancel_reason && after.cancelled_on);
    const actions = (await trail('delegation', t.id)).filter((e) => e.action !== 'create');
    if (prelim.status === 200) {
      seen.add('preliminary first');
      assert.deepEqual(actions.map((e) => e.action), ['publicity', 'submit', 'preliminary', 'cancel']);
      assert.equal(actions[3].before.status, 'preliminary_approved');
    } else {
      seen.add('cancel first');
      assertError(prelim, 409, 'invalid_transition');
      assert.match(prelim.json.error.message, /已取消/);
      assert.deepEqual(actions.map((e) => e.action), ['publicity', 'submit', 'cancel']);
    }
    assertSerialTrail(await trail('delegation', t.id));
  }
  assert.ok(seen.size >= 1);
});

test('approval and cancel at once: both legal only as approve-then-cancel, and the record says so', async () => {
  for (let i = 0; i < ROUNDS; i++) {
    const t = await tripIn('preliminary_approved');
    const [approve, cancel] = await together(
      ['director', 'POST', `/api/v1/delegations/${t.id}/approve`, { date: today() }],
      ['officer', 'POST', `/api/v1/delegations/${t.id}/cancel`, { reason: '经费调整' }]);
    assert.equal(cancel.status, 200, cancel.text);
    const after = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`);
    assert.equal(after.status, 'cancelled');
    const actions = (await trail('delegation', t.id)).map((e) => e.action);
    if (approve.status === 200) {
      assert.ok(after.approval_no, 'an approval that succeeded left its number');
      assert.deepEqual(actions.slice(-2), ['approve', 'cancel']);
    } else {
      assertError(approve, 409, 'invalid_transition');
      assert.equal(after.approval_no, null);
      assert.equal(actions.at(-1), 'cancel');
      assert.ok(!actions.includes('approve'));
    }
    assertSerialTrail(await trail('delegation', t.id));
  }
});

test('two approvals at once: exactly one wins, one approval number is used', async () => {
  for (let i = 0; i < ROUNDS; i++) {
    const t = await tripIn('preliminary_approved');
    const answers = await together(
      ['director', 'POST', `/api/v1/delegations/${t.id}/approve`, { date: today() }],
      ['admin', 'POST', `/api/v1/delegations/${t.id}/approve`, { date: today() }]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409], answers.map((r) => r.text).join('\n'));
    assertError(answers.find((r) => r.status === 409), 409, 'invalid_transition');
    const actions = (await trail('delegation', t.id)).map((e) => e.action);
    assert.equal(actions.filter((a) => a === 'approve').length, 1);
  }
  const all = await o.ok('officer', 'GET', '/api/v1/delegations?status=approved&per_page=100');
  const numbers = all.items.map((x) => x.approval_no);
  assert.equal(new Set(numbers).size, numbers.length, 'approval numbers are unique');
});

test('a vote and the session close at once: the vote counts only if it came first', async () => {
  for (let i = 0; i < ROUNDS; i++) {
    const t = await tripIn('preliminary_approved');
    const s = await o.ok('officer', 'POST', '/api/v1/review-sessions', { date: today(), title: `会审${i}`, delegation_ids: [t.id] });
    await o.ok('reviewer1', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for' });
    await o.ok('reviewer2', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for' });
    const [vote, close] = await together(
      ['reviewer3', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'against' }],
      ['director', 'POST', `/api/v1/review-sessions/${s.id}/close`]);
    assert.equal(close.status, 200, close.text);
    const item = close.json.items[0];
    const final = await o.ok('officer', 'GET', `/api/v1/review-sessions/${s.id}`);
    if (vote.status === 200) {
      assert.equal(item.tally.against, 1, 'the vote cast before the close is in the tally');
      assert.equal(final.items[0].votes.length, 3);
    } else {
      assertError(vote, 409, 'invalid_transition');
      assert.equal(item.tally.against, 0);
      assert.equal(final.items[0].votes.length, 2, 'a refused vote is not stored');
    }
    assert.equal(final.status, 'closed');
  }
});

test('the same passport issued twice at once: one issue, one refusal, one event', async () => {
  for (let i = 0; i < ROUNDS / 2; i++) {
    const p = await o.person({ cadre: false });
    const a = await o.draft({ members: [p] }), b = await o.draft({ members: [p] });
    for (const t of [a, b]) {
      await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/publicity`, { start_date: addDays(today(), -14) });
      await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/submit`);
      await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/preliminary`, { decision: 'approve' });
      await o.ok('director', 'POST', `/api/v1/delegations/${t.id}/approve`, { date: today() });
    }
    const answers = await together(
      ['officer', 'POST', `/api/v1/passports/${p.passport.id}/issue`, { delegation_id: a.id, date: today() }],
      ['admin', 'POST', `/api/v1/passports/${p.passport.id}/issue`, { delegation_id: b.id, date: today() }]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409], answers.map((r) => r.text).join('\n'));
    assertError(answers.find((r) => r.status === 409), 409, 'invalid_transition');
    const pp = await o.ok('officer', 'GET', `/api/v1/passports/${p.passport.id}`);
    assert.equal(pp.status, 'issued');
    assert.equal(pp.events.filter((e) => e.kind === 'issued').length, 1);
    const winner = answers.find((r) => r.status === 200).json;
    assert.equal(pp.delegation_id, winner.delegation_id);
  }
});

test('one trip put on two open sessions at once: one agenda holds it', async () => {
  for (let i = 0; i < ROUNDS; i++) {
    const t = await tripIn('preliminary_approved');
    const answers = await together(
      ['officer', 'POST', '/api/v1/review-sessions', { date: today(), title: `甲${i}`, delegation_ids: [t.id] }],
      ['admin', 'POST', '/api/v1/review-sessions', { date: today(), title: `乙${i}`, delegation_ids: [t.id] }]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409], answers.map((r) => r.text).join('\n'));
    assertError(answers.find((r) => r.status === 409), 409, 'conflict');
    const open = await o.ok('officer', 'GET', '/api/v1/review-sessions?status=open&per_page=100');
    let holding = 0;
    for (const s of open.items) {
      const full = await o.ok('officer', 'GET', `/api/v1/review-sessions/${s.id}`);
      holding += full.items.filter((x) => x.delegation_id === t.id).length;
    }
    assert.equal(holding, 1);
    const winner = answers.find((r) => r.status === 201).json;
    await o.ok('officer', 'POST', `/api/v1/review-sessions/${winner.id}/close`);
  }
});

test('two edits from one version at once: one applies, the other is 409 stale and changes nothing', async () => {
  for (let i = 0; i < ROUNDS; i++) {
    const t = await tripIn('draft');
    const v = t.version;
    assert.equal(typeof v, 'number');
    const answers = await together(
      ['officer', 'PATCH', `/api/v1/delegations/${t.id}`, { title: `甲方案${i}`, version: v }],
      ['shangwu', 'PATCH', `/api/v1/delegations/${t.id}`, { title: `乙方案${i}`, version: v }]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409], answers.map((r) => r.text).join('\n'));
    const lost = answers.find((r) => r.status === 409), won = answers.find((r) => r.status === 200);
    assertError(lost, 409, 'stale', 'version');
    const after = await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`);
    assert.equal(after.title, won.json.title);
    assert.equal(after.version, v + 1);
    assert.equal((await trail('delegation', t.id)).filter((e) => e.action === 'update').length, 1);
  }
});

test('version: every answer carries it, every change advances it, If-Match works, no version still applies', async () => {
  const p = await o.ok('officer', 'POST', '/api/v1/persons', { name: '版本测试', gender: 'female', unit_id: 2, rank: 'none' });
  assert.equal(p.version, 1);
  const p2 = await o.ok('officer', 'PATCH', `/api/v1/persons/${p.id}`, { position: '科长', version: 1 });
  assert.equal(p2.version, 2);
  assertError(await o.call('officer', 'PATCH', `/api/v1/persons/${p.id}`, { position: '处长', version: 1 }), 409, 'stale', 'version');
  assertError(await o.call('officer', 'PATCH', `/api/v1/persons/${p.id}`, { position: '处长' }, { headers: { 'If-Match': '"1"' } }), 409, 'stale');
  assert.equal((await o.ok('officer', 'GET', `/api/v1/persons/${p.id}`)).position, '科长', 'a stale edit changed nothing');
  const p3 = await o.call('officer', 'PATCH', `/api/v1/persons/${p.id}`, { position: '处长' }, { headers: { 'If-Match': '"2"' } });
  assert.equal(p3.status, 200, p3.text);
  assert.equal(p3.json.version, 3);
  const p4 = await o.ok('officer', 'PATCH', `/api/v1/persons/${p.id}`, { position: '副处长' });
  assert.equal(p4.version, 4, 'without a version the change applies');
  assertError(await o.call('officer', 'PATCH', `/api/v1/persons/${p.id}`, { position: 'x', version: 'abc' }), 422, 'invalid', 'version');
  const t = await tripIn('draft');
  assertError(await o.call('shangwu', 'POST', `/api/v1/delegations/${t.id}/submit`, { version: t.version + 1 }), 409, 'stale', 'version');
  assert.equal((await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`)).status, 'draft', 'a refused action changed nothing');
  const sub = await o.call('shangwu', 'POST', `/api/v1/delegations/${t.id}/submit`, { version: (await o.ok('officer', 'GET', `/api/v1/delegations/${t.id}`)).version });
  assert.equal(sub.status, 200, sub.text);
});

test('a vote cast in person is never replaced by someone else', async () => {
  const t = await tripIn('preliminary_approved');
  const s = await o.ok('officer', 'POST', '/api/v1/review-sessions', { date: today(), title: '代投测试', delegation_ids: [t.id] });
  const r1 = (await o.ok('reviewer1', 'GET', '/api/v1/me')).id, r3 = (await o.ok('reviewer3', 'GET', '/api/v1/me')).id;
  await o.ok('reviewer1', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for' });
  // not designated: refused
  assertError(await o.call('reviewer3', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'against', on_behalf_of: r1 }), 403, 'forbidden', 'on_behalf_of');
  // designated after reviewer1 voted in person: the deputy still cannot replace that vote
  await o.ok('officer', 'POST', `/api/v1/review-sessions/${s.id}/deputies`, { reviewer_id: r1, deputy_id: r3 });
  assertError(await o.call('reviewer3', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'against', on_behalf_of: r1 }), 409, 'conflict', 'on_behalf_of');
  const live = await o.ok('officer', 'GET', `/api/v1/review-sessions/${s.id}`);
  const v1 = live.items[0].votes.find((v) => v.reviewer_id === r1);
  assert.equal(v1.decision, 'for');
  assert.equal(v1.cast_by, r1);
  assert.equal(live.items[0].tally.against, 0);
});

test('deputies: designation, proxy vote counted for the absent member, no in-person vote meanwhile, revocation only before the proxy vote', async () => {
  const t = await tripIn('preliminary_approved');
  const s = await o.ok('officer', 'POST', '/api/v1/review-sessions', { date: today(), title: '委托测试', delegation_ids: [t.id] });
  const ids = {};
  for (const r of ['reviewer1', 'reviewer2', 'reviewer3']) ids[r] = (await o.ok(r, 'GET', '/api/v1/me')).id;
  // a reviewer names a deputy only for themself; the deputy must be on the panel
  assertError(await o.call('reviewer2', 'POST', `/api/v1/review-sessions/${s.id}/deputies`, { reviewer_id: ids.reviewer1, deputy_id: ids.reviewer2 }), 403, 'forbidden');
  assertError(await o.call('officer', 'POST', `/api/v1/review-sessions/${s.id}/deputies`, { reviewer_id: ids.reviewer1, deputy_id: 1 }), 422, 'invalid', 'deputy_id');
  assertError(await o.call('officer', 'POST', `/api/v1/review-sessions/${s.id}/deputies`, { reviewer_id: ids.reviewer1, deputy_id: ids.reviewer1 }), 422, 'invalid', 'deputy_id');
  const d = await o.ok('reviewer1', 'POST', `/api/v1/review-sessions/${s.id}/deputies`, { reviewer_id: ids.reviewer1, deputy_id: ids.reviewer2 });
  assert.deepEqual(d.deputies.map((x) => [x.reviewer_id, x.deputy_id]), [[ids.reviewer1, ids.reviewer2]]);
  assertError(await o.call('officer', 'POST', `/api/v1/review-sessions/${s.id}/deputies`, { reviewer_id: ids.reviewer1, deputy_id: ids.reviewer3 }), 409, 'duplicate');
  // revoked before any proxy vote, then designated again
  await o.ok('officer', 'DELETE', `/api/v1/review-sessions/${s.id}/deputies/${ids.reviewer1}`);
  assertError(await o.call('officer', 'DELETE', `/api/v1/review-sessions/${s.id}/deputies/${ids.reviewer1}`), 404, 'not_found');
  await o.ok('officer', 'POST', `/api/v1/review-sessions/${s.id}/deputies`, { reviewer_id: ids.reviewer1, deputy_id: ids.reviewer2 });
  // the absent member cannot vote in person while the designation stands; another reviewer cannot proxy
  assertError(await o.call('reviewer1', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for' }), 409, 'conflict');
  assertError(await o.call('reviewer3', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for', on_behalf_of: ids.reviewer1 }), 403, 'forbidden');
  // the proxy vote counts for reviewer1 in quorum and tally
  const live = await o.ok('reviewer2', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for', on_behalf_of: ids.reviewer1 });
  const proxy = live.items[0].votes.find((v) => v.reviewer_id === ids.reviewer1);
  assert.equal(proxy.cast_by, ids.reviewer2);
  assert.equal(proxy.is_on_behalf, true);
  assert.match(proxy.on_behalf_label, /^代投:.+代.+$/);
  assert.equal(live.items[0].tally.for, 1);
  // only until a vote for the member exists; revocation now refused
  assertError(await o.call('reviewer2', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'against', on_behalf_of: ids.reviewer1 }), 409, 'conflict');
  assertError(await o.call('reviewer1', 'DELETE', `/api/v1/review-sessions/${s.id}/deputies/${ids.reviewer1}`), 409, 'conflict');
  // reviewer2 votes in person too; 2 of 3 members voted: quorum 2/3 met, both for
  const both = await o.ok('reviewer2', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'for' });
  assert.equal(both.items[0].tally.for, 2);
  assert.equal(both.items[0].tally.quorum_met, true);
  // changing one's own vote is audited with before and after
  await o.ok('reviewer2', 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: 'abstain' });
  const changes = (await trail('review_session', s.id)).filter((e) => e.action === 'vote_change');
  assert.equal(changes.length, 1);
  assert.equal(changes[0].before.decision, 'for');
  assert.equal(changes[0].after.decision, 'abstain');
  const closed = await o.ok('director', 'POST', `/api/v1/review-sessions/${s.id}/close`);
  assert.deepEqual([closed.items[0].tally.for, closed.items[0].tally.abstain], [1, 1]);
  // 2 of 3 voted (quorum 2/3 met); 1 for of 2 cast is not more than half: rejected
  assert.equal(closed.items[0].outcome, 'rejected');
});

test('a unit references only its own people: a foreign member is 403 and the answer names nobody', async () => {
  const foreign = await o.ok('officer', 'POST', '/api/v1/persons', { name: '他单位人员甲', gender: 'male', unit_id: 3, rank: 'division', is_cadre: true, position: '处长' });
  assertError(await o.call('shangwu', 'GET', `/api/v1/persons/${foreign.id}`), 403, 'forbidden');
  const own = await o.ok('shangwu', 'POST', '/api/v1/persons', { name: '本单位人员乙', gender: 'female', unit_id: 2, rank: 'none' });
  const r = await o.call('shangwu', 'POST', '/api/v1/delegations', {
    unit_id: 2, title: '越权团组', task: '考察', category: 'business', inviter: '德国某公司',
    depart_date: addDays(today(), 50), return_date: addDays(today(), 53), budget_cny: 1000,
    destinations: [{ country: 'DE', city: '柏林', days: 4 }],
    members: [{ person_id: own.id, is_leader: true }, { person_id: foreign.id }],
  });
  assertError(r, 403, 'forbidden', 'members');
  assert.ok(!r.text.includes('他单位人员甲') && !r.text.includes('处长'), r.text);
  const mine = await o.ok('shangwu', 'GET', '/api/v1/delegations?q=越权团组');
  assert.equal(mine.total, 0, 'nothing was created');
  // the same reference from an office user is allowed (a city delegation may mix units)
  const ok = await o.call('officer', 'POST', '/api/v1/delegations', {
    unit_id: 2, title: '联合团组', task: '考察', category: 'business', inviter: '德国某公司',
    depart_date: addDays(today(), 50), return_date: addDays(today(), 53), budget_cny: 1000,
    destinations: [{ country: 'DE', city: '柏林', days: 4 }],
    members: [{ person_id: own.id, is_leader: true }, { person_id: foreign.id }],
  });
  assert.equal(ok.status, 201, ok.text);
  // a unit cannot edit that trip's members to other units' people either: it is its own trip (unit 2) in draft
  const edit = await o.call('shangwu', 'PATCH', `/api/v1/delegations/${ok.json.id}`, { members: [{ person_id: foreign.id, is_leader: true }] });
  assertError(edit, 403, 'forbidden', 'members');
});

test('server stops cleanly', async () => { await srv.stop(); });
