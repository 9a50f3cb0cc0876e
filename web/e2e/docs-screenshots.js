// docs-screenshots.js - the README's screenshots (docs/*.png), taken from the
// full demo data set on a desktop (1366×768) and a phone (390×844):
//   node web/e2e/docs-screenshots.js   (after `make build-asan web`)
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const BINARY = path.resolve(root, process.env.WAISHI_BIN || 'build/asan/waishi');
const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waishi-docs-')), 'waishi.db');
const demo = spawnSync(BINARY, ['demo', '--db', db], { encoding: 'utf8' });
if (demo.status !== 0) throw new Error(demo.stderr);
const server = spawn(BINARY, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web-dir', path.join(root, 'web/dist')], { stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
const base = await new Promise((resolve) => server.stderr.on('data', (d) => { log += d; const m = /listening on (http:\/\/\S+)/.exec(log); if (m) resolve(m[1]); }));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const settled = (page) => page.waitForFunction(() => ![...document.querySelectorAll('.el-loading-mask')].some((m) => m.offsetParent !== null));

async function shoot(user, viewport, url, file, fullPage = false) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', `demo-${user}`);
  await page.click('[data-test=login]');
  await page.waitForSelector('[data-test=whoami]');
  await page.goto(`${base}${url}`);
  await page.waitForSelector('[data-test=whoami]');
  await settled(page);
  await page.waitForFunction(() => [...document.querySelectorAll('.chart')].every((c) => c.querySelector('canvas')));
  await page.screenshot({ path: path.join(root, 'docs', file), fullPage });
  await context.close();
}

const trips = await (await fetch(`${base}/api/v1/delegations?status=closed&per_page=1`, { headers: { Authorization: `Bearer ${(await (await fetch(`${base}/api/v1/session`, { method: 'POST', body: JSON.stringify({ username: 'officer', password: 'demo-officer' }) })).json()).token}` } })).json();
await shoot('officer', { width: 1366, height: 768 }, '/', 'dashboard.png');
await shoot('officer', { width: 1366, height: 768 }, `/trips/${trips.items[0].id}`, 'trip.png', true);
await shoot('officer', { width: 390, height: 844 }, `/trips/${trips.items[0].id}`, 'phone-trip.png');
await shoot('reviewer1', { width: 390, height: 844 }, '/', 'phone-home.png');
await browser.close();
server.kill('SIGTERM');
console.log('docs/dashboard.png, docs/trip.png, docs/phone-trip.png, docs/phone-home.png');
