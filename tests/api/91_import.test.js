// Import of past years' spreadsheets: templates, good files for every
// register (.xlsx and .csv, UTF-8 and GB18030), all or nothing with every bad
// row named, a 100 000-row file, and last year's figures in the summary.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { test, startServer, api, assertError, assert, cli, tempDir } = require('./lib');
const { Office } = require('./trips');
const { multipart } = require('./registers');
const { xlsx, serial, fillWorkbook } = require('./xlsx');

let srv, o;
const Y = new Date().getUTCFullYear() - 1;

const csv = (rows) => Buffer.from(rows.map((r) => r.join(',')).join('\n') + '\n', 'utf8');
const upload = async (register, buffer, name = 'data.csv') => {
  const m = multipart(name, buffer);
  return api(srv, 'POST', `/api/v1/import/${register}`, { token: await o.as('officer'), body: m.body, headers: { 'Content-Type': m.type } });
};

test('server starts', async () => { srv = await startServer(); o = new Office(srv); });

test('every register has a template with its Chinese headers', async () => {
  for (const [register, header] of [['delegations', '批准日期'], ['letters', '申请单位'], ['receptions', '宾客类别'], ['sister-cities', '外文名称'], ['abtc', '企业'], ['cases', '涉及国籍'], ['info-items', '录用单位']]) {
    const res = await fetch(`${srv.url}/api/v1/import/${register}/template`, { headers: { Authorization: `Bearer ${await o.as('officer')}` } });
    assert.equal(res.status, 200, register);
    const file = path.join(tempDir(), `${register}.xlsx`);
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    assert.ok(execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml']).toString().includes(header), register);
  }
});

test('a template holds only its header row, lists each column\'s allowed values, and imports once filled in', async () => {
  const res = await fetch(`${srv.url}/api/v1/import/receptions/template`, { headers: { Authorization: `Bearer ${await o.as('officer')}` } });
  const file = path.join(tempDir(), 'receptions-template.xlsx');
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const sheet1 = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml']).toString();
  assert.equal((sheet1.match(/<row /g) || []).length, 1, 'only the header row: no hint row read as data');
  const strings = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml']).toString();
  assert.match(strings, /填写说明|必填/);
  assert.match(strings, /可填:外宾、内宾/);
  assert.match(strings, /友城政府团、友城学生团/);
  assert.match(execFileSync('unzip', ['-p', file, 'xl/workbook.xml']).toString(), /name="填写说明"/);
  const empty = await upload('receptions', fs.readFileSync(file), 'template.xlsx');
  assert.notEqual(empty.status, 201, 'the untouched template imports nothing');
  const filled = fillWorkbook(file, [['模板来访团', '外宾', '友城政府团', '越南', '', '6', `${Y - 1}-05-01`, `${Y - 1}-05-03`, '市外事办公室', '']]);
  const r = await upload('receptions', filled, 'filled.xlsx');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.imported, 1);
  const list = await o.ok('officer', 'GET', '/api/v1/receptions?q=模板来访团');
  assert.equal(list.total, 1);
  assert.equal(list.items[0].guest_type, 'foreign');
  assert.equal(list.items[0].country, 'VN');
});

