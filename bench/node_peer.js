// node_peer.js - the Node.js peer of issue 18 for `make bench`: Express 5 and
// better-sqlite3 answering GET /api/v1/units with the same work Waishi does
// (bearer token -> SHA-256 -> session row with its user -> COUNT(*) and the
// page -> JSON). bench/run.sh installs the two packages once into
// build/bench-node and runs this file beside them; it is not part of Waishi.
//   node node_peer.js DATABASE PORT
'use strict';
const crypto = require('node:crypto');
const express = require('express');
const Database = require('better-sqlite3');

const [db_path, port] = process.argv.slice(2);
const db = new Database(db_path, { readonly: true });
const session = db.prepare('SELECT s.id, s.csrf_token, s.last_seen, u.id AS user_id, u.username, u.role, u.unit_id,'
  + ' u.is_active FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?');
const count = db.prepare('SELECT COUNT(*) AS n FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE 1=1');
const page = db.prepare('SELECT u.id, u.name, u.level, u.parent_id, p.name AS parent_name, u.is_active, u.created_at,'
  + ' u.updated_at FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE 1=1 ORDER BY u.id LIMIT ? OFFSET ?');

const app = express();
app.get('/api/v1/units', (req, res) => {
  const authz = req.get('authorization') || '';
  const token = authz.startsWith('Bearer ') ? authz.slice(7) : '';
  const s = token.length === 64 ? session.get(crypto.createHash('sha256').update(token).digest('hex')) : undefined;
  if (!s || !s.is_active) return res.status(401).json({ error: { code: 'unauthenticated' } });
  const perPage = Math.min(200, Math.max(1, parseInt(req.query.per_page || '20', 10)));
  const pageNo = Math.max(1, parseInt(req.query.page || '1', 10));
  const items = page.all(perPage, (pageNo - 1) * perPage).map((r) => ({ ...r, is_active: r.is_active !== 0 }));
  res.set('Cache-Control', 'no-store').json({ items, total: count.get().n });
});
app.listen(Number(port), '127.0.0.1', () => process.stderr.write(`node peer listening on ${port}\n`));
