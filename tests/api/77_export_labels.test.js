// Exports people can read: Chinese headers for every column, Chinese values
// for every code, timestamps in the office's local time (Beijing, +08:00),
// no duplicated or id columns beside their names.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { test, startServer, assert, tempDir } = require('./lib');
const { Office, addDays, today } = require('./trips');
const { readSheet } = require('./xlsx');

let srv, o;
test('server starts in the office\'s time zone', async () => {
  srv = await startServer({ env: { TZ: 'Asia/Shanghai', WAISHI_TIMEZONE: 'Asia/Shanghai' } });
  o = new Office(srv);
  await o.plan(2);
});

async function workbook(who, url) {
  const res = await fetch(`${srv.url}${url}`, { headers: { Authorization: `Bearer ${await o.as(who)}` } });
  assert.equal(res.status, 200, url);
  const file = path.join(tempDir(), 'export.xlsx');
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  // streamed list exports keep their strings inline in the sheet; others in the shared-strings part
  const parts = execFileSync('unzip', ['-Z1', file]).toString().split('\n').filter((n) => /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/.test(n));
  const strings = parts.map((n) => execFileSync('unzip', ['-p', file, n]).toString()).join('');
  return [...strings.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
}

test('a reception export has Chinese headers and values and no id columns', async () => {
  await o.ok('officer', 'POST', '/api/v1/receptions', { title: '越南岘港市代表团', guest_type: 'foreign', category: 'sister_city_government', country: 'VN', persons: 12, arrive_date: addDays(today(), -3), leave_date: addDays(today(), -1), host_unit_id: 1 });
  const s = await workbook('officer', '/api/v1/receptions?format=xlsx');
  for (const h of ['名称', '宾客类别', '类别', '接待单位', '抵达日期', '创建时间']) assert.ok(s.includes(h), `header ${h}`);
  assert.ok(s.includes('外宾'));
  assert.ok(s.includes('友城政府团'));
  for (const raw of ['foreign', 'sister_city_government', 'host_unit_id', 'sister_city_id', 'guest_type']) assert.ok(!s.includes(raw), `no ${raw}`);
});

test('a trip export shows the status in Chinese once, every header in Chinese', async () => {
  const t = await o.draft();
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/cancel`, { reason: '邀请方取消' });
  const s = await workbook('officer', '/api/v1/delegations?format=xlsx');
  assert.ok(s.includes('已取消'));
  assert.ok(s.includes('考察'));
  assert.ok(!s.includes('状态(中文)'), 'no duplicated status column');
  for (const raw of ['cancelled', 'inspection', 'status_zh', 'unit_id']) assert.ok(!s.includes(raw), `no ${raw}`);
  assert.ok(s.every((x) => !/^[a-z_]+$/.test(x)), `no English header: ${s.filter((x) => /^[a-z_]+$/.test(x))}`);
});

test('a trip export has a destinations column after the name: the countries in Chinese, once each, a transit stop marked', async () => {
  const t = await o.draft({ fields: { destinations: [
    { country: 'DE', city: '柏林', days: 2 }, { country: 'FR', city: '巴黎', days: 1 }, { country: 'DE', city: '汉堡', days: 1 }, { country: 'SG', city: '新加坡', days: 1, transit: true },
  ] } });
  const res = await fetch(`${srv.url}/api/v1/delegations?format=xlsx&q=${encodeURIComponent(t.title)}`, { headers: { Authorization: `Bearer ${await o.as('officer')}` } });
  assert.equal(res.status, 200);
  const file = path.join(tempDir(), 'trips.xlsx');
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const [head, ...rows] = readSheet(file);
  const at = head.indexOf('出访国家(地区)');
  assert.ok(at > 0, `a destinations column: ${head}`);
  assert.equal(head[at - 1], '名称', 'right after the name');
  assert.equal(head.filter((h) => h === '出访国家(地区)').length, 1);
  assert.equal(rows.length, 1, 'the filter applies');
  assert.equal(rows[0][at - 1], t.title);
  assert.equal(rows[0][at], '德国、法国、新加坡(经停)');
  assert.equal(rows[0][head.indexOf('状态')], '草稿', 'the columns after it keep their values');
});

test('the audit export shows local times and Chinese actions and objects', async () => {
  const audit = await o.ok('admin', 'GET', '/api/v1/audit?per_page=200&sort=id');
  const s = await workbook('admin', '/api/v1/audit?format=xlsx&per_page=200');
  const entry = audit.items[audit.items.length - 1];
  const local = new Date(Date.parse(entry.at) + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
  assert.ok(s.includes(local), `${entry.at} exported as ${local}`);
  assert.ok(!s.some((x) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(x)), 'no UTC timestamps');
  assert.ok(s.includes('取消出访'));
  assert.ok(s.includes('出访团组'));
  assert.ok(!s.includes('cancel') && !s.includes('delegation'));
});

test('server stops cleanly', async () => { await srv.stop(); });
