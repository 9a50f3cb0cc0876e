// registers.js - the simple registers as configuration: their list columns,
// filters, form fields and row actions, all drawn by views/Register.vue.
const OFFICE = ['admin', 'officer'];
const APPLICANTS = ['admin', 'officer', 'unit', 'county'];

export const registers = {
  persons: {
    path: '/persons', title: 'menu.persons', write: APPLICANTS,
    columns: [['name', '姓名', 'Name'], ['gender', '性别', 'Gender', 'gender'], ['unit_name', '单位', 'Unit'], ['position', '职务', 'Position'], ['rank', '级别', 'Rank', 'rank'], ['is_cadre', '党政干部', 'Cadre', 'bool']],
    filters: [['unit_id', 'unit'], ['q', 'text']],
    fields: [['name', '姓名', 'Name', 'text', true], ['gender', '性别', 'Gender', 'gender', true], ['birth_date', '出生日期', 'Birth date', 'date'], ['unit_id', '单位', 'Unit', 'unit', true], ['position', '职务', 'Position', 'text'], ['rank', '级别', 'Rank', 'rank', true], ['is_cadre', '党政干部', 'Cadre', 'bool'], ['is_leadership', '领导班子成员', 'Leadership member', 'bool'], ['is_principal', '党政正职', 'Principal leader', 'bool'], ['retired', '已退休', 'Retired', 'bool']],
  },
  letters: {
    path: '/letters', title: 'menu.letters', write: APPLICANTS,
    columns: [['date', '日期', 'Date'], ['kind', '类别', 'Kind', 'letter_kind'], ['unit_name', '单位', 'Unit'], ['purpose', '事由', 'Purpose'], ['person_count', '人次', 'Persons']],
    filters: [['kind', 'letter_kind'], ['from', 'date'], ['to', 'date'], ['q', 'text']],
    fields: [['kind', '类别', 'Kind', 'letter_kind', true], ['date', '日期', 'Date', 'date', true], ['unit_id', '申请单位', 'Unit', 'unit', true], ['purpose', '事由', 'Purpose', 'textarea', true], ['persons', '人员(每行:姓名,国籍代码,护照号)', 'Persons (name, nationality, passport per line)', 'persons', true]],
    rowActions: [{ key: 'invitation-form', zh: '打印邀请函', en: 'Print invitation', when: (r) => r.kind === 'invitation', open: (r) => `/api/v1/letters/${r.id}/invitation-form` }],
  },
  // issue 17: document applications (办照), invitation applications (邀请外国人来华审批), visa requirements
  'document-applications': {
    path: '/document-applications', title: 'menu.documentApplications', write: APPLICANTS, noEdit: true,
    columns: [['applied_on', '申请日期', 'Applied'], ['person_name', '申请人', 'Person'], ['kind', '证件种类', 'Kind', 'document_kind'], ['reason', '申办原因', 'Reason', 'document_reason'], ['status', '状态', 'Status', 'document_status'], ['submitted_to', '受理机关', 'Submitted to'], ['number', '证件号码', 'Number'], ['decided_on', '办结日期', 'Decided']],
    filters: [['status', 'document_status'], ['kind', 'document_kind'], ['q', 'text']],
    fields: [['person_id', '申请人', 'Person', 'person', true], ['kind', '证件种类', 'Kind', 'document_kind', true], ['reason', '申办原因', 'Reason', 'document_reason', true], ['applied_on', '申请日期', 'Applied on', 'date', true], ['notes', '备注', 'Notes', 'textarea']],
    transitions: [
      { key: 'submit', zh: '递交', en: 'Submit', from: ['applied'], roles: OFFICE, fields: [['date', '递交日期', 'Date', 'date'], ['submitted_to', '受理机关', 'Submitted to', 'text', true]] },
      { key: 'issue', zh: '登记签发', en: 'Issued', from: ['submitted'], roles: OFFICE, fields: [['date', '签发日期', 'Date', 'date'], ['number', '证件号码', 'Number', 'text', true], ['expiry_date', '有效期至', 'Expiry', 'date'], ['passport_kind', '护照种类(因公护照填写)', 'Passport kind (official passports)', 'passport_kind']] },
      { key: 'refuse', zh: '不予签发', en: 'Refused', from: ['submitted'], roles: OFFICE, fields: [['date', '日期', 'Date', 'date'], ['reason', '原因', 'Reason', 'textarea', true]] },
    ],
  },
  invitations: {
    path: '/invitations', title: 'menu.invitations', write: APPLICANTS, editWhen: (r) => r.status === 'draft',
    columns: [['invitation_no', '邀请函编号', 'Number'], ['unit_name', '邀请单位', 'Inviting unit'], ['purpose', '事由', 'Purpose'], ['arrive_date', '抵达', 'Arrival'], ['leave_date', '离开', 'Departure'], ['person_count', '人数', 'Persons'], ['status', '状态', 'Status', 'invitation_status']],
    filters: [['status', 'invitation_status'], ['unit_id', 'unit'], ['q', 'text']],
    fields: [['unit_id', '邀请单位', 'Inviting unit', 'unit', true], ['purpose', '邀请事由', 'Purpose', 'textarea', true], ['arrive_date', '抵达日期', 'Arrival', 'date', true], ['leave_date', '离开日期', 'Departure', 'date', true], ['visa_post', '签证机构(驻外使领馆)', 'Visa post', 'text', true], ['persons', '被邀请人(每行:姓名,国籍代码,护照号,出生日期,职务)', 'Invitees (name, nationality, passport, birth date, position per line)', 'invitees', true]],
    transitions: [
      { key: 'submit', zh: '提交审批', en: 'Submit', from: ['draft'], roles: APPLICANTS, fields: [] },
      { key: 'approve', zh: '批准', en: 'Approve', from: ['submitted'], roles: ['admin', 'director', 'officer'], fields: [['comment', '审批意见', 'Comment', 'textarea']] },
      { key: 'reject', zh: '不予批准', en: 'Reject', from: ['submitted'], roles: ['admin', 'director', 'officer'], fields: [['comment', '理由', 'Reason', 'textarea', true]] },
    ],
    rowActions: [
      { key: 'letter', zh: '打印邀请函', en: 'Print invitation', when: (r) => r.status === 'approved', open: (r) => `/api/v1/invitations/${r.id}/letter` },
      { key: 'notification', zh: '打印通知函', en: 'Print notification', when: (r) => r.status === 'approved', open: (r) => `/api/v1/invitations/${r.id}/notification` },
    ],
  },
  'visa-requirements': {
    path: '/visa-requirements', title: 'menu.visaRequirements', write: ['admin'], noPatch: ['country'],
    columns: [['country_name', '国家(地区)', 'Country'], ['country', '代码', 'Code'], ['requirement', '签证要求', 'Requirement', 'visa_requirement'], ['notes', '说明', 'Notes']],
    filters: [['q', 'text']],
    fields: [['country', '国家(地区)', 'Country', 'country', true], ['requirement', '签证要求', 'Requirement', 'visa_requirement', true], ['notes', '说明', 'Notes', 'textarea']],
  },
  receptions: {
    path: '/receptions', title: 'menu.receptions', write: OFFICE,
    columns: [['arrive_date', '抵达', 'Arrival'], ['title', '团组', 'Group'], ['guest_type', '类别', 'Guests', 'guest_type'], ['category', '团组类别', 'Category', 'reception_category'], ['persons', '人数', 'Persons'], ['host_unit_name', '接待单位', 'Host']],
    filters: [['guest_type', 'guest_type'], ['category', 'reception_category'], ['from', 'date'], ['to', 'date'], ['q', 'text']],
    fields: [['title', '团组名称', 'Title', 'text', true], ['guest_type', '宾客类别', 'Guests', 'guest_type', true], ['category', '团组类别', 'Category', 'reception_category', true], ['country', '国家(地区)', 'Country', 'country'], ['sister_city_id', '友好城市', 'Sister city', 'city'], ['persons', '人数', 'Persons', 'number', true], ['arrive_date', '抵达日期', 'Arrival', 'date', true], ['leave_date', '离开日期', 'Departure', 'date', true], ['host_unit_id', '接待单位', 'Host unit', 'unit', true], ['programme', '活动安排', 'Programme', 'textarea']],
  },
  'sister-cities': {
    path: '/sister-cities', title: 'menu.sisterCities', write: OFFICE, coverage: true,
    columns: [['name_zh', '中文名称', 'Name'], ['name_local', '外文名称', 'Local name'], ['country_name', '国家', 'Country'], ['region', '地区', 'Region', 'region'], ['relation', '关系', 'Relation', 'relation'], ['established_on', '缔结日期', 'Established'], ['exchange_count', '交流次数', 'Exchanges']],
    filters: [['region', 'region'], ['relation', 'relation'], ['q', 'text']],
    fields: [['name_zh', '中文名称', 'Chinese name', 'text', true], ['name_local', '外文名称', 'Local name', 'text', true], ['country', '国家', 'Country', 'country', true], ['region', '地区', 'Region', 'region', true], ['relation', '关系', 'Relation', 'relation', true], ['established_on', '缔结日期', 'Established', 'date'], ['status', '状态', 'Status', 'city_status'], ['notes', '备注', 'Notes', 'textarea']],
  },
  exchanges: {
    path: '/exchanges', title: 'menu.exchanges', write: OFFICE,
    columns: [['date', '日期', 'Date'], ['sister_city_name', '友好城市', 'Sister city'], ['kind', '类别', 'Kind', 'exchange_kind'], ['direction', '方向', 'Direction', 'direction'], ['persons', '人数', 'Persons'], ['school', '我方学校', 'School'], ['partner_school', '对方学校', 'Partner school']],
    filters: [['kind', 'exchange_kind'], ['direction', 'direction'], ['from', 'date'], ['to', 'date'], ['q', 'text']],
    fields: [['sister_city_id', '友好城市', 'Sister city', 'city', true], ['kind', '类别', 'Kind', 'exchange_kind', true], ['direction', '方向', 'Direction', 'direction', true], ['date', '日期', 'Date', 'date', true], ['persons', '人数', 'Persons', 'number', true], ['school', '我方学校', 'School', 'text'], ['partner_school', '对方学校', 'Partner school', 'text'], ['notes', '备注', 'Notes', 'textarea']],
  },
  abtc: {
    path: '/abtc', title: 'menu.abtc', write: OFFICE,
    columns: [['person_name', '申请人', 'Applicant'], ['company', '企业', 'Company'], ['status', '状态', 'Status', 'abtc_status'], ['applied_on', '申请日期', 'Applied'], ['submitted_on', '报送日期', 'Submitted'], ['card_no', '卡号', 'Card no.'], ['expiry_date', '有效期至', 'Expiry']],
    filters: [['status', 'abtc_status'], ['q', 'text']],
    fields: [['person_name', '申请人', 'Applicant', 'text', true], ['company', '企业', 'Company', 'text', true], ['applied_on', '申请日期', 'Applied on', 'date', true]],
    transitions: [
      { key: 'submit', zh: '报送省外办', en: 'Submit', from: ['applied'], fields: [['date', '日期', 'Date', 'date']] },
      { key: 'approve', zh: '批准', en: 'Approve', from: ['submitted'], fields: [['date', '日期', 'Date', 'date'], ['card_no', '卡号', 'Card no.', 'text'], ['expiry_date', '有效期至', 'Expiry', 'date']] },
      { key: 'reject', zh: '未通过', en: 'Reject', from: ['submitted'], fields: [['date', '日期', 'Date', 'date']] },
    ],
  },
  cases: {
    path: '/cases', title: 'menu.cases', write: OFFICE,
    columns: [['received_on', '受理日期', 'Received'], ['category', '类别', 'Category', 'case_category'], ['parties', '当事人', 'Parties'], ['status', '状态', 'Status', 'case_status'], ['closed_on', '办结日期', 'Closed']],
    filters: [['status', 'case_status'], ['category', 'case_category'], ['from', 'date'], ['to', 'date'], ['q', 'text']],
    fields: [['received_on', '受理日期', 'Received on', 'date', true], ['category', '类别', 'Category', 'case_category', true], ['nationalities', '涉及国籍', 'Nationalities', 'countries', true], ['parties', '当事人', 'Parties', 'text', true], ['summary', '案情摘要', 'Summary', 'textarea', true], ['resolution', '处理结果', 'Resolution', 'textarea']],
    transitions: [
      { key: 'start', zh: '开始办理', en: 'Start', from: ['received'], fields: [['date', '日期', 'Date', 'date']] },
      { key: 'answer', zh: '已答复', en: 'Answered', from: ['in_progress'], fields: [['date', '日期', 'Date', 'date']] },
      { key: 'close', zh: '办结', en: 'Close', from: ['answered'], fields: [['date', '日期', 'Date', 'date'], ['resolution', '处理结果', 'Resolution', 'textarea']] },
    ],
  },
  'info-items': {
    path: '/info-items', title: 'menu.infoItems', write: OFFICE,
    columns: [['sent_on', '报送日期', 'Sent'], ['title', '标题', 'Title'], ['author', '撰稿人', 'Author'], ['adopted_by', '录用', 'Adopted', 'adopted']],
    filters: [['from', 'date'], ['to', 'date'], ['q', 'text']],
    fields: [['title', '标题', 'Title', 'text', true], ['sent_on', '报送日期', 'Sent on', 'date', true], ['author', '撰稿人', 'Author', 'text', true], ['sent_to', '报送单位(以、分隔)', 'Sent to (separated by 、)', 'list', true], ['adopted_by', '录用单位', 'Adopted by', 'bodies']],
  },
  contacts: {
    path: '/contacts', title: 'menu.contacts', write: OFFICE,
    columns: [['name', '姓名', 'Name'], ['organisation', '机构', 'Organisation'], ['kind', '类别', 'Kind', 'contact_kind'], ['country', '国家', 'Country'], ['birthday', '生日', 'Birthday'], ['national_day', '国庆日', 'National day']],
    filters: [['kind', 'contact_kind'], ['q', 'text']],
    fields: [['name', '姓名', 'Name', 'text', true], ['organisation', '机构', 'Organisation', 'text'], ['kind', '类别', 'Kind', 'contact_kind', true], ['country', '国家', 'Country', 'country'], ['sister_city_id', '友好城市', 'Sister city', 'city'], ['birthday', '生日', 'Birthday', 'date'], ['national_day', '国庆日(月-日)', 'National day (MM-DD)', 'text'], ['email', '电子邮箱', 'E-mail', 'text'], ['phone', '电话', 'Phone', 'text'], ['notes', '备注', 'Notes', 'textarea']],
  },
  users: {
    path: '/users', title: 'menu.users', write: ['admin'], noPatch: ['username'],
    columns: [['username', '用户名', 'Username'], ['display_name', '姓名', 'Name'], ['role', '角色', 'Role', 'role'], ['unit_name', '单位', 'Unit'], ['is_active', '启用', 'Active', 'bool']],
    filters: [['role', 'role'], ['q', 'text']],
    fields: [['username', '用户名', 'Username', 'text', true], ['display_name', '姓名', 'Name', 'text', true], ['role', '角色', 'Role', 'role', true], ['unit_id', '单位', 'Unit', 'unit'], ['password', '密码', 'Password', 'password']],
    rowPosts: [{ key: 'deactivate', zh: '停用', en: 'Deactivate', when: (r) => r.is_active }, { key: 'activate', zh: '启用', en: 'Activate', when: (r) => !r.is_active }],
  },
  units: {
    path: '/units', title: 'menu.units', write: ['admin', 'officer'],
    columns: [['name', '名称', 'Name'], ['level', '级别', 'Level', 'level'], ['parent_name', '上级单位', 'Parent'], ['is_active', '启用', 'Active', 'bool']],
    filters: [['level', 'level'], ['q', 'text']],
    fields: [['name', '名称', 'Name', 'text', true], ['level', '级别', 'Level', 'level', true], ['parent_id', '上级单位', 'Parent', 'unit']],
    rowPosts: [{ key: 'deactivate', zh: '停用', en: 'Deactivate', when: (r) => r.is_active }, { key: 'activate', zh: '启用', en: 'Activate', when: (r) => !r.is_active }],
  },
};
