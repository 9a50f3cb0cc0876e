// trips.js - helpers for the trip tests: people with passports, plans, and
// trips brought into any state through the API itself.
'use strict';
const { api, login, assert, today, addDays, uniq } = require('./lib');

class Office {
  constructor(srv) { this.srv = srv; this.tokens = {}; }
  // One sign-in per user, shared by calls made at once: the server judges at most
  // lockout_threshold sign-ins of one account at a time and refuses more (423).
  async as(who) {
    if (!this.tokens[who]) this.tokens[who] = login(this.srv, who).then((s) => s.token);
    return this.tokens[who];
  }
  async call(who, method, path, body, extra = {}) {
    return api(this.srv, method, path, { token: await this.as(who), body, ...extra });
  }
  async ok(who, method, path, body) {
    const r = await this.call(who, method, path, body);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${path} as ${who}: ${r.status} ${r.text}`);
    return r.json;
  }
  // A traveller with a passport valid for years.
  async person({ unit_id = 2, cadre = true, name, passport = true, expiry = addDays(today(), 3000) } = {}) {
    const p = await this.ok('officer', 'POST', '/api/v1/persons', {
      name: name || `出访人${uniq()}`, gender: 'male', unit_id, rank: cadre ? 'division' : 'none', is_cadre: cadre, position: '副局长',
    });
    if (passport) {
      p.passport = await this.ok('officer', 'POST', '/api/v1/passports', {
        number: `P${uniq()}`.slice(0, 15), kind: 'service', person_id: p.id, expiry_date: expiry,
      });
    }
    return p;
  }
  async plan(unit_id = 2, year = Number(today().slice(0, 4)), { batches = 20, persons = 100, budget_cny = 2000000 } = {}) {
    const r = await this.call('officer', 'POST', '/api/v1/plans', { year, unit_id, batches, persons, budget_cny });
    if (r.status === 409) return null; // already planned
    assert.equal(r.status, 201, r.text);
    return r.json;
  }
  // A draft trip; override any field with `fields`.
  async draft({ unit_id = 2, members, size = 2, fields = {}, who = 'officer' } = {}) {
    if (!members) {
      members = [];
      for (let i = 0; i < size; i++) members.push(await this.person({ unit_id }));
    }
    const depart = fields.depart_date || addDays(today(), 60);
    const body = {
      unit_id, title: `赴德国考察团${uniq()}`, task: '考察职业教育合作项目', category: 'inspection', inviter: '德国巴伐利亚州经济部',
      depart_date: depart, return_date: addDays(depart, 4), budget_cny: 80000.5, budget_source: 'fiscal', official_days: 4,
      destinations: [{ country: 'DE', city: '慕尼黑', days: 5 }],
      members: members.map((m, i) => ({ person_id: m.id, is_leader: i === 0 })),
      ...fields,
    };
    const t = await this.ok(who, 'POST', '/api/v1/delegations', body);
    t.people = members;
    return t;
  }
  // Bring a trip to preliminary_approved, posted publicly 10 days ago.
  async preliminary(trip, postedOn = addDays(today(), -14)) {
    await this.ok('officer', 'POST', `/api/v1/delegations/${trip.id}/publicity`, { start_date: postedOn });
    await this.ok('officer', 'POST', `/api/v1/delegations/${trip.id}/submit`);
    return this.ok('officer', 'POST', `/api/v1/delegations/${trip.id}/preliminary`, { decision: 'approve' });
  }
  // Hold a review session on these trips with the given votes per trip ('for'|'against'|'abstain' per reviewer).
  async review(trips, votes = ['for', 'for', 'for'], date = today()) {
    const s = await this.ok('officer', 'POST', '/api/v1/review-sessions', { date, title: `会审${uniq()}`, delegation_ids: trips.map((t) => t.id) });
    for (const t of trips) {
      for (let i = 0; i < votes.length; i++) {
        if (votes[i]) await this.ok(`reviewer${i + 1}`, 'POST', `/api/v1/review-sessions/${s.id}/votes`, { delegation_id: t.id, decision: votes[i] });
      }
    }
    return this.ok('director', 'POST', `/api/v1/review-sessions/${s.id}/close`);
  }
  async approved(opts = {}) {
    const t = await this.draft(opts);
    await this.preliminary(t);
    await this.review([t]);
    return this.ok('officer', 'GET', `/api/v1/delegations/${t.id}`).then((x) => Object.assign(x, { people: t.people }));
  }
  // Rewrite the version of rule `key` in force today from its own first day
  // (for the whole of its history): what a test that sets a rule up needs.
  async rule(key, patch) {
    const r = (await this.ok('admin', 'GET', '/api/v1/rules')).items.find((x) => x.key === key);
    assert.ok(r, `rule ${key}`);
    return this.ok('admin', 'PATCH', `/api/v1/rules/${r.id}`, { effective_from: r.effective_from, ...patch });
  }
  // Trips of last year so that zero growth leaves room this year.
  async lastYearRoom(batches = 3) {
    const lastYear = Number(today().slice(0, 4)) - 1;
    await this.plan(2, lastYear);
    const trips = [];
    for (let i = 0; i < batches; i++) {
      const t = await this.draft({ size: 4, fields: { budget_cny: 500000 } });
      await this.preliminary(t, `${lastYear}-06-01`);
      trips.push(t);
    }
    const s = await this.review(trips, ['for', 'for', 'for'], `${lastYear}-06-30`);
    assert.deepEqual(s.items.map((i) => i.outcome), trips.map(() => 'approved'));
    return trips;
  }
}

module.exports = { Office, addDays, today, uniq };
