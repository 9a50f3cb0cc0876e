// The work report (工作总结) word for word: fixtures entered through the API
// in half-years derived from this year (Y-4 .. Y-1, all past), so each
// golden text is known: an empty period, a period equal to last year, an
// increase, a decrease, one record of each kind, the whole year, the current
// year to date. Then the Word file in 公文 format (GB/T 9704-2012), the PDF,
// the command line, and a draft's lifecycle: create, edit, refresh keeps
// edits and flags vanished paragraphs, versions, final is read-only, reopen.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { test, startServer, assertError, assert, cli, tempDir, demoDatabase, rawSql } = require('./lib');
const { Office, addDays, today } = require('./trips');
const { bodies } = require('./registers');

let srv, o, sisterCity, kase, draftId;
let Y; // this year, by the server's today: set once the first server runs
const half = (y, h) => (h === 1 ? `from=${y}-01-01&to=${y}-06-30` : `from=${y}-07-01&to=${y}-12-31`);
const work = (q) => o.ok('viewer', 'GET', `/api/v1/reports/work-summary?${q}`);
const section = (r, key) => r.sections.find((s) => s.key === key);
const para = (r, key) => {
  for (const s of [...r.sections, { paragraphs: r.plan }]) {
    const p = s.paragraphs.find((x) => x.key === key);
    if (p) return p.text;
  }
  return undefined;
};
const allText = (r) => [r.title, r.opening, ...r.sections.flatMap((s) => [s.heading, ...s.paragraphs.map((p) => p.text)]), ...r.plan.map((p) => p.text)].join('\n');
const OPENING = (name) => `${name},市外办在市委、市政府的领导和上级外事部门的指导下,紧紧围绕全市工作大局,扎实开展各项外事工作,积极服务全市经济社会发展。`;

async function approveTrips(count, date, budget) {
  const trips = [];
  for (let i = 0; i < count; i++) {
    const t = await o.draft({ fields: { budget_cny: budget } });
    await o.preliminary(t, addDays(date, -20));
    trips.push(t);
  }
  const s = await o.review(trips, ['for', 'for', 'for'], date);
  assert.deepEqual(s.items.map((x) => x.outcome), trips.map(() => 'approved'));
  return trips;
}

async function fetchFile(urlPath) {
  const res = await fetch(srv.url + urlPath, { headers: { Authorization: `Bearer ${await o.as('officer')}` } });
  assert.equal(res.status, 200, await res.clone().text());
  const file = path.join(tempDir(), 'report.bin');
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return { file, type: res.headers.get('content-type') };
}
const unzip = (file, member) => execFileSync('unzip', ['-p', file, member]).toString('utf8');
const pdftext = (file) => execFileSync('pdftotext', [file, '-']).toString('utf8').replace(/\s+/g, '');

// 「0张」, 「0起」, 「办结0」: a zero is never said.
const SPOKEN_ZERO = /(^|[^\d.])0(批|人|张|起|条|次|本|对|所|个)/;

