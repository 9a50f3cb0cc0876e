// Behaviour of the routes that the permission matrices reach only for their
// status: each one's effect read back, and for every change its audit entry
// (who, action, before and after). /healthz and /version answer facts checked
// against the command line and the database.
'use strict';
const { test, startServer, api, assertError, assert, cli, rawSql, today, addDays } = require('./lib');
const { Office } = require('./trips');
const { bodies, multipart, PDF } = require('./registers');

let srv, o;
test('server starts', async () => {
  srv = await startServer();
  o = new Office(srv);
});

// The newest audit entry of one record.
async function lastAudit(entity, id) {
  const a = await o.ok('admin', 'GET', `/api/v1/audit?entity=${entity}&entity_id=${id}&per_page=1`);
  assert.ok(a.total >= 1, `no audit entry for ${entity} ${id}`);
  return a.items[0];
}
// An edit carries the record's version when records have one.
const edit = (rec, changes) => ({ ...changes, ...(rec.version !== undefined ? { version: rec.version } : {}) });

test('GET /healthz names the office\'s date and zone; GET /version the binary and schema', async () => {
  const h = await api(srv, 'GET', '/healthz');
  assert.equal(h.status, 200);
  assert.deepEqual(h.json, { status: 'ok', today: today(), time_zone: 'Asia/Shanghai' });
  const v = await api(srv, 'GET', '/api/v1/version');
  assert.equal(v.status, 200);
  assert.equal(v.json.name, 'waishi');
  assert.equal(`waishi ${v.json.version}`, /^waishi \S+/.exec(cli(['version']).stdout)[0]);
  assert.equal(v.json.schema, Number(rawSql(srv.db, 'SELECT MAX(version) FROM schema_migrations')));
  assert.equal(v.json.schema_supported, v.json.schema);
});

test('the server\'s today is the office\'s local date, whatever the zone of the machine', async () => {
  // 23:30 UTC on 31 December is already 1 January in Beijing
  const late = await startServer({ db: srv.db, env: { WAISHI_NOW: '2030-12-31T23:30:00Z', WAISHI_CLOCK_OFFSET: '0', TZ: 'UTC' } });
  try {
    assert.equal((await api(late, 'GET', '/healthz')).json.today, '2031-01-01');
  } finally { await late.stop(); }
  const elsewhere = await startServer({ db: srv.db, env: { WAISHI_NOW: '2030-12-31T23:30:00Z', WAISHI_CLOCK_OFFSET: '0', WAISHI_TIMEZONE: 'Europe/Berlin' } });
  try {
    const h = (await api(elsewhere, 'GET', '/healthz')).json;
    assert.deepEqual([h.today, h.time_zone], ['2031-01-01', 'Europe/Berlin']);
  } finally { await elsewhere.stop(); }
  const r = cli(['version'], { env: { WAISHI_TIMEZONE: 'Mars/Olympus' } });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown time zone Mars\/Olympus/);
});

test('PATCH /passports/{id} changes the expiry, audited', async () => {
  const p = (await o.person()).passport;
  const expiry = addDays(today(), 2000);
  const u = await o.ok('officer', 'PATCH', `/api/v1/passports/${p.id}`, edit(p, { expiry_date: expiry }));
  assert.equal(u.expiry_date, expiry);
  assert.equal((await o.ok('officer', 'GET', `/api/v1/passports/${p.id}`)).expiry_date, expiry);
  const a = await lastAudit('passport', p.id);
  assert.deepEqual([a.action, a.username, a.before.expiry_date, a.after.expiry_date], ['update', 'officer', p.expiry_date, expiry]);
});

test('GET and PATCH /plans/{id}', async () => {
  const year = Number(today().slice(0, 4)) + 1;
  const created = await o.ok('officer', 'POST', '/api/v1/plans', { year, unit_id: 3, batches: 4, persons: 12, budget_cny: 300000 });
  const got = await o.ok('viewer', 'GET', `/api/v1/plans/${created.id}`);
  assert.deepEqual([got.year, got.unit_id, got.batches, got.persons, got.budget_cny], [year, 3, 4, 12, 300000]);
  const u = await o.ok('officer', 'PATCH', `/api/v1/plans/${created.id}`, edit(got, { batches: 5, budget_cny: 350000.5 }));
  assert.deepEqual([u.batches, u.budget_cny], [5, 350000.5]);
  assert.equal((await o.ok('viewer', 'GET', `/api/v1/plans/${created.id}`)).batches, 5);
  const a = await lastAudit('plan', created.id);
  assert.deepEqual([a.action, a.before.batches, a.after.batches], ['update', 4, 5]);
  assertError(await o.call('officer', 'GET', '/api/v1/plans/999999'), 404, 'not_found');
});

