// Static files of the web interface: served from the web directory,
// single-page fallback, placeholder when absent, no way out of the folder.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { test, startServer, api, assert, tempDir, demoDatabase } = require('./lib');

// Send a raw request line (fetch would normalise ../ away).
function rawGet(server, target) {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname, () => {
      sock.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('end', () => resolve({ status: Number(data.split(' ')[1]), text: data }));
    sock.on('error', reject);
  });
}

let srv, web, db;
test('server starts with a web directory', async () => {
  const root = tempDir(); // private: the web directory and, beside it, a file that must never be served
  web = path.join(root, 'web');
  fs.mkdirSync(web);
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>外事</title><div id="app"></div>');
  fs.mkdirSync(path.join(web, 'assets'));
  fs.writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'top secret');
  db = demoDatabase();
  srv = await startServer({ db, webDir: web });
});

test('files are served with their type; app routes fall back to index.html', async () => {
  const js = await api(srv, 'GET', '/assets/app.js');
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /javascript/);
  const page = await api(srv, 'GET', '/delegations/12');
  assert.equal(page.status, 200);
  assert.match(page.text, /id="app"/);
  assert.equal((await api(srv, 'GET', '/')).status, 200);
  assert.equal((await api(srv, 'GET', '/assets/missing.js')).status, 404);
});

test('path traversal is impossible', async () => {
  for (const target of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..\\..\\secret.txt', '/../../../../etc/passwd']) {
    const r = await rawGet(srv, target);
    assert.ok(!r.text.includes('top secret') && !r.text.includes('root:'), `${target} leaked: ${r.text.slice(0, 200)}`);
    assert.equal(r.status, 404, `${target}: ${r.text.slice(0, 200)}`);
  }
});

test('server stops cleanly', async () => { await srv.stop(); });

test('without a built interface a Chinese placeholder page is served', async () => {
  const bare = await startServer({ webDir: path.join(tempDir(), 'missing') });
  try {
    const r = await api(bare, 'GET', '/');
    assert.equal(r.status, 200);
    assert.match(r.text, /外事管理系统/);
  } finally { await bare.stop(); }
});
