// run.js - browser tests: Debian's Chromium driven by playwright-core against
// the real `waishi serve` (sanitizer build) on a temporary database with the
// built interface. Ends with "N passed, M failed"; screenshots go to
// web/e2e/screenshots/ (not committed).
import { chromium } from 'playwright-core';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const BINARY = path.resolve(root, process.env.WAISHI_BIN || 'build/asan/waishi');
const SHOTS = path.join(root, 'web/e2e/screenshots');
const today = () => new Date().toISOString().slice(0, 10);
const addDays = (d, n) => { const x = new Date(d + 'T00:00:00Z'); x.setUTCDate(x.getUTCDate() + n); return x.toISOString().slice(0, 10); };

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
let server, browser, base, db;
const problems = [];

async function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waishi-e2e-'));
  db = path.join(dir, 'waishi.db');
  const r = spawnSync(BINARY, ['demo', '--db', db, '--minimal'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  server = spawn(BINARY, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web-dir', path.join(root, 'web/dist'), '--threads', '4'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.log = () => log;
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${log}`)), 15000);
    server.stderr.on('data', (d) => { log += d; const m = /listening on (http:\/\/\S+)/.exec(log); if (m) { clearTimeout(timer); resolve(m[1]); } });
  });
}

// API calls for test set-up (fixtures that are not what the test is about).
async function apiAs(user, method, p, body) {
  const s = await (await fetch(`${base}/api/v1/session`, { method: 'POST', body: JSON.stringify({ username: user, password: `demo-${user}` }) })).json();
  const res = await fetch(`${base}/api/v1${p}`, { method, headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json();
  assert.ok(res.ok, `${method} ${p}: ${JSON.stringify(json)}`);
  return json;
}

async function newPage(user, viewport = { width: 1366, height: 768 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error (${user}): ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console (${user}): ${m.text()}`); });
  if (user) await signIn(page, user);
  return page;
}

async function signIn(page, user) {
  await page.goto(`${base}/login`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', `demo-${user}`);
  await page.click('[data-test=login]');
  await page.waitForSelector('[data-test=whoami]');
}

// Element Plus pieces: a data-test attribute lands on the native input of a component, or on its wrapper.
const field = (page, name) => page.locator(`input[data-test=${name}], textarea[data-test=${name}], [data-test=${name}] input, [data-test=${name}] textarea`).first();
async function fill(page, name, value) { await field(page, name).fill(value); }
async function pickDate(page, selector, value) {
  const input = field(page, /data-test=([\w-]+)/.exec(selector)[1]);
  await input.fill(value);
  await input.press('Enter');
}
async function pickOption(page, selector, text) {
  const input = field(page, /data-test=([\w-]+)/.exec(selector)[1]);
  await input.click();
  await input.pressSequentially(text, { delay: 20 });
  await page.waitForTimeout(500);
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).last().click();
  await page.waitForTimeout(200);
}
async function action(page, key, fill = async () => {}) {
  await page.click(`[data-test=action-${key}]`);
  await page.waitForSelector('.el-dialog:visible');
  await fill();
  await page.click('[data-test=action-confirm]');
  await page.waitForSelector('.el-dialog:visible', { state: 'hidden' });
  await page.waitForTimeout(300);
}
const status = async (page) => (await page.textContent('[data-test=trip-status]')).trim();

const MENU = {
  admin: ['因公出国(境)', '统计报表', '数据导入', '用户', '政策设置', '操作日志'],
  officer: ['因公出国(境)', '统计报表', '数据导入'],
  reviewer: ['因公出国(境)', '会审'],
  director: ['因公出国(境)', '统计报表', '操作日志'],
  unit: ['因公出国(境)', '新建团组'],
  viewer: ['因公出国(境)', '统计报表', '操作日志'],
};
const NOT = { officer: ['用户', '政策设置'], reviewer: ['数据导入', '统计报表', '用户'], director: ['数据导入', '用户'], unit: ['统计报表', '数据导入', '操作日志', '用户'], viewer: ['数据导入', '用户', '新建团组'] };
const USER = { admin: 'admin', officer: 'officer', reviewer: 'reviewer1', director: 'director', unit: 'shangwu', viewer: 'viewer' };

