// The period summary: known records of a half-year and of the same half
// last year, every figure and the prose checked; whole year and odd period
// names; files opened and read (xlsx, docx, pdf); printed forms; list exports.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { test, startServer, assertError, assert, cli, tempDir, rawSql, thisYear } = require('./lib');
const { Office, addDays } = require('./trips');
const { bodies } = require('./registers');

// The reported year is the last complete one, so that every date of the fixture lies in the past
// whatever day the suite runs; Y - 1 is the year it is compared with.
let srv, o, Y, H1;

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

async function fetchFile(urlPath, who = 'officer') {
  const res = await fetch(srv.url + urlPath, { headers: { Authorization: `Bearer ${await o.as(who)}` } });
  assert.equal(res.status, 200, await res.clone().text());
  const file = path.join(tempDir(), path.basename(urlPath.split('?')[0]) + '.bin');
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return { file, type: res.headers.get('content-type') };
}
const unzip = (file, member) => execFileSync('unzip', ['-p', file, member]).toString('utf8');
const pdftext = (file) => execFileSync('pdftotext', [file, '-']).toString('utf8').replace(/\s+/g, '');

test('a known half-year and the same half last year are entered through the API', async () => {
  srv = await startServer();
  Y = thisYear() - 1;
  H1 = `from=${Y}-01-01&to=${Y}-06-30`;
  o = new Office(srv);
  await o.rule('zero_growth', { enabled: false });
  await o.rule('within_plan', { enabled: false });
  await approveTrips(4, `${Y - 1}-04-10`, 100000);
  await approveTrips(3, `${Y}-03-15`, 80000.5);
  await approveTrips(1, `${Y}-08-01`, 5000); // second half: outside H1
  const letter = (kind, date, n) => o.ok('officer', 'POST', '/api/v1/letters', {
    kind, date, unit_id: 2, purpose: '事由',
    persons: Array.from({ length: n }, (_, i) => ({ name: `人${i}`, nationality: 'DE', passport_no: `X${i}00000` })),
  });
  await letter('introduction', `${Y}-02-01`, 1);
  await letter('introduction', `${Y}-03-01`, 2);
  await letter('invitation', `${Y}-04-01`, 1);
  await letter('visa_service', `${Y}-05-01`, 3);
  await letter('introduction', `${Y - 1}-05-01`, 5);
  await o.ok('officer', 'POST', '/api/v1/receptions', bodies.reception({ persons: 8, arrive_date: `${Y}-03-01`, leave_date: `${Y}-03-02` }));
  await o.ok('officer', 'POST', '/api/v1/receptions', bodies.reception({ category: 'business', country: 'TH', persons: 12, arrive_date: `${Y}-04-01`, leave_date: `${Y}-04-03` }));
  await o.ok('officer', 'POST', '/api/v1/receptions', bodies.reception({ guest_type: 'domestic', category: 'other', country: null, persons: 20, arrive_date: `${Y}-05-01`, leave_date: `${Y}-05-01` }));
  await o.ok('officer', 'POST', '/api/v1/info-items', bodies.infoItem({ sent_on: `${Y}-02-01`, adopted_by: [{ body: 'province', on: `${Y}-02-03` }] }));
  await o.ok('officer', 'POST', '/api/v1/info-items', bodies.infoItem({ sent_on: `${Y}-03-01`, adopted_by: [{ body: 'province', on: `${Y}-03-03` }] }));
  await o.ok('officer', 'POST', '/api/v1/info-items', bodies.infoItem({ sent_on: `${Y}-04-01`, adopted_by: [] }));
});

