// registers.js - helpers for the register tests: one valid body per register.
'use strict';
const { today, addDays, uniq } = require('./trips');

const bodies = {
  reception: (o = {}) => ({ title: `法国友城政府代表团${uniq()}`, guest_type: 'foreign', category: 'sister_city_government', country: 'FR', persons: 8, arrive_date: today(), leave_date: addDays(today(), 2), host_unit_id: 1, programme: '会见、参观开发区', ...o }),
  sisterCity: (o = {}) => ({ name_zh: `城市${uniq()}`, name_local: 'Ville', country: 'FR', region: 'europe', relation: 'sister', established_on: '2015-06-01', ...o }),
  exchange: (cityId, o = {}) => ({ sister_city_id: cityId, kind: 'student', direction: 'outbound', date: today(), persons: 12, school: '市第一中学', partner_school: 'Lycée Victor Hugo', ...o }),
  abtc: (o = {}) => ({ person_name: `申请人${uniq()}`, company: '东盟国际贸易有限公司', applied_on: addDays(today(), -20), ...o }),
  case: (o = {}) => ({ received_on: addDays(today(), -3), category: 'labour', nationalities: ['VN'], parties: '越南籍务工人员阮某', summary: '劳务纠纷,要求支付拖欠工资', ...o }),
  infoItem: (o = {}) => ({ title: `我市与友城开展教育交流${uniq()}`, sent_on: addDays(today(), -5), author: '王丽', sent_to: ['省外办'], adopted_by: [{ body: 'province', on: addDays(today(), -2) }], ...o }),
  contact: (o = {}) => ({ name: `联络人${uniq()}`, organisation: '法国驻广州总领事馆', kind: 'consulate', country: 'FR', national_day: '07-14', email: 'contact@example.org', ...o }),
};

// A minimal multipart/form-data body with one file field.
function multipart(filename, content, field = 'file') {
  const boundary = `----waishi${uniq()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, content, tail]), type: `multipart/form-data; boundary=${boundary}` };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 1)]);

module.exports = { bodies, multipart, PDF, ELF };
