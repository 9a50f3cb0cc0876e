// xlsx.js - a minimal .xlsx writer for the import tests (stored zip, one
// sheet, inline strings; numbers for numeric cells, so dates may be Excel
// serial day numbers as real spreadsheets hold them).
'use strict';
const zlib = require('node:zlib');

function crc32(buf) {
  return zlib.crc32 ? zlib.crc32(buf) : (() => {
    let c, crc = 0xffffffff;
    for (let n = 0; n < buf.length; n++) {
      c = (crc ^ buf[n]) & 0xff;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crc = (crc >>> 8) ^ c;
    }
    return (crc ^ 0xffffffff) >>> 0;
  })();
}

function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(files).length, 8); end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colName = (i) => (i >= 26 ? colName(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));

// rows: arrays of cells (strings or numbers).
function xlsx(rows) {
  const sheetRows = rows.map((cells, r) => `<row r="${r + 1}">${cells.map((v, c) => {
    const ref = `${colName(c)}${r + 1}`;
    return typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
  }).join('')}</row>`).join('');
  return zip({
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>',
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
  });
}

// Excel's serial day number of a YYYY-MM-DD date.
const serial = (ymd) => Math.round((Date.parse(ymd + 'T00:00:00Z') - Date.parse('1899-12-30T00:00:00Z')) / 86400000);

// A downloaded workbook (a template) with rows added under its first sheet's header row,
// the rest of the file as it was: a user filling in the template.
function fillWorkbook(file, rows) {
  const { execFileSync } = require('node:child_process');
  const names = execFileSync('unzip', ['-Z1', file]).toString().trim().split('\n');
  const files = {};
  for (const n of names) files[n] = execFileSync('unzip', ['-p', file, n.replace(/[[\]*?]/g, '\\$&')]).toString('utf8');
  const sheet = files['xl/worksheets/sheet1.xml'];
  const add = rows.map((cells, r) => `<row r="${r + 2}">${cells.map((v, c) => `<c r="${colName(c)}${r + 2}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`).join('');
  files['xl/worksheets/sheet1.xml'] = sheet.replace('</sheetData>', `${add}</sheetData>`);
  return zip(files);
}

// The first sheet of a workbook file as rows of cell texts (inline or shared strings, numbers as
// written), each row as long as its last cell: what a reader of the export sees.
function readSheet(file) {
  const { execFileSync } = require('node:child_process');
  const names = execFileSync('unzip', ['-Z1', file]).toString().trim().split('\n');
  const part = (n) => execFileSync('unzip', ['-p', file, n]).toString('utf8');
  const unesc = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const shared = names.includes('xl/sharedStrings.xml')
    ? [...part('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => unesc([...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join('')))
    : [];
  const col = (ref) => [...ref.replace(/\d+$/, '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return [...part('xl/worksheets/sheet1.xml').matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) => {
    const cells = [];
    for (const c of row[1].matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const body = c[3] || '';
      const v = /<v>([^<]*)<\/v>/.exec(body)?.[1];
      const text = /t="s"/.test(c[2]) ? shared[Number(v)] : /t="inlineStr"|t="str"/.test(c[2]) ? unesc([...body.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join('') || v || '') : v ?? '';
      cells[col(c[1])] = text;
    }
    return Array.from(cells, (x) => x ?? '');
  });
}

module.exports = { xlsx, serial, fillWorkbook, readSheet };