test('each role signs in and sees only its menu', async () => {
  for (const [role, user] of Object.entries(USER)) {
    const page = await newPage(user);
    const menu = await page.textContent('[data-test=menu]');
    for (const item of MENU[role]) assert.ok(menu.includes(item), `${role} should see ${item}`);
    for (const item of NOT[role] || []) assert.ok(!menu.includes(item), `${role} should not see ${item}`);
    if (role === 'officer') await page.screenshot({ path: path.join(SHOTS, 'home.png'), fullPage: true });
    await page.context().close();
  }
});

let tripId;
test('an applicant creates a trip and sees a warning and a block beside the form', async () => {
  await apiAs('officer', 'POST', '/plans', { year: Number(today().slice(0, 4)), unit_id: 2, batches: 10, persons: 50, budget_cny: 1000000 });
  const zeroGrowth = (await apiAs('admin', 'GET', '/rules')).items.find((x) => x.key === 'zero_growth');
  await apiAs('admin', 'PATCH', `/rules/${zeroGrowth.id}`, { effective_from: zeroGrowth.effective_from, enabled: false });
  for (const name of ['张卫国', '李红梅']) {
    const p = await apiAs('officer', 'POST', '/persons', { name, gender: 'male', unit_id: 2, rank: 'division', is_cadre: true, position: '副局长' });
    await apiAs('officer', 'POST', '/passports', { number: `E${p.id}0000${Date.now() % 1000}`.slice(0, 12), kind: 'service', person_id: p.id, expiry_date: '2035-01-01' });
  }
  const page = await newPage('shangwu');
  await page.goto(`${base}/trips/new`);
  await fill(page, 'f-title', '市商务局赴德国经贸考察团');
  await fill(page, 'f-task', '考察德国中小企业园区,对接招商项目');
  await fill(page, 'f-inviter', '德国中国商会');
  await pickDate(page, '[data-test=f-depart]', addDays(today(), 10));
  await pickDate(page, '[data-test=f-return]', addDays(today(), 14));
  await pickOption(page, '[data-test=f-country-0]', '德国');
  await fill(page, 'f-city-0', '法兰克福');
  await fill(page, 'f-days-0', '5');
  await pickOption(page, '[data-test=f-member-0]', '张卫国');
  await page.click('[data-test=add-member]');
  await pickOption(page, '[data-test=f-member-1]', '李红梅');
  await fill(page, 'f-budget', '86000');
  await fill(page, 'f-official', '1');
  await page.click('[data-test=save-trip]');
  await page.waitForSelector('[data-test=checks] [data-severity=block]');
  const checks = await page.textContent('[data-test=checks]');
  assert.match(checks, /实质性公务活动/);
  assert.ok(await page.locator('[data-test=checks] [data-severity=warning]').count() >= 1, 'a warning (lead time)');
  tripId = Number(/trips\/(\d+)/.exec(page.url())[1]);
  await page.screenshot({ path: path.join(SHOTS, 'trip-form.png'), fullPage: true });
  await page.click('[data-test=to-detail]');
  await page.waitForSelector('[data-test=trip-status]');
  await action(page, 'publicity', () => pickDate(page, '[data-test=a-start_date]', addDays(today(), -14)));
  await action(page, 'submit');
  assert.equal(await status(page), '已申报');
  await page.context().close();
});