test('GET /letters/{id} and GET /cases/{id} read back what was written', async () => {
  const letter = await o.ok('officer', 'POST', '/api/v1/letters', { kind: 'introduction', date: today(), unit_id: 2, purpose: '赴使馆办理签证', persons: [{ name: '李明' }, { name: '王芳' }] });
  const l = await o.ok('shangwu', 'GET', `/api/v1/letters/${letter.id}`);
  assert.deepEqual([l.kind, l.date, l.unit_id, l.purpose, l.persons.map((x) => x.name)], ['introduction', today(), 2, '赴使馆办理签证', ['李明', '王芳']]);
  assertError(await o.call('jiaoyu', 'GET', `/api/v1/letters/${letter.id}`), 403, 'forbidden');
  const c = await o.ok('officer', 'POST', '/api/v1/cases', bodies.case({ parties: '越南籍务工人员阮某某' }));
  const got = await o.ok('officer', 'GET', `/api/v1/cases/${c.id}`);
  assert.deepEqual([got.status, got.received_on, got.category, got.parties], ['received', addDays(today(), -3), 'labour', '越南籍务工人员阮某某']);
});

// PATCH: one field changed, read back, audited with before and after.
const patches = [
  ['sister-cities', 'sister_city', () => o.ok('officer', 'POST', '/api/v1/sister-cities', bodies.sisterCity()), { name_local: 'Nouvelle Ville' }],
  ['exchanges', 'exchange', async () => o.ok('officer', 'POST', '/api/v1/exchanges', bodies.exchange((await o.ok('officer', 'POST', '/api/v1/sister-cities', bodies.sisterCity())).id)), { persons: 15 }],
  ['abtc', 'abtc', () => o.ok('officer', 'POST', '/api/v1/abtc', bodies.abtc()), { company: '东盟物流有限公司' }],
  ['cases', 'case', () => o.ok('officer', 'POST', '/api/v1/cases', bodies.case()), { summary: '劳务纠纷,已协调用人单位支付工资' }],
  ['info-items', 'info_item', () => o.ok('officer', 'POST', '/api/v1/info-items', bodies.infoItem()), { author: '张伟' }],
];
for (const [route, entity, create, change] of patches) {
  test(`PATCH /${route}/{id} changes the field, audited`, async () => {
    const rec = await create();
    const [field, value] = Object.entries(change)[0];
    assert.notEqual(rec[field], value);
    const u = await o.ok('officer', 'PATCH', `/api/v1/${route}/${rec.id}`, edit(rec, change));
    assert.equal(u[field], value);
    assert.equal((await o.ok('officer', 'GET', `/api/v1/${route}/${rec.id}`))[field], value);
    const a = await lastAudit(entity, rec.id);
    assert.deepEqual([a.action, a.username, a.before[field], a.after[field]], ['update', 'officer', rec[field], value]);
  });
}

// DELETE by the administrator: gone, and the audit keeps the record as it was.
const deletes = [
  ['receptions', 'reception', () => o.ok('officer', 'POST', '/api/v1/receptions', bodies.reception())],
  ['exchanges', 'exchange', async () => o.ok('officer', 'POST', '/api/v1/exchanges', bodies.exchange((await o.ok('officer', 'POST', '/api/v1/sister-cities', bodies.sisterCity())).id))],
  ['abtc', 'abtc', () => o.ok('officer', 'POST', '/api/v1/abtc', bodies.abtc())],
  ['cases', 'case', () => o.ok('officer', 'POST', '/api/v1/cases', bodies.case())],
  ['info-items', 'info_item', () => o.ok('officer', 'POST', '/api/v1/info-items', bodies.infoItem())],
  ['attachments', 'attachment', async () => {
    const c = await o.ok('officer', 'POST', '/api/v1/cases', bodies.case());
    const m = multipart('批件.pdf', PDF);
    const r = await o.call('officer', 'POST', `/api/v1/attachments?entity=case&entity_id=${c.id}`, m.body, { headers: { 'Content-Type': m.type } });
    assert.equal(r.status, 201, r.text);
    return r.json;
  }],
];
for (const [route, entity, create] of deletes) {
  test(`DELETE /${route}/{id} removes it, audited with the record as it was`, async () => {
    const rec = await create();
    const res = await o.call('admin', 'DELETE', `/api/v1/${route}/${rec.id}`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { ok: true });
    assertError(await o.call('admin', 'GET', `/api/v1/${route}/${rec.id}`), 404, 'not_found');
    const a = await lastAudit(entity, rec.id);
    assert.deepEqual([a.action, a.username, a.after], ['delete', 'admin', null]);
    assert.equal(a.before.id, rec.id);
  });
}

test('the audit chain verifies; the server stops cleanly', async () => {
  assert.equal(cli(['audit', '--db', srv.db, 'verify']).status, 0);
  await srv.stop();
});
