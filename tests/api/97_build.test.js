// The two commands work the first time: the Makefile computes package flags
// only after `deps` has run (a fake pkg-config that fails until a fake deps
// step has left its marker), and scripts/deps.sh names the Node.js it needs.
// Nothing is installed or removed: the fakes live in a temporary folder.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { test, assert, tempDir } = require('./lib');

const root = path.resolve(__dirname, '../..');

function script(dir, name, text) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, `#!/bin/sh\n${text}\n`, { mode: 0o755 });
  return p;
}

test('make run computes the package flags after deps has run (make -n with a pkg-config that fails until then)', async () => {
  const dir = tempDir();
  const marker = path.join(dir, 'installed');
  const pkgConfig = script(dir, 'pkg-config', `[ -e '${marker}' ] || { echo 'pkg-config: package not installed yet' >&2; exit 1; }
case "$*" in *--cflags*) echo '-I/marker/include -DWAISHI_PKG_MARKER' ;; *--libs*) echo '-lmarker' ;; esac`);
  const deps = script(dir, 'deps', `touch '${marker}'`);
  const r = spawnSync('make', ['-n', '-B', 'run', `PKG_CONFIG=${pkgConfig}`, `DEPS=${deps}`, `DB=${path.join(dir, 'none.db')}`],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(fs.existsSync(marker), 'deps ran');
  const compiles = r.stdout.split('\n').filter((l) => / -c -o build\/release\/\S+\.o src\//.test(l));
  assert.ok(compiles.length > 10, r.stdout.slice(0, 2000));
  for (const line of compiles) assert.match(line, /-isystem \/marker\/include -DWAISHI_PKG_MARKER/, line);
  assert.match(r.stdout, /-o build\/release\/waishi .*-lmarker/);
  assert.doesNotMatch(r.stderr, /package not installed yet/, 'pkg-config was never asked before deps');
});

test('deps.sh refuses a Node.js older than 20.19 with a clear message, and accepts 20.19', async () => {
  const dir = tempDir();
  script(dir, 'node', 'echo v18.19.0');
  let r = spawnSync('sh', [path.join(root, 'scripts/deps.sh')], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /Node\.js 18\.19\.0 is too old: the web interface needs Node\.js 20\.19 or newer/);
  script(dir, 'node', 'echo v20.19.0');
  r = spawnSync('sh', [path.join(root, 'scripts/deps.sh')], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
  assert.equal(r.status, 0, r.stderr);
});