test('preliminary review, a review session with three reviewers, and the director\'s approval', async () => {
  const officer = await newPage('officer');
  await officer.goto(`${base}/trips/${tripId}`);
  await action(officer, 'preliminary');
  assert.equal(await status(officer), '初审通过');
  await officer.goto(`${base}/reviews`);
  await officer.click('[data-test=new-session]');
  await officer.locator('[data-test=s-agenda] .el-checkbox').first().click();
  await officer.click('[data-test=s-save]');
  await officer.waitForURL(/reviews\/\d+/);
  const sessionUrl = officer.url();
  await officer.context().close();
  for (const reviewer of ['reviewer1', 'reviewer2', 'reviewer3']) {
    const page = await newPage(reviewer);
    await page.goto(sessionUrl);
    await page.click(`[data-test=vote-for-${tripId}]`);
    await page.waitForFunction(() => document.querySelector('[data-test=tally]')?.textContent.includes('赞成'));
    if (reviewer === 'reviewer3') {
      assert.match(await page.textContent('[data-test=tally]'), /赞成 3/);
      await page.screenshot({ path: path.join(SHOTS, 'review-session.png'), fullPage: true });
    }
    await page.context().close();
  }
  const director = await newPage('director');
  await director.goto(sessionUrl);
  await director.click('[data-test=close-session]');
  await director.waitForSelector(`[data-test=item-${tripId}] .el-tag--danger, [data-test=item-${tripId}] .el-tag--success`);
  await director.goto(`${base}/trips/${tripId}`);
  assert.equal(await status(director), '初审通过', 'the block holds the passing trip');
  await action(director, 'override', () => fill(director, 'a-reason', '经市政府同意,实质性活动安排另行补充'));
  assert.equal(await status(director), '已批准');
  await director.context().close();
});

test('briefing, commitments, passports, departure, return with an overstay, report, passport return, close', async () => {
  const page = await newPage('officer');
  await page.goto(`${base}/trips/${tripId}`);
  await action(page, 'briefing');
  await action(page, 'commitments');
  await action(page, 'commitments');
  const trip = await apiAs('officer', 'GET', `/delegations/${tripId}`);
  for (const m of trip.members) { await page.click(`[data-test=issue-${m.person_id}]`); await page.waitForTimeout(300); }
  await action(page, 'depart', () => pickDate(page, '[data-test=a-date]', addDays(today(), -10)));
  assert.equal(await status(page), '已出访');
  await action(page, 'return');
  await page.waitForSelector('[data-test=violations]');
  assert.match(await page.textContent('[data-test=violations]'), /超时/);
  await action(page, 'report', () => fill(page, 'a-summary', '考察了三个工业园区,达成两项合作意向。'));
  for (const m of trip.members) { await page.click(`[data-test=return-${m.person_id}]`); await page.waitForTimeout(300); }
  await action(page, 'close');
  assert.equal(await status(page), '已办结');
  await page.screenshot({ path: path.join(SHOTS, 'trip-detail.png'), fullPage: true });
  await page.context().close();
});

test('the trip counts on the dashboard and in the year\'s report', async () => {
  const page = await newPage('director');
  await page.waitForSelector('[data-test=kpi-batches]');
  assert.match(await page.textContent('[data-test=kpi-batches]'), /^1/);
  await page.goto(`${base}/reports`);
  await page.locator('[data-test=period-kind] label', { hasText: '全年' }).click();
  await page.click('[data-test=generate]');
  await page.waitForSelector('[data-test=prose]');
  assert.match(await page.textContent('[data-test=prose]'), /团组1批2人次/);
  await page.screenshot({ path: path.join(SHOTS, 'report.png'), fullPage: true });
  await page.context().close();
});

test('a list exports to Excel with its filters', async () => {
  const page = await newPage('officer');
  await page.goto(`${base}/trips`);
  await page.waitForSelector('[data-test=trip-table] .el-table__row');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export]')]);
  const file = path.join(os.tmpdir(), `waishi-e2e-${Date.now()}.xlsx`);
  await download.saveAs(file);
  // list exports are streamed in constant memory: their strings are inline in the sheet
  const strings = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml']).toString();
  assert.match(strings, /团组编号/);
  assert.match(strings, /市商务局赴德国经贸考察团/);
  await page.context().close();
});

test('an import with a bad row shows the row and imports nothing', async () => {
  const page = await newPage('officer');
  await page.goto(`${base}/import`);
  const csv = path.join(os.tmpdir(), `waishi-e2e-${Date.now()}.csv`);
  fs.writeFileSync(csv, '团组名称,宾客类别,团组类别,国家(地区),人数,抵达日期,离开日期,接待单位\n甲团,外宾,商务团,泰国,5,2025-06-01,2025-06-02,市外事办公室\n乙团,外宾,商务团,泰国,五,2025-06-01,2025-06-02,市外事办公室\n');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-test=import-upload] button')]);
  await chooser.setFiles(csv);
  await page.waitForSelector('[data-test=import-errors]');
  const table = await page.textContent('[data-test=import-errors]');
  assert.match(table, /3/);
  assert.match(table, /人数/);
  const receptions = await apiAs('officer', 'GET', '/receptions');
  assert.equal(receptions.total, 0);
  await page.context().close();
});

