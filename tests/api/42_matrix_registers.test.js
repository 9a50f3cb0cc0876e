// The permission matrix for the registers, attachments and the to-do list:
// 2xx for the roles that may (on a fresh record), 403 for the others, 401
// without a session.
'use strict';
const { test, startServer, api, assert } = require('./lib');
const { Office, today, addDays, uniq } = require('./trips');
const { bodies, multipart, PDF } = require('./registers');

const WHO = { admin: 'admin', officer: 'officer', reviewer: 'reviewer1', director: 'director', unit: 'shangwu', viewer: 'viewer', county: 'county' };
const ALL = Object.keys(WHO);
const OFFICE = ['admin', 'officer'];
const READ = ['admin', 'officer', 'director', 'viewer'];
const ADMIN = ['admin'];

let srv, o;
const make = async (path, body) => (await o.ok('officer', 'POST', path, body)).id;
const city = () => make('/api/v1/sister-cities', bodies.sisterCity());
// The county officer is asked about records of its own subtree (unit 6, under the county 5).
let UNIT = 2;
const reception = () => make('/api/v1/receptions', bodies.reception({ host_unit_id: UNIT }));
const exchange = async () => make('/api/v1/exchanges', bodies.exchange(await city()));
const abtc = () => make('/api/v1/abtc', bodies.abtc());
const abtcSubmitted = async () => { const id = await abtc(); await o.ok('officer', 'POST', `/api/v1/abtc/${id}/submit`, { date: today() }); return id; };
const kase = () => make('/api/v1/cases', bodies.case());
const kaseAt = async (steps) => { const id = await kase(); for (const s of steps) await o.ok('officer', 'POST', `/api/v1/cases/${id}/${s}`, { date: today() }); return id; };
const info = () => make('/api/v1/info-items', bodies.infoItem());
const contact = () => make('/api/v1/contacts', bodies.contact());
const trips = {};
const attachment = async () => {
  const m = multipart('a.pdf', PDF);
  const r = await api(srv, 'POST', `/api/v1/attachments?entity=delegation&entity_id=${trips[UNIT].id}`, { token: await o.as('officer'), body: m.body, headers: { 'Content-Type': m.type } });
  return r.json.id;
};

// [method, route pattern, path maker, allowed roles, body maker, extra request options maker]
const IMPORT_FILES = {
  delegations: '申报单位,团组名称,出访类别,出访国家(地区),出发日期,回国日期,经费预算(元),批准日期,人数\n市商务局,历史团组,考察,泰国,2024-03-01,2024-03-05,1000,2024-02-01,2\n',
  letters: '类别,日期,申请单位,事由,人数\n介绍信,2024-02-01,市商务局,办理签证,1\n',
  receptions: '团组名称,宾客类别,团组类别,国家(地区),人数,抵达日期,离开日期,接待单位\n访问团,外宾,商务团,泰国,5,2024-06-01,2024-06-02,市外事办公室\n',
  'sister-cities': null,
  abtc: '申请人,企业,状态,申请日期\n某人,某公司,已申请,2024-01-05\n',
  cases: '受理日期,类别,涉及国籍,当事人,案情摘要,状态\n2024-02-02,劳务,越南,阮某,纠纷,受理\n',
  'info-items': '标题,报送日期,撰稿人,报送单位\n信息,2024-02-02,王丽,省外办\n',
  'funding-standards': '国家(地区),城市,币种,住宿费(每人每晚),伙食费(每人每天),公杂费(每人每天)\nFR,测试城市,EUR,1,1,1\n',
};
const importFile = (register) => {
  const text = IMPORT_FILES[register] || `中文名称,外文名称,国家,地区,关系\n城市${uniq()},City,FR,欧洲,友好城市\n`;
  const m = multipart('data.csv', Buffer.from(text));
  return { body: m.body, headers: { 'Content-Type': m.type } };
};