test('every figure of the half-year, with last year beside it', async () => {
  const s = await o.ok('viewer', 'GET', `/api/v1/reports/summary?${H1}`);
  assert.deepEqual(s.period, { from: `${Y}-01-01`, to: `${Y}-06-30` });
  assert.deepEqual(s.last_period, { from: `${Y - 1}-01-01`, to: `${Y - 1}-06-30` });
  const d = s.delegations;
  assert.equal(d.batches, 3);
  assert.equal(d.persons, 6);
  assert.equal(d.budget_cny, 240001.5);
  assert.deepEqual(d.by_category, { inspection: { batches: 3, persons: 6 } });
  assert.deepEqual(d.by_region, { europe: { batches: 3, persons: 6 } });
  assert.equal(d.by_unit['市商务局'].batches, 3);
  assert.equal(d.last_year.batches, 4);
  assert.equal(d.last_year.persons, 8);
  assert.equal(d.last_year.budget_cny, 400000);
  assert.equal(d.zero_growth, true);
  assert.deepEqual(s.letters.introduction, { batches: 2, persons: 3 });
  assert.deepEqual(s.letters.invitation, { batches: 1, persons: 1 });
  assert.deepEqual(s.letters.visa_service, { batches: 1, persons: 3 });
  assert.deepEqual(s.letters.last_year.introduction, { batches: 1, persons: 5 });
  assert.equal(s.receptions.foreign.batches, 2);
  assert.equal(s.receptions.foreign.persons, 20);
  assert.deepEqual(s.receptions.foreign.by_category, { sister_city_government: { batches: 1, persons: 8 }, business: { batches: 1, persons: 12 } });
  assert.deepEqual({ b: s.receptions.domestic.batches, p: s.receptions.domestic.persons }, { b: 1, p: 20 });
  assert.equal(s.info_items.sent, 3);
  assert.equal(s.info_items.adopted.province, 2);
  assert.equal(s.cases.received, 0);
  assert.equal(s.passports.due, 0);
  assert.equal(s.passports.collection_rate, null);
});

test('the prose carries the figures in the register of the seed reports', async () => {
  const { text, title } = await o.ok('officer', 'GET', `/api/v1/reports/summary?${H1}`);
  assert.equal(title, `${Y}年上半年外事工作总结`);
  assert.ok(text.startsWith('上半年,我市共办理因公出国(境)团组3批6人次,出访经费24万元。'), text);
  // the comparison has its subject and last year's figures; money in 万元 without trailing zeros
  assert.ok(text.includes('上半年因公出国(境)团组未超过去年同期4批8人次、经费40万元的出访量,与去年同期相比,减少1批2人次,经费减少16万元,实现了零增长。'), text);
  assert.ok(text.includes('上半年,我办共接待外宾2批20人次、内宾1批20人,其中友城政府团1批;商务团1批。'), text);
  assert.ok(text.includes('办理介绍信2批3人次,邀请外国人来华函电1批1人次;代办因私签证1批3人次。'), text);
  assert.ok(text.includes('上半年,我办共编发上报各类信息3条,被省外办录用2条。'), text);
  assert.doesNotMatch(text, /涉外案/, 'an empty register is left out');
  assert.doesNotMatch(text, /APEC/, 'an empty register is left out');
  assert.doesNotMatch(text, /收缴率/, 'no passport fell due');
});

test('a whole year is named by its year, an odd period by its dates; growth is said with its subject', async () => {
  const year = await o.ok('officer', 'GET', `/api/v1/reports/summary?from=${Y}-01-01&to=${Y}-12-31`);
  assert.equal(year.title, `${Y}年外事工作总结`);
  assert.ok(year.text.startsWith('全年,我市共办理因公出国(境)团组4批8人次,出访经费24.5万元。'), year.text);
  assert.ok(year.text.includes('全年因公出国(境)团组未超过去年同期4批8人次、经费40万元的出访量,与去年同期相比,批次、人次持平,经费减少15.5万元,实现了零增长。'), year.text);
  const odd = await o.ok('officer', 'GET', `/api/v1/reports/summary?from=${Y}-02-01&to=${Y}-05-31`);
  assert.equal(odd.title, `${Y}年2月1日至5月31日外事工作总结`);
  assert.ok(odd.text.startsWith(`${Y}年2月1日至5月31日,我市共办理因公出国(境)团组3批6人次`), odd.text);
  const last = await o.ok('officer', 'GET', `/api/v1/reports/summary?from=${Y - 1}-01-01&to=${Y - 1}-06-30`);
  assert.ok(last.text.includes('去年同期未办理因公出国(境)团组,上半年因公出国(境)团组比去年同期增加4批8人次,经费增加40万元,未实现零增长。'), last.text);
  assertError(await o.call('officer', 'GET', `/api/v1/reports/summary?from=${Y}-06-30&to=${Y}-01-01`), 422, 'invalid', 'to');
  assertError(await o.call('officer', 'GET', `/api/v1/reports/summary?from=${Y}-01-01`), 422, 'invalid', 'to');
  assertError(await o.call('officer', 'GET', `/api/v1/reports/summary?${H1}&format=odt`), 422, 'invalid', 'format');
  assertError(await o.call('shangwu', 'GET', `/api/v1/reports/summary?${H1}`), 403, 'forbidden');
});