test('the interface switches to English and works on a phone-sized screen', async () => {
  const page = await newPage('reviewer1', { width: 390, height: 844 });
  await page.click('[data-test=language]');
  await page.waitForSelector('[data-test=whoami]');
  await page.waitForFunction(() => document.body.textContent.includes('Sign out'));
  const body = await page.textContent('body');
  assert.match(body, /To do/);
  await page.context().close();
});

test('the first page loads under 500 KB of JavaScript (gzip), the rest by route', async () => {
  const page = await newPage(null);
  const scripts = [];
  page.on('response', (r) => { if (r.url().endsWith('.js')) scripts.push(r.url()); });
  await page.goto(`${base}/login`);
  await page.waitForSelector('[data-test=login]');
  let total = 0;
  for (const url of scripts) total += zlib.gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length;
  assert.ok(total < 500 * 1024, `first page loads ${Math.round(total / 1024)} KB gzip`);
  assert.ok(!scripts.some((u) => /charts-/.test(u)), 'charts load only where drawn');
  assert.ok(!scripts.some((u) => /TripDetail-/.test(u)), 'pages load by route');
  await page.context().close();
});

// issue 14: the work report editor — a draft made, a paragraph edited in place, refreshed, versions, Word, 定稿.
test('an officer edits a work report draft in place; refresh keeps the edit; the director marks it final', async () => {
  const page = await newPage('officer');
  await page.click('[data-test=menu] >> text=工作总结');
  await page.waitForSelector('[data-test=wr-create]');
  await page.click('[data-test=wr-create]');
  await page.waitForSelector('[data-test=wr-title]');
  const year = today().slice(0, 4);
  assert.equal((await page.textContent('[data-test=wr-title]')).trim(), `${year}年上半年外事工作总结`);
  const mine = '上半年,市外办认真贯彻市委、市政府决策部署,各项外事工作取得新进展。';
  await page.click('[data-test=wr-para-opening]');
  await page.locator('[data-test=wr-edit] textarea, textarea[data-test=wr-edit]').first().fill(mine);
  await page.click('[data-test=wr-save]');
  await page.waitForSelector(`text=${mine}`);
  await page.click('[data-test=wr-refresh]');
  await page.waitForTimeout(500);
  assert.ok((await page.textContent('[data-test=wr-para-opening]')).includes(mine), 'refresh keeps the edited text');
  await page.click('[data-test=wr-versions]');
  await page.waitForSelector('[data-test=wr-version-list] .el-table__row');
  assert.equal(await page.locator('[data-test=wr-version-list] .el-table__row').count(), 3);
  await page.keyboard.press('Escape');
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=wr-download-docx]')]);
  assert.match(file.suggestedFilename(), /\.docx$/);
  await page.screenshot({ path: path.join(SHOTS, 'work-report.png'), fullPage: true });
  const url = page.url();
  await page.context().close();
  const boss = await newPage('director');
  await boss.goto(url);
  await boss.click('[data-test=wr-finalize]');
  await boss.click('.el-message-box__btns .el-button--primary');
  await boss.waitForSelector('[data-test=wr-reopen]');
  assert.equal((await boss.textContent('[data-test=wr-status]')).trim(), '定稿');
  await boss.context().close();
});

test('no console errors in any of the pages', async () => {
  assert.deepEqual(problems, []);
});

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  await startServer();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  let passed = 0, failed = 0;
  for (const t of tests) {
    try { await t.fn(); passed++; console.log(`ok   browser: ${t.name}`); } catch (e) {
      failed++;
      console.log(`FAIL browser: ${t.name}\n     ${String(e.stack || e).split('\n').slice(0, 6).join('\n     ')}`);
    }
  }
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  if (/AddressSanitizer|LeakSanitizer|runtime error:/.test(server.log())) { failed++; console.log(`FAIL browser: sanitizer report from the server\n${server.log().slice(-3000)}`); }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
main().catch((e) => { console.error(e); console.log('0 passed, 1 failed'); process.exit(1); });