const MATRIX = [
  ['GET', '/api/v1/todo', () => '/api/v1/todo', ALL],
  ['GET', '/api/v1/reports/summary', () => `/api/v1/reports/summary?from=${today().slice(0, 4)}-01-01&to=${today()}`, [...READ, 'county']], // a county reads its subtree's
  ['GET', '/api/v1/receptions', () => '/api/v1/receptions', [...READ, 'unit', 'county']],
  ['POST', '/api/v1/receptions', () => '/api/v1/receptions', OFFICE, () => bodies.reception()],
  ['GET', '/api/v1/receptions/{id}', async () => `/api/v1/receptions/${await reception()}`, [...READ, 'unit', 'county']],
  ['PATCH', '/api/v1/receptions/{id}', async () => `/api/v1/receptions/${await reception()}`, OFFICE, () => ({ persons: 9 })],
  ['DELETE', '/api/v1/receptions/{id}', async () => `/api/v1/receptions/${await reception()}`, ADMIN],
  ['GET', '/api/v1/sister-cities', () => '/api/v1/sister-cities', ALL],
  ['GET', '/api/v1/sister-cities/coverage', () => '/api/v1/sister-cities/coverage', ALL],
  ['POST', '/api/v1/sister-cities', () => '/api/v1/sister-cities', OFFICE, () => bodies.sisterCity()],
  ['GET', '/api/v1/sister-cities/{id}', async () => `/api/v1/sister-cities/${await city()}`, ALL],
  ['PATCH', '/api/v1/sister-cities/{id}', async () => `/api/v1/sister-cities/${await city()}`, OFFICE, () => ({ notes: '互访频繁' })],
  ['DELETE', '/api/v1/sister-cities/{id}', async () => `/api/v1/sister-cities/${await city()}`, ADMIN],
  ['GET', '/api/v1/exchanges', () => '/api/v1/exchanges', READ],
  ['GET', '/api/v1/exchanges/pairings', () => '/api/v1/exchanges/pairings', READ],
  ['POST', '/api/v1/exchanges', async (fx) => { fx.city = await city(); return '/api/v1/exchanges'; }, OFFICE, (fx) => bodies.exchange(fx.city || 1)],
  ['GET', '/api/v1/exchanges/{id}', async () => `/api/v1/exchanges/${await exchange()}`, READ],
  ['PATCH', '/api/v1/exchanges/{id}', async () => `/api/v1/exchanges/${await exchange()}`, OFFICE, () => ({ persons: 3 })],
  ['DELETE', '/api/v1/exchanges/{id}', async () => `/api/v1/exchanges/${await exchange()}`, ADMIN],
  ['GET', '/api/v1/abtc', () => '/api/v1/abtc', READ],
  ['GET', '/api/v1/abtc/stats', () => '/api/v1/abtc/stats', READ],
  ['POST', '/api/v1/abtc', () => '/api/v1/abtc', OFFICE, () => bodies.abtc()],
  ['GET', '/api/v1/abtc/{id}', async () => `/api/v1/abtc/${await abtc()}`, READ],
  ['PATCH', '/api/v1/abtc/{id}', async () => `/api/v1/abtc/${await abtc()}`, OFFICE, () => ({ company: '新公司' })],
  ['DELETE', '/api/v1/abtc/{id}', async () => `/api/v1/abtc/${await abtc()}`, ADMIN],
  ['POST', '/api/v1/abtc/{id}/submit', async () => `/api/v1/abtc/${await abtc()}/submit`, OFFICE, () => ({ date: today() })],
  ['POST', '/api/v1/abtc/{id}/approve', async () => `/api/v1/abtc/${await abtcSubmitted()}/approve`, OFFICE, () => ({ date: today(), card_no: `C${uniq()}`, expiry_date: addDays(today(), 900) })],
  ['POST', '/api/v1/abtc/{id}/reject', async () => `/api/v1/abtc/${await abtcSubmitted()}/reject`, OFFICE, () => ({ date: today() })],
  ['GET', '/api/v1/cases', () => '/api/v1/cases', READ],
  ['POST', '/api/v1/cases', () => '/api/v1/cases', OFFICE, () => bodies.case()],
  ['GET', '/api/v1/cases/{id}', async () => `/api/v1/cases/${await kase()}`, READ],
  ['PATCH', '/api/v1/cases/{id}', async () => `/api/v1/cases/${await kase()}`, OFFICE, () => ({ parties: '当事人' })],
  ['DELETE', '/api/v1/cases/{id}', async () => `/api/v1/cases/${await kase()}`, ADMIN],
  ['POST', '/api/v1/cases/{id}/start', async () => `/api/v1/cases/${await kaseAt([])}/start`, OFFICE, () => ({ date: today() })],
  ['POST', '/api/v1/cases/{id}/answer', async () => `/api/v1/cases/${await kaseAt(['start'])}/answer`, OFFICE, () => ({ date: today() })],
  ['POST', '/api/v1/cases/{id}/close', async () => `/api/v1/cases/${await kaseAt(['start', 'answer'])}/close`, OFFICE, () => ({ date: today(), resolution: '已处理' })],
  ['GET', '/api/v1/info-items', () => '/api/v1/info-items', READ],
  ['GET', '/api/v1/info-items/stats', () => '/api/v1/info-items/stats', READ],
  ['POST', '/api/v1/info-items', () => '/api/v1/info-items', OFFICE, () => bodies.infoItem()],
  ['GET', '/api/v1/info-items/{id}', async () => `/api/v1/info-items/${await info()}`, READ],
  ['PATCH', '/api/v1/info-items/{id}', async () => `/api/v1/info-items/${await info()}`, OFFICE, () => ({ author: '李强' })],
  ['DELETE', '/api/v1/info-items/{id}', async () => `/api/v1/info-items/${await info()}`, ADMIN],
  ['GET', '/api/v1/contacts', () => '/api/v1/contacts', READ],
  ['POST', '/api/v1/contacts', () => '/api/v1/contacts', OFFICE, () => bodies.contact()],
  ['GET', '/api/v1/contacts/{id}', async () => `/api/v1/contacts/${await contact()}`, READ],
  ['PATCH', '/api/v1/contacts/{id}', async () => `/api/v1/contacts/${await contact()}`, OFFICE, () => ({ phone: '0771-1234567' })],
  ['DELETE', '/api/v1/contacts/{id}', async () => `/api/v1/contacts/${await contact()}`, ADMIN],
  ['POST', '/api/v1/attachments', () => `/api/v1/attachments?entity=delegation&entity_id=${trips[UNIT].id}`, ['admin', 'officer', 'unit', 'county'], null, () => { const m = multipart('x.pdf', PDF); return { body: m.body, headers: { 'Content-Type': m.type } }; }],
  ['POST', '/api/v1/import/delegations', () => '/api/v1/import/delegations', OFFICE, null, () => importFile('delegations')],
  ['GET', '/api/v1/import/delegations/template', () => '/api/v1/import/delegations/template', OFFICE],
  ['POST', '/api/v1/import/letters', () => '/api/v1/import/letters', OFFICE, null, () => importFile('letters')],
  ['GET', '/api/v1/import/letters/template', () => '/api/v1/import/letters/template', OFFICE],
  ['POST', '/api/v1/import/receptions', () => '/api/v1/import/receptions', OFFICE, null, () => importFile('receptions')],
  ['GET', '/api/v1/import/receptions/template', () => '/api/v1/import/receptions/template', OFFICE],
  ['POST', '/api/v1/import/sister-cities', () => '/api/v1/import/sister-cities', OFFICE, null, () => importFile('sister-cities')],
  ['GET', '/api/v1/import/sister-cities/template', () => '/api/v1/import/sister-cities/template', OFFICE],
  ['POST', '/api/v1/import/abtc', () => '/api/v1/import/abtc', OFFICE, null, () => importFile('abtc')],
  ['GET', '/api/v1/import/abtc/template', () => '/api/v1/import/abtc/template', OFFICE],
  ['POST', '/api/v1/import/cases', () => '/api/v1/import/cases', OFFICE, null, () => importFile('cases')],
  ['GET', '/api/v1/import/cases/template', () => '/api/v1/import/cases/template', OFFICE],
  ['POST', '/api/v1/import/info-items', () => '/api/v1/import/info-items', OFFICE, null, () => importFile('info-items')],
  ['GET', '/api/v1/import/info-items/template', () => '/api/v1/import/info-items/template', OFFICE],
  // issue 16: the 516 standards are the administrator's
  ['POST', '/api/v1/import/funding-standards', () => '/api/v1/import/funding-standards', ADMIN, null, () => importFile('funding-standards')],
  ['GET', '/api/v1/import/funding-standards/template', () => '/api/v1/import/funding-standards/template', ADMIN],
  ['GET', '/api/v1/funding-standards', () => '/api/v1/funding-standards', ALL],
  ['GET', '/api/v1/attachments', () => `/api/v1/attachments?entity=delegation&entity_id=${trips[UNIT].id}`, ALL],
  ['GET', '/api/v1/attachments/{id}', async () => `/api/v1/attachments/${await attachment()}`, ALL],
  ['DELETE', '/api/v1/attachments/{id}', async () => `/api/v1/attachments/${await attachment()}`, ADMIN],
];

