// run.js - runs every API test suite (tests/api/*.test.js) in order against
// the real binary and ends with "N passed, M failed".
//   node tests/api/run.js [FILTER...]   only the tests whose "suite: name" contains one of the filters
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib');

async function main() {
  const only = process.argv.slice(2);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) {
    lib.suite(f.replace('.test.js', ''));
    require(path.join(__dirname, f));
  }
  let passed = 0, failed = 0;
  for (const t of lib.tests) {
    if (only.length && !only.some((f) => `${t.suite}: ${t.name}`.includes(f))) continue;
    const started = Date.now();
    try {
      await t.fn();
      passed++;
      console.log(`ok   ${t.suite}: ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${t.suite}: ${t.name}\n     ${String(e && e.stack || e).split('\n').join('\n     ')}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
main().catch((e) => { console.error(e); console.log('0 passed, 1 failed'); process.exit(1); });
