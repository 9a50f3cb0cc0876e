// Invitation applications (邀请外国人来华): draft -> submitted -> approved |
// rejected by the approver the setting names, the certain checks, the number
// of the year, the letter approval creates (counted by the register and the
// report as before) and the invitation letter and notification as PDF.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { test, startServer, assertError, assert, tempDir } = require('./lib');
const { Office, addDays, today, uniq } = require('./trips');

let srv, o;
const zh = { lang: 'zh-CN' };
const person = (over = {}) => ({ name: 'Hans Müller', nationality: 'DE', passport_no: `C${uniq().slice(-9)}`, birth_date: '1970-05-01', position: '董事长', ...over });
const body = (over = {}) => ({
  unit_id: 2, purpose: '来我市洽谈投资合作', arrive_date: addDays(today(), 30), leave_date: addDays(today(), 35),
  visa_post: '中国驻德国大使馆', persons: [person()], ...over,
});
const create = (over, who = 'shangwu') => o.ok(who, 'POST', '/api/v1/invitations', body(over));
const act = (who, inv, action, b) => o.call(who, 'POST', `/api/v1/invitations/${inv.id}/${action}`, b, zh);
const year = () => Number(today().slice(0, 4));
const summaryLetters = async () => (await o.ok('officer', 'GET', `/api/v1/reports/summary?from=${year()}-01-01&to=${year()}-12-31`)).letters.invitation;

test('server starts', async () => {
  srv = await startServer();
  o = new Office(srv);
});

test('a draft is checked on what is certain: fields, lengths, future dates, passport letters and digits, nationality, unit', async () => {
  const bad = async (over, field, code = 'invalid') => assertError(await o.call('shangwu', 'POST', '/api/v1/invitations', body(over), zh), 422, code, field);
  await bad({ persons: [person({ passport_no: 'C-1234567' })] }, 'persons');
  await bad({ persons: [person({ nationality: 'CN' })] }, 'persons');
  await bad({ persons: [person({ nationality: 'XX' })] }, 'persons');
  await bad({ persons: [person({ birth_date: addDays(today(), 1) })] }, 'persons');
  await bad({ persons: [person({ position: undefined })] }, 'persons', 'required');
  await bad({ persons: [] }, 'persons');
  const twice = person();
  await bad({ persons: [twice, { ...twice, name: '同一人' }] }, 'persons');
  await bad({ arrive_date: today() }, 'arrive_date');
  await bad({ leave_date: addDays(today(), 29) }, 'leave_date');
  await bad({ purpose: 'x' }, 'purpose');
  await bad({ visa_post: undefined }, 'visa_post', 'required');
  assertError(await o.call('shangwu', 'POST', '/api/v1/invitations', body({ unit_id: 3 })), 403, 'forbidden', 'unit_id');
  const r = await o.call('shangwu', 'POST', '/api/v1/invitations', body({ persons: [person({ passport_no: 'C-1' })] }), zh);
  assert.match(r.json.error.message, /第1位被邀请人/);
});

test('a draft is edited by its unit; once submitted it is not; the unit cannot decide', async () => {
  const inv = await create();
  assert.equal(inv.status, 'draft');
  assert.equal(inv.unit_name, '市商务局');
  assert.equal(inv.persons.length, 1);
  const edited = await o.ok('shangwu', 'PATCH', `/api/v1/invitations/${inv.id}`, { version: inv.version, persons: [person(), person({ name: 'Anna Schmidt', position: '经理' })] });
  assert.equal(edited.persons.length, 2);
  assertError(await o.call('shangwu', 'PATCH', `/api/v1/invitations/${inv.id}`, { version: inv.version, purpose: '旧版本' }), 409, 'stale', 'version');
  assertError(await o.call('jiaoyu', 'GET', `/api/v1/invitations/${inv.id}`), 403, 'forbidden');
  const s = await act('shangwu', inv, 'submit');
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.status, 'submitted');
  assert.equal(s.json.submitted_on, today());
  assertError(await o.call('shangwu', 'PATCH', `/api/v1/invitations/${inv.id}`, { purpose: '再改一次事由' }), 409, 'invalid_transition');
  assertError(await act('shangwu', inv, 'approve'), 403, 'forbidden');
});