test('last year\'s trips come in from Excel, dates as Excel day numbers, persons by count or names', async () => {
  const file = xlsx([
    ['申报单位', '团组名称', '出访类别', '出访国家(地区)', '出发日期', '回国日期', '经费预算(元)', '批准日期', '人数', '成员'],
    ['市商务局', '赴泰国经贸考察团', '考察', '泰国', serial(`${Y}-03-01`), serial(`${Y}-03-05`), 60000, serial(`${Y}-02-10`), 3, ''],
    ['市教育局', '赴英国培训团', 'training', '英国、法国', `${Y}-04-01`, `${Y}-04-08`, '75000.50', `${Y}-03-10`, '', '张三、李四'],
  ]);
  const r = await upload('delegations', file, 'trips.xlsx');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.imported, 2);
  const list = await o.ok('officer', 'GET', `/api/v1/delegations?year=${Y}`);
  assert.equal(list.total, 2);
  assert.deepEqual(list.items.map((t) => t.member_count).sort(), [2, 3]);
  assert.ok(list.items.every((t) => t.status === 'closed' && /^外审〔\d{4}〕\d+号$/.test(t.approval_no)));
  const two = list.items.find((t) => t.title === '赴英国培训团');
  const detail = await o.ok('officer', 'GET', `/api/v1/delegations/${two.id}`);
  assert.deepEqual(detail.destinations.map((d) => d.country), ['GB', 'FR']);
  assert.equal(detail.destinations.reduce((s, d) => s + d.days, 0), 8);
  assert.equal(detail.imported_members, '张三、李四');
  const summary = await o.ok('officer', 'GET', `/api/v1/reports/summary?from=${Y + 1}-01-01&to=${Y + 1}-06-30`);
  assert.equal(summary.delegations.last_year.batches, 2);
  assert.equal(summary.delegations.last_year.persons, 5);
  assert.equal(summary.delegations.last_year.budget_cny, 135000.5);
});

test('letters, receptions, sister cities, APEC cards, cases and information items come in from CSV', async () => {
  const files = {
    letters: [['类别', '日期', '申请单位', '事由', '人数', '人员'], ['介绍信', `${Y}-02-01`, '市商务局', '办理签证', '', '张三、李四'], ['因私签证', `${Y}-02-03`, '市教育局', '代办签证', '5', '']],
    receptions: [['团组名称', '宾客类别', '团组类别', '国家(地区)', '人数', '抵达日期', '离开日期', '接待单位'], ['越南代表团', '外宾', '友城政府团', '越南', '9', `${Y}-03-01`, `${Y}-03-02`, '市外事办公室'], ['兄弟城市考察团', '内宾', '其他', '', '15', `${Y}-04-01`, `${Y}-04-01`, '市外事办公室']],
    'sister-cities': [['中文名称', '外文名称', '国家', '地区', '关系', '缔结日期'], ['岘港', 'Da Nang', 'VN', '东盟', '友好城市', '1999-05-18'], ['清迈', 'Chiang Mai', '泰国', '东盟', '友好交流城市', '']],
    abtc: [['申请人', '企业', '状态', '申请日期', '报送日期', '批准日期', '卡号', '有效期至'], ['林海', '东盟贸易公司', '已批准', `${Y}-01-05`, `${Y}-01-10`, `${Y}-02-20`, 'CHN1112223', `${Y + 5}-02-19`], ['许佳', '东盟贸易公司', '已报送', `${Y}-03-01`, `${Y}-03-05`, '', '', '']],
    cases: [['受理日期', '类别', '涉及国籍', '当事人', '案情摘要', '状态', '办结日期', '处理结果'], [`${Y}-02-02`, '劳务', '越南', '阮某', '工资纠纷', '已办结', `${Y}-03-01`, '已支付']],
    'info-items': [['标题', '报送日期', '撰稿人', '报送单位', '录用单位'], ['我市友城工作', `${Y}-02-02`, '王丽', '省外办', '省外办、国家级']],
  };
  for (const [register, rows] of Object.entries(files)) {
    const r = await upload(register, csv(rows));
    assert.equal(r.status, 201, `${register}: ${r.text}`);
    assert.equal(r.json.imported, rows.length - 1, register);
  }
  const s = await o.ok('officer', 'GET', `/api/v1/reports/summary?from=${Y}-01-01&to=${Y}-06-30`);
  assert.deepEqual(s.letters.introduction, { batches: 1, persons: 2 });
  assert.deepEqual(s.letters.visa_service, { batches: 1, persons: 5 });
  assert.equal(s.receptions.foreign.persons, 9);
  assert.equal(s.receptions.domestic.persons, 15);
  assert.equal(s.abtc.submitted, 2);
  assert.equal(s.cases.closed, 1);
  assert.deepEqual(s.info_items.adopted, { province: 1, prefecture: 0, national: 1, other: 0 });
  assert.equal((await o.ok('officer', 'GET', '/api/v1/sister-cities?relation=friendly_exchange')).total, 1);
});

