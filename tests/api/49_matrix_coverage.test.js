// Every route the server serves is in one of the permission matrices.
'use strict';
const { test, assert, cli } = require('./lib');
const { MATRIX: FOUNDATION } = require('./40_matrix.test.js');
const { MATRIX: TRIPS } = require('./41_matrix_trips.test.js');
const { MATRIX: REGISTERS } = require('./42_matrix_registers.test.js');
const { MATRIX: REPORTS } = require('./43_matrix_reports.test.js');
const { MATRIX: DOCUMENTS } = require('./44_matrix_documents.test.js');

test('every route of the server is in a permission matrix', async () => {
  const r = cli(['routes']);
  assert.equal(r.status, 0);
  const known = new Set([
    ...FOUNDATION.map(([m, p]) => `${m} ${p.replace(/\/\d+/g, '/{id}')}`),
    ...TRIPS.map(([m, pattern]) => `${m} ${pattern}`),
    ...REGISTERS.map(([m, pattern]) => `${m} ${pattern}`),
    ...REPORTS.map(([m, pattern]) => `${m} ${pattern}`),
    ...DOCUMENTS.map(([m, pattern]) => `${m} ${pattern}`),
  ]);
  const served = r.stdout.trim().split('\n').map((l) => l.split(/\s+/).slice(0, 2).join(' '));
  assert.ok(served.length >= 100, `${served.length} routes`);
  assert.deepEqual(served.filter((x) => !known.has(x)), [], 'routes missing from the permission matrices');
});