test('half-years Y-4 .. Y-1 and one record of each kind are entered through the API', async () => {
  srv = await startServer();
  Y = Number(today().slice(0, 4));
  o = new Office(srv);
  await o.rule('within_plan', { enabled: false });
  await o.rule('zero_growth', { enabled: false });
  await o.ok('admin', 'PUT', '/api/v1/report-settings', { info_body_prefecture: '苏州外办' });
  await approveTrips(1, `${Y - 4}-03-15`, 100000);
  await approveTrips(1, `${Y - 3}-03-15`, 100000); // equal to Y-4
  await approveTrips(2, `${Y - 2}-03-15`, 37000); // more trips, less money
  await approveTrips(1, `${Y - 1}-03-15`, 50000); // fewer
  // the second half of Y-1: one record of each kind
  const [t] = await approveTrips(1, `${Y - 1}-08-01`, 30000);
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/briefing`, { date: `${Y - 1}-08-05`, reminder_card: true });
  for (const p of t.people) await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/commitments`, { person_id: p.id, date: `${Y - 1}-08-06` });
  await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/depart`, { date: `${Y - 1}-08-10` });
  const back = await o.ok('officer', 'POST', `/api/v1/delegations/${t.id}/return`, { date: `${Y - 1}-08-14`, countries_visited: ['DE', 'FR'] });
  assert.deepEqual(back.violations.map((v) => v.kind), ['detour']);
  // its actual spend (决算), entered after the return: under the budget of 30 000
  await o.ok('officer', 'PUT', `/api/v1/delegations/${t.id}/funding/actual`, { lines: [{ item: 'international_travel', currency: 'CNY', amount: 21000, rate: 1 }, { item: 'accommodation', currency: 'EUR', amount: 1000, rate: 7.5 }] });
  const letter = (kind, date, n) => o.ok('officer', 'POST', '/api/v1/letters', {
    kind, date, unit_id: 2, purpose: '事由',
    persons: Array.from({ length: n }, (_, i) => ({ name: `人${i}`, nationality: 'DE', passport_no: `X${i}00000` })),
  });
  await letter('introduction', `${Y - 1}-09-01`, 1);
  await letter('invitation', `${Y - 1}-09-02`, 2);
  await letter('visa_service', `${Y - 1}-09-03`, 1);
  sisterCity = await o.ok('officer', 'POST', '/api/v1/sister-cities', bodies.sisterCity({ name_zh: '丽浪多', name_local: 'Redondo Beach', country: 'US', region: 'north_america', relation: 'sister', established_on: `${Y - 5}-06-01` }));
  await o.ok('officer', 'POST', '/api/v1/sister-cities', bodies.sisterCity({ name_zh: '劳恩堡', name_local: 'Lauenburg', country: 'DE', region: 'europe', relation: 'friendly_exchange', established_on: `${Y - 1}-09-10` }));
  await o.ok('officer', 'POST', '/api/v1/exchanges', bodies.exchange(sisterCity.id, { date: `${Y - 1}-10-01`, persons: 12, school: '市第一中学', partner_school: 'Redondo Union High School' }));
  await o.ok('officer', 'POST', '/api/v1/receptions', bodies.reception({ sister_city_id: sisterCity.id, country: 'US', persons: 8, arrive_date: `${Y - 1}-09-15`, leave_date: `${Y - 1}-09-16` }));
  await o.ok('officer', 'POST', '/api/v1/receptions', bodies.reception({ title: '世界禁化武组织代表团', category: 'international_org', country: 'NL', persons: 3, arrive_date: `${Y - 1}-10-15`, leave_date: `${Y - 1}-10-16` }));
  await o.ok('officer', 'POST', '/api/v1/receptions', bodies.reception({ guest_type: 'domestic', category: 'other', country: null, persons: 20, arrive_date: `${Y - 1}-11-01`, leave_date: `${Y - 1}-11-01` }));
  const card = await o.ok('officer', 'POST', '/api/v1/abtc', bodies.abtc({ applied_on: `${Y - 1}-09-01` }));
  await o.ok('officer', 'POST', `/api/v1/abtc/${card.id}/submit`, { date: `${Y - 1}-09-20` });
  kase = await o.ok('officer', 'POST', '/api/v1/cases', bodies.case({ received_on: `${Y - 1}-09-05`, category: 'labour' }));
  await o.ok('officer', 'POST', '/api/v1/info-items', bodies.infoItem({ sent_on: `${Y - 1}-09-08`, adopted_by: [{ body: 'province', on: `${Y - 1}-09-10` }, { body: 'prefecture', on: `${Y - 1}-09-12` }] }));
});

test('a half-year with a trip to 中国香港 and 中国澳门 gives 出国 and 赴港澳台 apart, and their sum as 因公出国(境)', async () => {
  const date = `${Y - 6}-03-15`;
  // unit 3: unit 2 has a report overdue from the fixtures above and may not submit
  const hk = await o.draft({ unit_id: 3, fields: { budget_cny: 10000, destinations: [{ country: 'HK', city: '香港', days: 3 }, { country: 'MO', city: '澳门', days: 2 }] } });
  const de = await o.draft({ unit_id: 3, fields: { budget_cny: 10000 } });
  for (const t of [hk, de]) await o.preliminary(t, addDays(date, -20));
  const s = await o.review([hk, de], ['for', 'for', 'for'], date);
  assert.deepEqual(s.items.map((x) => x.outcome), ['approved', 'approved']);
  const r = await work(half(Y - 6, 1));
  assert.equal(para(r, 'trips.totals'), '上半年,我市共办理因公出国(境)团组2批4人次,其中出国1批2人次、赴港澳台1批2人次,出访经费2万元。');
  assert.equal(para(r, 'trips.comparison'), '去年同期未办理因公出国(境)团组,上半年因公出国(境)团组比去年同期增加2批4人次,经费增加2万元,未实现零增长。');
  assert.equal(r.table.find((x) => x.item === '其中:出国团组(批)').this_period, '1');
  assert.equal(r.table.find((x) => x.item === '其中:赴港澳台团组(批)').this_period, '1');
  const sum = await o.ok('officer', 'GET', `/api/v1/reports/summary?${half(Y - 6, 1)}`);
  assert.deepEqual([sum.delegations.abroad, sum.delegations.hmt], [{ batches: 1, persons: 2 }, { batches: 1, persons: 2 }]);
  assert.ok(sum.text.startsWith('上半年,我市共办理因公出国(境)团组2批4人次,其中出国1批2人次、赴港澳台1批2人次'), sum.text);
  assert.doesNotMatch(allText(r), /香港|澳门/, 'no region is named as a country in the prose');
});

test('an empty period: title and opening, no section, no verdict, no zero said', async () => {
  const r = await work(half(Y - 10, 1));
  assert.equal(r.title, `${Y - 10}年上半年外事工作总结`);
  assert.equal(r.period_name, `${Y - 10}年上半年`);
  assert.equal(r.opening, `${OPENING('上半年')}现将上半年工作总结如下:`);
  assert.deepEqual(r.sections, []);
  assert.equal(r.plan_heading, '下半年工作打算');
  assert.deepEqual(r.plan.map((p) => p.key), ['plan.opening', 'plan.trips', 'plan.abtc']);
  assert.doesNotMatch(allText(r), /零增长。|实现了零增长|未实现零增长/);
  assert.doesNotMatch(allText(r), SPOKEN_ZERO);
  // the period summary of an empty period says nothing either
  const s = await o.ok('officer', 'GET', `/api/v1/reports/summary?${half(Y - 10, 1)}`);
  assert.equal(s.text, '');
  assert.equal(s.title, `${Y - 10}年上半年外事工作总结`);
});

test('a period equal to last year is 持平 with the figures, and zero growth', async () => {
  const r = await work(half(Y - 3, 1));
  assert.equal(r.title, `${Y - 3}年上半年外事工作总结`);
  assert.deepEqual(r.sections.map((s) => [s.number, s.key]), [['一', 'trips']]);
  assert.equal(section(r, 'trips').heading, '严格出访程序,规范因公出国(境)管理');
  assert.equal(para(r, 'trips.totals'), '上半年,我市共办理因公出国(境)团组1批2人次,出访经费10万元。');
  assert.equal(para(r, 'trips.comparison'), '上半年因公出国(境)团组与去年同期持平,均为1批2人次、经费10万元,实现了零增长。');
  assert.equal(para(r, 'trips.management'), '严格按照“出访有计划、经费有预算、审批有原则”的要求,召开会审会议1次,实行会审投票机制。');
  assert.equal(para(r, 'trips.violations'), '上半年,我市因公出国(境)团组未发生超时、绕道等违规问题。');
});

test('an increase is said with its subject and last year\'s figures: 未实现零增长; 7.4万元 without a trailing zero', async () => {
  const r = await work(half(Y - 2, 1));
  assert.equal(para(r, 'trips.totals'), '上半年,我市共办理因公出国(境)团组2批4人次,出访经费7.4万元。');
  assert.equal(para(r, 'trips.comparison'), '去年同期为1批2人次、经费10万元,上半年因公出国(境)团组与去年同期相比,增加1批2人次,经费减少2.6万元,未实现零增长。');
  const row = r.table.find((x) => x.item === '出访经费(万元)');
  assert.deepEqual(row, { item: '出访经费(万元)', this_period: '7.4', last_year: '10', change: '-2.6', change_pct: '-26.0%' });
});

test('a decrease: 未超过去年同期 … 与去年同期相比,减少 …,实现了零增长', async () => {
  const r = await work(half(Y - 1, 1));
  assert.equal(para(r, 'trips.comparison'), '上半年因公出国(境)团组未超过去年同期2批4人次、经费7.4万元的出访量,与去年同期相比,减少1批2人次,经费减少2.4万元,实现了零增长。');
  assert.equal(r.table.find((x) => x.item === '因公出国(境)团组(批)').change, '-1');
});

test('one record of each kind: every section in the seeds\' order, named facts, body names from the settings', async () => {
  const r = await work(half(Y - 1, 2));
  assert.equal(r.title, `${Y - 1}年下半年外事工作总结`);
  assert.equal(r.opening, `${OPENING('下半年')}现将下半年工作总结如下:`);
  assert.deepEqual(r.sections.map((s) => `${s.number}、${s.heading}`), [
    '一、严格出访程序,规范因公出国(境)管理',
    '二、突出外事职能,做好外宾接待工作',
    '三、加强国际交流,深化友城工作',
    '四、整合利用资源,服务经济发展',
    '五、服务社会稳定,妥善处置涉外案(事)件',
    '六、加强信息报送,推进机关效能建设',
  ]);
  assert.equal(para(r, 'trips.totals'), '下半年,我市共办理因公出国(境)团组1批2人次,出访经费3万元。已填报经费决算的1批团组预算3万元,实际支出2.85万元,比预算节约0.15万元。');
  assert.equal(para(r, 'trips.comparison'), '去年同期未办理因公出国(境)团组,下半年因公出国(境)团组比去年同期增加1批2人次,经费增加3万元,未实现零增长。');
  assert.equal(para(r, 'trips.management'), '严格按照“出访有计划、经费有预算、审批有原则”的要求,召开会审会议1次,实行会审投票机制;严格执行访前教育提醒制度、团组承诺制度,1批团组行前接受了外事纪律教育,2人签订了《因公出国境团组承诺书》。');
  assert.equal(para(r, 'trips.violations'), '下半年,发现因公出国(境)团组绕道问题1起,已登记在案并督促整改。');
  assert.doesNotMatch(allText(r), /未发生超时、绕道等违规问题/, 'only when none was recorded');
  assert.equal(para(r, 'receptions.totals'), '下半年,我办共接待外宾2批11人次、内宾1批20人,其中友城政府团1批:美国丽浪多市;国际组织1批:世界禁化武组织代表团。');
  assert.equal(para(r, 'sister_cities.totals'), '截至12月31日,我市共有国际友好城市1对、友好交流城市1对。');
  assert.equal(para(r, 'sister_cities.new'), '下半年,与德国劳恩堡市建立友好交流城市关系,新增友好交流城市1对。');
  assert.equal(para(r, 'sister_cities.exchanges'), '下半年,我市与友城开展各类交流1批12人次,其中学生交流1批。');
  assert.equal(para(r, 'sister_cities.schools'), '积极为学校对外交往牵线搭桥,推动我市1所学校与国外1所学校对接,促进了中外学校间的教育合作。');
  assert.equal(para(r, 'economy.abtc'), '大力推广APEC商务旅行卡,为企业“走出去”提供商务出行便利。截至12月31日,我市有1张APEC商务旅行卡正在申办中。下半年,向上级外事部门报送申办材料1张。');
  assert.equal(para(r, 'economy.abtc_targets'), '对照年度目标,10月31日前报送申办材料1张,未完成不少于50张的目标;12月31日前报送申办材料1张,未完成不少于100张的目标。');
  assert.equal(para(r, 'economy.letters'), '下半年,为招商引资和对外交往出行提供服务,办理介绍信1批1人次,邀请外国人来华函电1批2人次;代办因私签证1批1人次。');
  assert.equal(para(r, 'cases.totals'), '下半年,我办受理涉外劳务案(事)件1起,坚持积极稳妥、依法依规的原则,维护了我市涉外环境的安全和稳定。');
  assert.equal(para(r, 'info.totals'), '下半年,我办共编发上报各类信息1条,被省外办录用1条、苏州外办录用1条。');
  assert.equal(r.plan_heading, '明年工作打算');
  assert.deepEqual(r.plan.map((p) => p.key), ['plan.opening', 'plan.trips', 'plan.abtc', 'plan.sister_cities']);
  assert.ok(para(r, 'plan.opening').startsWith('明年,我办将继续围绕市委、市政府中心工作'));
  assert.doesNotMatch(allText(r), SPOKEN_ZERO);
  const keys = r.sections.flatMap((s) => s.paragraphs.map((p) => p.key));
  assert.equal(new Set(keys).size, keys.length, 'keys are unique');
  assert.equal(r.figures.delegations.batches, 1, 'the figures come along');
});

test('the whole year is named by its year, never 今年; a year ahead in plan', async () => {
  const r = await work(`from=${Y - 1}-01-01&to=${Y - 1}-12-31`);
  assert.equal(r.title, `${Y - 1}年外事工作总结`);
  assert.equal(r.period_name, `${Y - 1}年全年`);
  assert.equal(r.opening, `${OPENING(`${Y - 1}年`)}现将全年工作总结如下:`);
  assert.equal(para(r, 'trips.totals'), '全年,我市共办理因公出国(境)团组2批4人次,出访经费8万元。已填报经费决算的1批团组预算3万元,实际支出2.85万元,比预算节约0.15万元。');
  assert.equal(para(r, 'trips.comparison'), '去年同期为2批4人次、经费7.4万元,全年因公出国(境)团组与去年同期相比,批次、人次持平,经费增加0.6万元,未实现零增长。');
  assert.equal(r.plan_heading, '明年工作打算');
  assert.doesNotMatch(allText(r), /今年/);
  assert.doesNotMatch(allText(r), SPOKEN_ZERO);
});

test('今年以来 only for this year to date; the same dates a year earlier are named by their dates', async () => {
  const md = today().slice(5);
  if (md === '06-30' || md === '12-31') return; // those days end a half: 上半年 / 全年
  const [m, d] = md.split('-').map(Number);
  const now = await work(`from=${Y}-01-01&to=${today()}`);
  assert.equal(now.title, `${Y}年1月1日至${m}月${d}日外事工作总结`);
  assert.ok(now.opening.startsWith('今年以来,'), now.opening);
  const before = await work(`from=${Y - 1}-01-01&to=${Y - 1}-${md}`);
  assert.equal(before.title, `${Y - 1}年1月1日至${m}月${d}日外事工作总结`);
  assert.ok(before.opening.startsWith(`${Y - 1}年1月1日至${m}月${d}日,`), before.opening);
  assert.doesNotMatch(allText(before), /今年/);
  assertError(await o.call('officer', 'GET', `/api/v1/reports/work-summary?from=${Y}-06-30&to=${Y}-01-01`), 422, 'invalid', 'to');
  assertError(await o.call('officer', 'GET', `/api/v1/reports/work-summary?from=${Y}-01-01`), 422, 'invalid', 'to');
  assertError(await o.call('officer', 'GET', `/api/v1/reports/work-summary?${half(Y - 1, 1)}&format=xlsx`), 422, 'invalid', 'format');
  assertError(await o.call('shangwu', 'GET', `/api/v1/reports/work-summary?${half(Y - 1, 1)}`), 403, 'forbidden');
});

test('the Word file is a 公文 (GB/T 9704-2012): A4, margins, grid, fonts with fallbacks, page numbers, a real table', async () => {
  const { file, type } = await fetchFile(`/api/v1/reports/work-summary?${half(Y - 1, 2)}&format=docx`);
  assert.match(type, /wordprocessingml/);
  const doc = unzip(file, 'word/document.xml');
  assert.match(doc, /<w:pgSz w:w="11906" w:h="16838"\/>/, 'A4');
  assert.match(doc, /<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/, '37/26/35/28 mm');
  assert.match(doc, /<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-840"\/>/, '22 lines of 28 characters');
  assert.match(doc, /<w:pStyle w:val="GwTitle"\/><\/w:pPr><w:r><w:t xml:space="preserve">2\d{3}年下半年外事工作总结</);
  assert.match(doc, /<w:pStyle w:val="GwHeading1"\/><\/w:pPr><w:r><w:t xml:space="preserve">一、严格出访程序,规范因公出国\(境\)管理</);
  assert.match(doc, /<w:pStyle w:val="GwHeading1"\/><\/w:pPr><w:r><w:t xml:space="preserve">七、明年工作打算</);
  assert.ok(doc.includes('下半年,我办共编发上报各类信息1条,被省外办录用1条、苏州外办录用1条。'));
  const table = doc.slice(doc.indexOf('<w:tbl>'), doc.indexOf('</w:tbl>'));
  assert.ok(table.length > 0, 'a w:tbl');
  for (const head of ['项目', '本期', '去年同期', '增减', '增减%']) assert.ok(table.includes(`>${head}</w:t>`), head);
  assert.match(table, /出访经费\(万元\)<\/w:t>.*?>3<\/w:t>.*?>0<\/w:t>.*?>\+3<\/w:t>.*?>—<\/w:t>/);
  assert.equal((table.match(/<w:tr>|<w:tr><w:trPr>/g) || []).length, 15, 'header and fourteen rows (出国 and 赴港澳台 among them)');
  const styles = unzip(file, 'word/styles.xml');
  const style = (id) => styles.slice(styles.indexOf(`w:styleId="${id}"`), styles.indexOf('</w:style>', styles.indexOf(`w:styleId="${id}"`)));
  assert.match(style('GwTitle'), /w:eastAsia="方正小标宋简体"/);
  assert.match(style('GwTitle'), /<w:sz w:val="44"\/>/, '2号');
  assert.match(style('GwBody'), /w:eastAsia="仿宋_GB2312"/);
  assert.match(style('GwBody'), /<w:sz w:val="32"\/>/, '3号');
  assert.match(style('GwHeading1'), /w:eastAsia="黑体"/);
  assert.match(style('GwHeading2'), /w:eastAsia="楷体_GB2312"/);
  assert.match(style('GwFooter'), /w:eastAsia="宋体"/);
  assert.match(style('GwFooter'), /<w:sz w:val="28"\/>/, '4号');
  const fonts = unzip(file, 'word/fontTable.xml');
  assert.match(fonts, /<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"\/>/);
  assert.match(fonts, /<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"\/>/);
  assert.match(fonts, /<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"\/>/);
  const odd = unzip(file, 'word/footer1.xml');
  assert.match(odd, /<w:jc w:val="right"\/>.*— <\/w:t>.*<w:fldSimple w:instr=" PAGE ">.* —<\/w:t>/);
  assert.match(unzip(file, 'word/footer2.xml'), /<w:jc w:val="left"\/>/);
  assert.match(unzip(file, 'word/settings.xml'), /<w:evenAndOddHeaders\/>/);
  assert.match(unzip(file, 'word/_rels/document.xml.rels'), /Target="fontTable.xml"/);
});

test('the PDF has the same layout: A4, the text, 「— 1 —」 page numbers, the table', async () => {
  const { file, type } = await fetchFile(`/api/v1/reports/work-summary?${half(Y - 1, 2)}&format=pdf`);
  assert.equal(type, 'application/pdf');
  const info = execFileSync('pdfinfo', [file]).toString('utf8');
  assert.match(info, /Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
  const text = pdftext(file);
  assert.ok(text.includes(`${Y - 1}年下半年外事工作总结`), text.slice(0, 200));
  assert.ok(text.includes('一、严格出访程序,规范因公出国(境)管理'));
  // a page may end inside the sentence: its footer (「—2—」) is not part of the text
  assert.ok(text.replace(/—\d+—/g, '').includes('被省外办录用1条、苏州外办录用1条。'));
  assert.ok(text.includes('—1—'), 'page number');
  assert.ok(text.includes('项目本期去年同期增减增减%'));
  const fonts = execFileSync('pdffonts', [file]).toString('utf8');
  assert.match(fonts, /NotoSerifCJK/);
  assert.match(fonts, /NotoSansCJK/);
});

test('the command line writes the work report as text, json, docx and pdf', async () => {
  const args = ['report', '--db', srv.db, 'work-summary', '--from', `${Y - 1}-07-01`, '--to', `${Y - 1}-12-31`];
  const text = cli(args);
  assert.equal(text.status, 0, text.stderr);
  const lines = text.stdout.split('\n');
  assert.equal(lines[0], `${Y - 1}年下半年外事工作总结`);
  assert.ok(lines.includes('一、严格出访程序,规范因公出国(境)管理'));
  assert.ok(lines.includes('七、明年工作打算'));
  assert.equal(JSON.parse(cli([...args, '--format', 'json']).stdout).sections.length, 6);
  const out = path.join(tempDir(), 'h2.docx');
  assert.equal(cli([...args, '--format', 'docx', '--out', out]).status, 0);
  assert.match(unzip(out, 'word/document.xml'), /七、明年工作打算/);
  const pdf = path.join(tempDir(), 'h2.pdf');
  assert.equal(cli([...args, '--format', 'pdf', '--out', pdf]).status, 0);
  assert.ok(pdftext(pdf).includes(`${Y - 1}年下半年外事工作总结`));
  assert.equal(cli([...args, '--format', 'xlsx']).status, 2);
});

test('a draft: create, edit, refresh keeps edits and flags vanished paragraphs, versions, 定稿 read-only, reopen', async () => {
  const period = { from: `${Y - 1}-07-01`, to: `${Y - 1}-12-31` };
  let d = await o.ok('officer', 'POST', '/api/v1/report-drafts', period);
  draftId = d.id;
  assert.equal(d.version, 1);
  assert.equal(d.status, 'draft');
  assert.equal(d.title, `${Y - 1}年下半年外事工作总结`);
  assert.deepEqual(d.sections.map((s) => s.key), ['trips', 'receptions', 'sister_cities', 'economy', 'cases', 'info', 'self_building', 'problems']);
  const rec = d.sections[1].paragraphs[0];
  assert.deepEqual([rec.key, rec.edited, rec.missing, rec.text === rec.generated_text], ['receptions.totals', false, false, true]);
  assert.equal(d.sections[6].number, '', 'an empty part is not numbered');
  assert.ok(d.plan.some((p) => p.key === 'plan.targets' && p.manual));

  // edit: a generated paragraph, the parts only people write, an added paragraph
  const edited = '下半年,我办共接待外宾2批11人次,其中美国丽浪多市政府代表团受到市长会见。';
  d = await o.ok('officer', 'PATCH', `/api/v1/report-drafts/${d.id}`, {
    version: 1,
    paragraphs: [{ key: 'receptions.totals', text: edited }, { key: 'self_building.1', text: '一是加强学习,提高政治素质和业务水平。' }, { key: 'plan.targets', text: '明年力争APEC商务旅行卡新增申办100张。' }],
    add: [{ section: 'problems', text: '外事队伍力量不足。' }],
  });
  assert.equal(d.version, 2);
  assert.equal(d.sections.find((s) => s.key === 'receptions').paragraphs[0].edited, true);
  assert.equal(d.sections.find((s) => s.key === 'self_building').number, '七');
  assert.deepEqual(d.sections.find((s) => s.key === 'problems').paragraphs.map((p) => p.text), ['', '外事队伍力量不足。']);
  assertError(await o.call('officer', 'PATCH', `/api/v1/report-drafts/${d.id}`, { version: 1, title: '旧版本' }), 409, 'stale', 'version');
  assertError(await o.call('officer', 'PATCH', `/api/v1/report-drafts/${d.id}`, { title: '旧版本' }, { headers: { 'If-Match': '"1"' } }), 409, 'stale', 'version');
  assertError(await o.call('officer', 'PATCH', `/api/v1/report-drafts/${d.id}`, { version: 2, paragraphs: [{ key: 'nope', text: 'x' }] }), 422, 'invalid', 'paragraphs');
  assertError(await o.call('officer', 'PATCH', `/api/v1/report-drafts/${d.id}`, { version: 2, add: [{ section: 'nope', text: 'x' }] }), 422, 'invalid', 'add');
  assertError(await o.call('officer', 'PATCH', `/api/v1/report-drafts/${d.id}`, { version: 2 }), 422, 'invalid');
  assertError(await o.call('officer', 'POST', '/api/v1/report-drafts', { from: period.to, to: period.from }), 422, 'invalid', 'to');

  // the registers change: a second info item, a new reception, the case removed
  await o.ok('officer', 'POST', '/api/v1/info-items', bodies.infoItem({ sent_on: `${Y - 1}-11-20`, adopted_by: [{ body: 'province', on: `${Y - 1}-11-22` }] }));
  await o.ok('officer', 'POST', '/api/v1/receptions', bodies.reception({ category: 'business', country: 'TH', persons: 5, arrive_date: `${Y - 1}-12-01`, leave_date: `${Y - 1}-12-02` }));
  await o.ok('admin', 'DELETE', `/api/v1/cases/${kase.id}`);
  d = await o.ok('officer', 'POST', `/api/v1/report-drafts/${d.id}/refresh`, { version: 2 });
  assert.equal(d.version, 3);
  const info = d.sections.find((s) => s.key === 'info').paragraphs[0];
  assert.equal(info.text, '下半年,我办共编发上报各类信息2条,被省外办录用2条、苏州外办录用1条。', 'an unedited paragraph takes the new text');
  const reception = d.sections.find((s) => s.key === 'receptions').paragraphs[0];
  assert.equal(reception.text, edited, 'an edited paragraph keeps its text');
  assert.match(reception.generated_text, /接待外宾3批16人次.*商务团1批/, 'with the new generated text beside it');
  const cases = d.sections.find((s) => s.key === 'cases');
  assert.ok(cases, 'a section whose key disappeared is kept');
  assert.equal(cases.paragraphs[0].missing, true);
  assert.match(cases.paragraphs[0].text, /劳务案\(事\)件1起/);
  assert.equal(d.sections.find((s) => s.key === 'self_building').paragraphs[0].text, '一是加强学习,提高政治素质和业务水平。');

  // 定稿: only the director; then read-only until the director reopens it
  assertError(await o.call('officer', 'POST', `/api/v1/report-drafts/${d.id}/finalize`, { version: 3 }), 403, 'forbidden');
  d = await o.ok('director', 'POST', `/api/v1/report-drafts/${d.id}/finalize`, { version: 3 });
  assert.equal(d.status, 'final');
  assert.equal(d.finalized_by, 'director');
  assertError(await o.call('officer', 'PATCH', `/api/v1/report-drafts/${d.id}`, { version: 4, title: '改' }), 409, 'conflict', 'status');
  assertError(await o.call('officer', 'POST', `/api/v1/report-drafts/${d.id}/refresh`, { version: 4 }), 409, 'conflict', 'status');
  assertError(await o.call('director', 'POST', `/api/v1/report-drafts/${d.id}/finalize`, { version: 4 }), 409, 'conflict', 'status');
  assertError(await o.call('officer', 'POST', `/api/v1/report-drafts/${d.id}/reopen`, { version: 4 }), 403, 'forbidden');
  assert.equal((await o.ok('viewer', 'GET', `/api/v1/report-drafts/${d.id}`)).status, 'final', 'viewers read');
  assertError(await o.call('shangwu', 'GET', `/api/v1/report-drafts/${d.id}`), 403, 'forbidden');
  d = await o.ok('director', 'POST', `/api/v1/report-drafts/${d.id}/reopen`, { version: 4 });
  assert.equal(d.status, 'draft');
  assert.equal(d.version, 5);

  const versions = await o.ok('reviewer1', 'GET', `/api/v1/report-drafts/${d.id}/versions`);
  assert.deepEqual(versions.items.map((v) => [v.version, v.action, v.saved_by]), [
    [5, 'reopen', 'director'], [4, 'finalize', 'director'], [3, 'refresh', 'officer'], [2, 'edit', 'officer'], [1, 'create', 'officer'],
  ]);
  const v2 = await o.ok('viewer', 'GET', `/api/v1/report-drafts/${d.id}/versions/2`);
  assert.equal(v2.content.sections.find((s) => s.key === 'receptions').paragraphs[0].text, edited);
  assertError(await o.call('viewer', 'GET', `/api/v1/report-drafts/${d.id}/versions/99`), 404, 'not_found');
  assertError(await o.call('viewer', 'GET', `/api/v1/report-drafts/${d.id + 1000}/versions`), 404, 'not_found');
  const audit = await o.ok('admin', 'GET', `/api/v1/audit?entity=report_draft&entity_id=${d.id}&per_page=50&sort=id`);
  assert.deepEqual(audit.items.map((e) => e.action), ['create', 'edit', 'refresh', 'finalize', 'reopen']);
  const list = await o.ok('viewer', 'GET', '/api/v1/report-drafts');
  assert.ok(list.items.some((x) => x.id === d.id && x.version === 5));

  // the draft as Word and PDF: the edited text, the parts people wrote, numbered
  const docx = await fetchFile(`/api/v1/report-drafts/${d.id}?format=docx`);
  const xml = unzip(docx.file, 'word/document.xml');
  assert.ok(xml.includes(edited));
  assert.ok(xml.includes('七、抓好内部管理,深化自身队伍建设'));
  assert.ok(xml.includes('明年力争APEC商务旅行卡新增申办100张。'));
  const pdf = pdftext((await fetchFile(`/api/v1/report-drafts/${d.id}?format=pdf`)).file);
  assert.ok(pdf.includes('外事队伍力量不足。'));
});

test('server stops cleanly', async () => { await srv.stop(); });

test('a draft whose audit entry fails is not half-written: no draft, no version, no edit', async () => {
  const drafts = rawSql(srv.db, 'SELECT COUNT(*) FROM report_drafts');
  const versions = rawSql(srv.db, 'SELECT COUNT(*) FROM report_draft_versions');
  const faulty = await startServer({ db: srv.db, env: { WAISHI_FAULT: 'audit:report_draft' } });
  try {
    const office = new Office(faulty);
    assertError(await office.call('officer', 'POST', '/api/v1/report-drafts', { from: `${Y - 1}-01-01`, to: `${Y - 1}-06-30` }), 500, 'internal');
    assertError(await office.call('officer', 'PATCH', `/api/v1/report-drafts/${draftId}`, { version: 5, title: '改不成的标题' }), 500, 'internal');
    assertError(await office.call('officer', 'POST', `/api/v1/report-drafts/${draftId}/refresh`, { version: 5 }), 500, 'internal');
    const d = await office.ok('officer', 'GET', `/api/v1/report-drafts/${draftId}`);
    assert.deepEqual([d.version, d.title], [5, `${Y - 1}年下半年外事工作总结`]);
  } finally { await faulty.stop(); }
  assert.equal(rawSql(srv.db, 'SELECT COUNT(*) FROM report_drafts'), drafts);
  assert.equal(rawSql(srv.db, 'SELECT COUNT(*) FROM report_draft_versions'), versions);
});

// The demo's 上半年 and 全年 reports against the checklist of the issue, item by item.
const ORDER = ['trips', 'receptions', 'sister_cities', 'economy', 'cases', 'info'];
const CATEGORY_ORDER = ['友城政府团', '友城学生团', '商务团', '教育团', '国际组织', '驻华使馆团', '领事团', '荣誉市民团', '海外华人华侨团', '其他团组'];
function checklist(r, { title, name, planHeading }) {
  assert.equal(r.title, title, 'a title naming the period');
  assert.ok(r.opening.startsWith(`${name},`) && r.opening.endsWith('工作总结如下:'), r.opening);
  assert.deepEqual(r.sections.map((s) => s.number), ['一', '二', '三', '四', '五', '六'].slice(0, r.sections.length), 'numbered 一、二、…');
  const keys = r.sections.map((s) => s.key);
  assert.deepEqual(keys, ORDER.filter((k) => keys.includes(k)), 'sections in the seeds\' order');
  for (const s of r.sections) assert.ok(s.paragraphs.length > 0 && s.paragraphs.every((p) => p.key.startsWith(`${s.key}.`) && p.text.length > 0));
  const text = allText(r);
  assert.doesNotMatch(text, SPOKEN_ZERO, 'no zero is said');
  assert.doesNotMatch(text, /\.\d*0万元/, '万元 without trailing zeros');
  assert.doesNotMatch(text, /今年/, '今年 only for this year to date');
  assert.doesNotMatch(text, /友好城市\d+个|友好交流城市\d+个/, 'sister cities are counted in 对');
  assert.doesNotMatch(text, /\d+张[^。]*持卡人\d+人/, 'cards are counted in 张');
  const d = r.figures.delegations;
  const comparison = para(r, 'trips.comparison');
  if (d.batches || d.last_year.batches) {
    assert.match(comparison, /去年同期/, 'the comparison names last year');
    assert.match(comparison, new RegExp(`${d.last_year.batches}批${d.last_year.persons}人次`), 'with last year\'s absolute figures');
    assert.ok(comparison.endsWith(d.zero_growth ? ',实现了零增长。' : ',未实现零增长。'), comparison);
  }
  const violations = d.violations.overstay + d.violations.detour;
  assert.equal(/未发生超时、绕道等违规问题/.test(text), violations === 0 && d.batches > 0, '「未发生超时、绕道」 only when none');
  const reception = para(r, 'receptions.totals') || '';
  const at = CATEGORY_ORDER.map((c) => reception.indexOf(`${c}`)).filter((i) => i >= 0);
  assert.deepEqual(at, [...at].sort((a, b) => a - b), 'reception categories in the seeds\' order');
  for (const [key, v] of Object.entries(r.figures.receptions.foreign.by_category)) {
    if (key === 'sister_city_government' || key === 'sister_city_students') assert.match(reception, new RegExp(`${key === 'sister_city_government' ? '友城政府团' : '友城学生团'}${v.batches}批:\\S+市`), 'sister cities named');
  }
  const info = para(r, 'info.totals');
  if (info) assert.match(info, /被省外办录用\d+条/);
  assert.equal(r.plan_heading, planHeading);
  assert.equal(r.table.length, 14);
}

test('the demo\'s 上半年 and 全年 reports pass the checklist', async () => {
  const demo = await startServer({ db: demoDatabase({ full: true }) });
  try {
    const office = new Office(demo);
    const h1 = await office.ok('viewer', 'GET', `/api/v1/reports/work-summary?${half(Y, 1)}`);
    checklist(h1, { title: `${Y}年上半年外事工作总结`, name: '上半年', planHeading: '下半年工作打算' });
    const year = await office.ok('viewer', 'GET', `/api/v1/reports/work-summary?from=${Y}-01-01&to=${Y}-12-31`);
    checklist(year, { title: `${Y}年外事工作总结`, name: `${Y}年`, planHeading: '明年工作打算' });
  } finally { await demo.stop(); }
});