test('server starts with a trip of unit 2 to attach files to', async () => {
  srv = await startServer();
  o = new Office(srv);
  for (const unit of [2, 6]) {
    await o.plan(unit);
    trips[unit] = await o.draft({ unit_id: unit });
  }
});

test('every register route answers 2xx to allowed roles, 403 to others, 401 without a session', async () => {
  const failures = [];
  for (const [method, pattern, pathOf, allowed, bodyOf, optsOf] of MATRIX) {
    const refusedFx = {};
    const refusedPath = await pathOf(refusedFx);
    const opts = (fx) => (optsOf ? optsOf() : { body: bodyOf ? bodyOf(fx) : undefined });
    const anon = await api(srv, method, refusedPath, opts(refusedFx));
    if (anon.status !== 401) failures.push(`${method} ${pattern} anonymous: ${anon.status}`);
    for (const [role, who] of Object.entries(WHO)) {
      const may = allowed.includes(role);
      const fx = may ? {} : refusedFx;
      UNIT = role === 'county' && may ? 6 : 2;
      const path = may ? await pathOf(fx) : refusedPath;
      const r = await api(srv, method, path, { token: await o.as(who), ...opts(fx) });
      UNIT = 2;
      const ok = may ? r.status >= 200 && r.status < 300 : r.status === 403;
      if (!ok) failures.push(`${method} ${pattern} as ${role}: ${r.status} ${r.text.slice(0, 160)}, want ${may ? '2xx' : '403'}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('server stops cleanly', async () => { await srv.stop(); });

module.exports = { MATRIX };