test('a GB18030 CSV reads the same as UTF-8', async () => {
  const text = '团组名称,宾客类别,团组类别,国家(地区),人数,抵达日期,离开日期,接待单位\n韩国光州学生团,外宾,友城学生团,韩国,30,' + `${Y}-05-01,${Y}-05-05,市外事办公室\n`;
  const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(text) });
  assert.notDeepEqual(gb, Buffer.from(text));
  const r = await upload('receptions', gb);
  assert.equal(r.status, 201, r.text);
  const list = await o.ok('officer', 'GET', '/api/v1/receptions?q=' + encodeURIComponent('光州'));
  assert.equal(list.items[0].title, '韩国光州学生团');
});

test('one bad row among many imports nothing and every bad row is named', async () => {
  const rows = [['团组名称', '宾客类别', '团组类别', '国家(地区)', '人数', '抵达日期', '离开日期', '接待单位']];
  for (let i = 0; i < 50; i++) rows.push([`访问团${i}`, '外宾', '商务团', '泰国', '5', `${Y}-06-01`, `${Y}-06-02`, '市外事办公室']);
  rows[31][4] = '五';
  rows[45][7] = '不存在的单位';
  const before = (await o.ok('officer', 'GET', '/api/v1/receptions')).total;
  const r = await upload('receptions', csv(rows));
  assertError(r, 422, 'import_rejected');
  assert.deepEqual(r.json.error.rows.map((e) => [e.row, e.column]), [[32, '人数'], [46, '接待单位']]);
  assert.equal((await o.ok('officer', 'GET', '/api/v1/receptions')).total, before, 'nothing imported');
  const missing = await upload('receptions', csv([['团组名称', '人数'], ['某团', '5']]));
  assertError(missing, 422, 'import_rejected');
  assert.ok(missing.json.error.rows.some((e) => e.row === 1 && e.column === '宾客类别' && /缺少此列/.test(e.reason)));
  assertError(await upload('receptions', Buffer.from('"unterminated,quote\n')), 422, 'invalid', 'file');
  assertError(await o.call('officer', 'POST', '/api/v1/import/receptions', { file: 'x' }), 422, 'invalid', 'file');
  assertError(await o.call('viewer', 'POST', '/api/v1/import/receptions', {}), 403, 'forbidden');
});

test('a register\'s rows are judged by the rules its form is judged by: the same refusals as the API, named by column', async () => {
  const head = ['团组名称', '宾客类别', '团组类别', '国家(地区)', '人数', '抵达日期', '离开日期', '接待单位'];
  const good = ['泰国商会团', '外宾', '商务团', '泰国', '5', `${Y}-06-03`, `${Y}-06-04`, '市外事办公室'];
  const row = (i, v) => { const r = good.slice(); r[i] = v; return r; };
  const cases = [
    [row(6, `${Y}-06-01`), '离开日期', 'leave_date'], // leaves before it arrives (register_check_order)
    [row(0, '团'.repeat(201)), '团组名称', 'title'], // the form's 200-character limit
    [row(3, ''), '国家(地区)', 'country'], // a foreign group names its country
    [row(4, '0'), '人数', 'persons'], // at least one person
  ];
  const host = (await o.ok('officer', 'GET', '/api/v1/units?q=' + encodeURIComponent('市外事办公室'))).items[0].id;
  const before = (await o.ok('officer', 'GET', '/api/v1/receptions')).total;
  for (const [bad, column, field] of cases) {
    // the form refuses the same record, naming the same field
    const api = await o.call('officer', 'POST', '/api/v1/receptions', {
      title: bad[0], guest_type: 'foreign', category: 'business', country: bad[3] ? 'TH' : null,
      persons: Number(bad[4]), arrive_date: bad[5], leave_date: bad[6], host_unit_id: host,
    });
    assertError(api, 422, 'invalid', field);
    const r = await upload('receptions', csv([head, good, bad]));
    assertError(r, 422, 'import_rejected');
    assert.deepEqual(r.json.error.rows.map((e) => [e.row, e.column]), [[3, column]], JSON.stringify(r.json.error.rows));
  }
  assert.equal((await o.ok('officer', 'GET', '/api/v1/receptions')).total, before, 'nothing imported');
  // a sister city already registered is refused as the form refuses it
  const city = [['中文名称', '外文名称', '国家', '地区', '关系'], ['岘港', 'Da Nang', 'VN', '东盟', '友好城市']];
  const dup = await upload('sister-cities', csv(city));
  assertError(dup, 422, 'import_rejected');
  assert.deepEqual(dup.json.error.rows.map((e) => [e.row, e.column, e.reason]), [[2, '中文名称', '该城市已登记']]);
});