test('the prose bugs of the old summary stay fixed: 今年 for any year, empty year claiming 零增长, zeros said', async () => {
  const lastYear = await o.ok('officer', 'GET', `/api/v1/reports/summary?from=${Y - 1}-01-01&to=${Y - 1}-12-31`);
  assert.equal(lastYear.title, `${Y - 1}年外事工作总结`);
  assert.doesNotMatch(lastYear.text, /今年/);
  const empty = await o.ok('officer', 'GET', `/api/v1/reports/summary?from=${Y - 5}-01-01&to=${Y - 5}-12-31`);
  assert.equal(empty.text, '', 'a year with no data claims nothing, zero growth least of all');
  for (const t of [lastYear.text, (await o.ok('officer', 'GET', `/api/v1/reports/summary?${H1}`)).text]) {
    assert.doesNotMatch(t, /(^|[^\d.])0(批|人|张|起|条|次|本|对|个)/, 'no zero is said');
    assert.doesNotMatch(t, /\.\d*0万元/, 'no trailing zero in 万元');
    assert.doesNotMatch(t, /^比去年同期|。比去年同期/, 'a comparison has a subject');
  }
});

test('the summary as a workbook: figures with last year beside them, one sheet per breakdown', async () => {
  const { file, type } = await fetchFile(`/api/v1/reports/summary?${H1}&format=xlsx`);
  assert.match(type, /spreadsheetml/);
  const book = unzip(file, 'xl/workbook.xml');
  assert.match(book, /name="汇总"/);
  assert.match(book, /name="接待外宾"/);
  const strings = unzip(file, 'xl/sharedStrings.xml');
  assert.match(strings, /因公出国\(境\)团组\(批\)/);
  assert.match(strings, /去年同期/);
  const sheet = unzip(file, 'xl/worksheets/sheet1.xml');
  assert.match(sheet, /<pane ySplit="1"/, 'frozen header row');
  assert.match(sheet, /<v>240001.5<\/v>/);
  assert.match(sheet, /<v>400000<\/v>/);
});

test('the summary as Word and as PDF holds the title and the prose', async () => {
  const docx = await fetchFile(`/api/v1/reports/summary?${H1}&format=docx`);
  assert.match(docx.type, /wordprocessingml/);
  const xml = unzip(docx.file, 'word/document.xml');
  assert.ok(xml.includes(`${Y}年上半年外事工作总结`));
  assert.match(xml, /上半年,我市共办理因公出国\(境\)团组3批6人次/);
  assert.match(xml, /<w:tbl>/, 'the figures as a table');
  const pdf = await fetchFile(`/api/v1/reports/summary?${H1}&format=pdf`);
  assert.equal(pdf.type, 'application/pdf');
  const text = pdftext(pdf.file);
  assert.ok(text.includes(`${Y}年上半年外事工作总结`));
  assert.match(text, /上半年,我市共办理因公出国\(境\)团组3批6人次/);
});

test('the command line writes the same summary as text, json and files', async () => {
  const text = cli(['report', '--db', srv.db, 'summary', '--from', `${Y}-01-01`, '--to', `${Y}-06-30`]);
  assert.equal(text.status, 0, text.stderr);
  assert.ok(text.stdout.startsWith('上半年,我市共办理因公出国(境)团组3批6人次'));
  const json = cli(['report', '--db', srv.db, 'summary', '--from', `${Y}-01-01`, '--to', `${Y}-06-30`, '--format', 'json']);
  assert.equal(JSON.parse(json.stdout).delegations.batches, 3);
  const out = path.join(tempDir(), 'h1.pdf');
  assert.equal(cli(['report', '--db', srv.db, 'summary', '--from', `${Y}-01-01`, '--to', `${Y}-06-30`, '--format', 'pdf', '--out', out]).status, 0);
  assert.ok(pdftext(out).includes(`${Y}年上半年外事工作总结`));
  assert.equal(cli(['report', '--db', srv.db, 'summary', '--from', 'yesterday', '--to', `${Y}-06-30`]).status, 2);
});