let first, second;
test('the director approves (the setting says director): a number of the year, and the invitation letter in the register and the report', async () => {
  const before = await summaryLetters();
  const inv = await create({ persons: [person(), person({ name: 'Nguyen Van An', nationality: 'VN' })] });
  await act('shangwu', inv, 'submit');
  const officer = await act('officer', inv, 'approve');
  assertError(officer, 403, 'forbidden');
  assert.match(officer.json.error.message, /外办主任/);
  const r = await act('director', inv, 'approve', { comment: '同意邀请' });
  assert.equal(r.status, 200, r.text);
  first = r.json;
  assert.equal(first.status, 'approved');
  const m = /^外邀〔(\d{4})〕(\d+)号$/.exec(first.invitation_no);
  assert.ok(m, first.invitation_no);
  assert.equal(Number(m[1]), year());
  assert.ok(first.letter_id > 0);
  const letter = await o.ok('shangwu', 'GET', `/api/v1/letters/${first.letter_id}`);
  assert.equal(letter.kind, 'invitation');
  assert.equal(letter.invitation_id, first.id);
  assert.equal(letter.invitation_no, first.invitation_no);
  assert.equal(letter.person_count, 2);
  assert.equal(letter.date, today());
  assert.deepEqual(letter.persons.map((p) => p.nationality), ['DE', 'VN']);
  const after = await summaryLetters();
  assert.equal(after.batches - before.batches, 1);
  assert.equal(after.persons - before.persons, 2);
  assertError(await o.call('officer', 'PATCH', `/api/v1/letters/${first.letter_id}`, { purpose: '改写' }), 409, 'invalid_transition');
  assertError(await act('director', inv, 'approve'), 409, 'invalid_transition');
  // the next approval takes the next number of the year
  const inv2 = await create();
  await act('shangwu', inv2, 'submit');
  second = (await act('admin', inv2, 'approve')).json;
  const m2 = /^外邀〔(\d{4})〕(\d+)号$/.exec(second.invitation_no);
  assert.equal(Number(m2[2]), Number(m[2]) + 1);
});

test('nobody is invited twice for overlapping dates; other dates are fine', async () => {
  const p = first.persons[0];
  const overlap = await create({ arrive_date: addDays(today(), 33), leave_date: addDays(today(), 40), persons: [{ ...p, name: '同一护照' }] });
  const r = await act('shangwu', overlap, 'submit');
  assertError(r, 409, 'duplicate_person', 'persons');
  assert.match(r.json.error.message, /日期重叠/);
  const other = await create({ arrive_date: addDays(today(), 36), leave_date: addDays(today(), 40), persons: [p] });
  assert.equal((await act('shangwu', other, 'submit')).status, 200);
  const sameNumberOtherCountry = await create({ persons: [{ ...p, nationality: 'AT' }] });
  assert.equal((await act('shangwu', sameNumberOtherCountry, 'submit')).status, 200);
});

test('a rejection needs its reason; the setting can hand decisions to the officers', async () => {
  const inv = await create();
  await act('shangwu', inv, 'submit');
  assertError(await act('director', inv, 'reject', {}), 422, 'invalid', 'comment');
  const r = await act('director', inv, 'reject', { comment: '邀请事由不充分' });
  assert.equal(r.json.status, 'rejected');
  assert.equal(r.json.invitation_no, null);
  await o.ok('admin', 'PUT', '/api/v1/policies', { invitation_approver: 'officer' });
  try {
    const inv2 = await create();
    await act('shangwu', inv2, 'submit');
    assertError(await act('director', inv2, 'approve'), 403, 'forbidden');
    assert.equal((await act('officer', inv2, 'approve')).json.status, 'approved');
  } finally { await o.ok('admin', 'PUT', '/api/v1/policies', { invitation_approver: 'director' }); }
});

test('an inactive inviting unit cannot submit', async () => {
  const u = await o.ok('officer', 'POST', '/api/v1/units', { name: `临时单位${uniq()}`, level: 'enterprise' });
  const inv = await create({ unit_id: u.id }, 'officer');
  await o.ok('officer', 'POST', `/api/v1/units/${u.id}/deactivate`);
  assertError(await act('officer', inv, 'submit'), 422, 'invalid', 'unit_id');
});

test('the invitation letter and the notification to the visa post carry the number, as PDF', async () => {
  const get = async (p) => {
    const res = await fetch(srv.url + p, { headers: { Authorization: `Bearer ${await o.as('shangwu')}` } });
    assert.equal(res.status, 200, p);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const file = path.join(tempDir(), 'f.pdf');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    return execFileSync('pdftotext', [file, '-']).toString('utf8').replace(/\s+/g, '');
  };
  const letter = await get(`/api/v1/invitations/${first.id}/letter`);
  assert.ok(letter.includes(first.invitation_no), letter);
  assert.ok(letter.includes('邀请函'));
  assert.ok(letter.includes(first.persons[0].passport_no));
  const notice = await get(`/api/v1/invitations/${first.id}/notification`);
  assert.ok(notice.includes(first.invitation_no));
  assert.ok(notice.includes('中国驻德国大使馆'));
  const old = await get(`/api/v1/letters/${first.letter_id}/invitation-form`);
  assert.ok(old.includes(first.invitation_no), 'the register letter prints the number too');
  const draft = await create();
  assertError(await o.call('shangwu', 'GET', `/api/v1/invitations/${draft.id}/letter`), 409, 'invalid_transition');
});

test('the list pages and filters, scoped to the unit', async () => {
  const all = await o.ok('officer', 'GET', '/api/v1/invitations?status=approved&per_page=2');
  assert.equal(all.items.length, 2);
  assert.ok(all.total >= 3);
  assert.ok(all.items.every((x) => x.status === 'approved' && x.person_count >= 1));
  const theirs = await o.ok('jiaoyu', 'GET', '/api/v1/invitations');
  assert.equal(theirs.total, 0);
});

test('server stops cleanly', async () => { await srv.stop(); });