test('a letter row is judged by the letter form\'s rules: the same refusals as the API, named by column; a past invitation needs no passports', async () => {
  const head = ['类别', '日期', '申请单位', '事由', '人数', '人员'];
  const good = ['介绍信', `${Y}-05-01`, '市商务局', '办理签证', '', '张三'];
  const row = (i, v) => { const r = good.slice(); r[i] = v; return r; };
  const unit = (await o.ok('officer', 'GET', '/api/v1/units?q=' + encodeURIComponent('市商务局'))).items[0].id;
  const form = { kind: 'introduction', date: `${Y}-05-01`, unit_id: unit, purpose: '办理签证', persons: [{ name: '张三' }] };
  const before = (await o.ok('officer', 'GET', '/api/v1/letters')).total;
  for (const [bad, column, field, body] of [
    [row(3, '事'.repeat(501)), '事由', 'purpose', { ...form, purpose: '事'.repeat(501) }], // the form's 500 characters
    [row(5, '张'.repeat(101)), '人员', 'name', { ...form, persons: [{ name: '张'.repeat(101) }] }], // a person's name: 100
  ]) {
    assertError(await o.call('officer', 'POST', '/api/v1/letters', body), 422, 'invalid', field);
    const r = await upload('letters', csv([head, good, bad]));
    assertError(r, 422, 'import_rejected');
    assert.deepEqual(r.json.error.rows.map((e) => [e.row, e.column]), [[3, column]], JSON.stringify(r.json.error.rows));
  }
  assert.equal((await o.ok('officer', 'GET', '/api/v1/letters')).total, before, 'nothing imported');
  // an invitation of past years names its guests only: the sheet never held their passports
  const r = await upload('letters', csv([head, ['邀请函电', `${Y}-05-02`, '市商务局', '邀请来访', '', 'Anna、Ben']]));
  assert.equal(r.status, 201, r.text);
  assert.equal((await o.ok('officer', 'GET', `/api/v1/letters?kind=invitation&from=${Y}-05-02&to=${Y}-05-02`)).items[0].person_count, 2);
});

test('a 100 000-row file imports in one transaction, with progress on the command line', async () => {
  const lines = ['标题,报送日期,撰稿人,报送单位,录用单位'];
  for (let i = 0; i < 100000; i++) lines.push(`信息${i},${Y}-09-${String((i % 28) + 1).padStart(2, '0')},王丽,省外办,${i % 4 === 0 ? '省外办' : ''}`);
  const file = path.join(tempDir(), 'big.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const r = cli(['import', '--db', srv.db, 'info-items', file]);
  assert.equal(r.status, 0, r.stderr.slice(-500));
  assert.match(r.stdout, /100000 rows imported into info-items/);
  assert.match(r.stderr, /imported 100000 of 100000 rows/);
  const stats = await o.ok('officer', 'GET', `/api/v1/info-items/stats?from=${Y}-09-01&to=${Y}-09-30`);
  assert.equal(stats.sent, 100000);
  assert.equal(stats.adopted.province, 25000);
  const audit = await o.ok('admin', 'GET', '/api/v1/audit?action=import&entity=info_item');
  assert.equal(audit.items[0].after.rows, 100000);
  assert.equal(cli(['audit', '--db', srv.db, 'verify']).status, 0);
});

test('server stops cleanly', async () => { await srv.stop(); });