test('printed forms: the trip approval and the invitation letter, in Chinese', async () => {
  const trips = await o.ok('officer', 'GET', '/api/v1/delegations?status=approved&per_page=1');
  const t = await o.ok('officer', 'GET', `/api/v1/delegations/${trips.items[0].id}`);
  const form = await fetchFile(`/api/v1/delegations/${t.id}/approval-form`);
  const text = pdftext(form.file);
  assert.match(text, /因公出国\(境\)任务批件/);
  assert.ok(text.includes(`批件号:${t.approval_no}`), text.slice(0, 300));
  assert.ok(text.includes(t.title));
  assert.match(text, /德国\(慕尼黑,5天\)/);
  assert.ok(text.includes(t.members[0].name));
  assert.ok(text.includes(`经费预算:${t.budget_cny.toFixed(2)}元`));
  const draft = await o.draft();
  assertError(await o.call('officer', 'GET', `/api/v1/delegations/${draft.id}/approval-form`), 409, 'invalid_transition');
  const inv = (await o.ok('officer', 'GET', '/api/v1/letters?kind=invitation')).items[0];
  const letterText = pdftext((await fetchFile(`/api/v1/letters/${inv.id}/invitation-form`)).file);
  assert.match(letterText, /邀请函/);
  assert.match(letterText, /X000000/);
  assert.match(letterText, /德国/);
  const intro = (await o.ok('officer', 'GET', '/api/v1/letters?kind=introduction')).items[0];
  assertError(await o.call('officer', 'GET', `/api/v1/letters/${intro.id}/invitation-form`), 409, 'invalid_transition');
});

// Rows of the first sheet of a workbook, and its shared strings.
const sheetRows = (file) => (unzip(file, 'xl/worksheets/sheet1.xml').match(/<row /g) || []).length;

test('every list exports to Excel with its filters', async () => {
  const { file } = await fetchFile('/api/v1/delegations?status=approved&format=xlsx');
  // streamed in constant memory: the strings are inline in the sheet
  const sheet = unzip(file, 'xl/worksheets/sheet1.xml');
  assert.match(sheet, /团组编号/);
  assert.match(sheet, /出发日期/);
  assert.equal(sheetRows(file), 8 + 1, 'the 8 approved trips of the fixture and a header row');
  assert.match(unzip(file, 'xl/styles.xml'), /yyyy-mm-dd/, 'dates as dates');
  // each list: its rows are the table's rows as the database holds them (not the list's own total)
  const count = (sql) => Number(rawSql(srv.db, sql));
  await o.ok('officer', 'POST', '/api/v1/sister-cities', bodies.sisterCity());
  const city = await o.ok('officer', 'POST', '/api/v1/sister-cities', bodies.sisterCity());
  await o.ok('officer', 'POST', '/api/v1/exchanges', bodies.exchange(city.id));
  await o.ok('officer', 'POST', '/api/v1/abtc', bodies.abtc());
  await o.ok('officer', 'POST', '/api/v1/cases', bodies.case());
  await o.ok('officer', 'POST', '/api/v1/contacts', bodies.contact());
  const lists = {
    units: 'SELECT COUNT(*) FROM units', persons: 'SELECT COUNT(*) FROM persons', passports: 'SELECT COUNT(*) FROM passports',
    letters: 'SELECT COUNT(*) FROM letters', receptions: 'SELECT COUNT(*) FROM receptions', 'info-items': 'SELECT COUNT(*) FROM info_items',
    'sister-cities': 'SELECT COUNT(*) FROM sister_cities', exchanges: 'SELECT COUNT(*) FROM exchanges', abtc: 'SELECT COUNT(*) FROM abtc_cards',
    cases: 'SELECT COUNT(*) FROM cases', contacts: 'SELECT COUNT(*) FROM contacts',
  };
  const known = { letters: 5, receptions: 3, 'info-items': 3, 'sister-cities': 2, exchanges: 1, abtc: 1, cases: 1, contacts: 1 };
  for (const [list, sql] of Object.entries(lists)) {
    const res = await fetch(`${srv.url}/api/v1/${list}?format=xlsx&per_page=200`, { headers: { Authorization: `Bearer ${await o.as('officer')}` } });
    assert.equal(res.status, 200, list);
    assert.match(res.headers.get('content-disposition'), new RegExp(`${list}\\.xlsx`));
    const f = path.join(tempDir(), `${list}.xlsx`);
    fs.writeFileSync(f, Buffer.from(await res.arrayBuffer()));
    const rows = count(sql);
    if (known[list] !== undefined) assert.equal(rows, known[list], `${list} in the fixture`);
    assert.ok(rows > 0, list);
    assert.equal(sheetRows(f), rows + 1, `${list}: one row per record and a header`);
  }
  const audit = await fetchFile('/api/v1/audit?format=xlsx&per_page=200&entity=letter', 'admin');
  assert.equal(sheetRows(audit.file), 5 + 1, 'the audit entries of the 5 letters');
});

test('server stops cleanly', async () => { await srv.stop(); });
