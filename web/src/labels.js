// labels.js - Chinese and English labels of the server's enumerations.
export const labels = {
  role: { admin: ['系统管理员', 'Administrator'], officer: ['外办经办人', 'Officer'], reviewer: ['会审小组成员', 'Reviewer'], director: ['外办主任', 'Director'], unit: ['申报单位', 'Applicant unit'], viewer: ['领导查询', 'Viewer'] },
  status: { draft: ['草稿', 'Draft'], submitted: ['已申报', 'Submitted'], preliminary_approved: ['初审通过', 'Preliminary approved'], approved: ['已批准', 'Approved'], rejected: ['未通过', 'Rejected'], departed: ['已出访', 'Departed'], returned: ['已回国', 'Returned'], closed: ['已办结', 'Closed'], cancelled: ['已取消', 'Cancelled'] },
  category: { inspection: ['考察', 'Inspection'], investment: ['招商', 'Investment'], sister_city: ['友城交流', 'Sister city'], training: ['培训', 'Training'], conference: ['会议', 'Conference'], student: ['学生交流', 'Students'], business: ['商务', 'Business'], other: ['其他', 'Other'] },
  level: { city_bureau: ['市直部门', 'City bureau'], county: ['县', 'County'], district: ['区', 'District'], enterprise: ['企业', 'Enterprise'], school: ['学校', 'School'], other: ['其他', 'Other'] },
  rank: { provincial: ['省部级', 'Provincial'], bureau: ['厅局级', 'Bureau'], division: ['县处级', 'Division'], section: ['乡科级', 'Section'], staff: ['科员', 'Staff'], none: ['非干部', 'None'] },
  gender: { male: ['男', 'Male'], female: ['女', 'Female'] },
  passport_status: { in_custody: ['在库', 'In custody'], issued: ['已领取', 'Issued'], lost: ['遗失', 'Lost'], cancelled: ['注销', 'Cancelled'] },
  passport_kind: { service: ['公务护照', 'Service'], official_ordinary: ['因公普通护照', 'Official ordinary'] },
  letter_kind: { introduction: ['介绍信', 'Introduction'], invitation: ['邀请外国人来华函电', 'Invitation'], visa_service: ['因私签证代办', 'Visa service'] },
  guest_type: { foreign: ['外宾', 'Foreign'], domestic: ['内宾', 'Domestic'] },
  reception_category: { sister_city_government: ['友城政府团', 'Sister-city government'], sister_city_students: ['友城学生团', 'Sister-city students'], business: ['商务团', 'Business'], education: ['教育团', 'Education'], international_org: ['国际组织', 'International org.'], embassy: ['驻华使馆', 'Embassy'], consulate: ['领事团', 'Consulate'], honorary_citizen: ['荣誉市民团', 'Honorary citizens'], overseas_chinese: ['海外华人华侨', 'Overseas Chinese'], other: ['其他', 'Other'] },
  region: { asean: ['东盟', 'ASEAN'], east_asia: ['东亚', 'East Asia'], other_asia: ['亚洲其他地区', 'Other Asia'], europe: ['欧洲', 'Europe'], north_america: ['北美洲', 'North America'], latin_america: ['拉丁美洲', 'Latin America'], oceania: ['大洋洲', 'Oceania'], africa: ['非洲', 'Africa'] },
  relation: { sister: ['友好城市', 'Sister city'], friendly_exchange: ['友好交流城市', 'Friendly exchange'] },
  city_status: { active: ['正常', 'Active'], dormant: ['休眠', 'Dormant'], ended: ['终止', 'Ended'] },
  exchange_kind: { government: ['政府', 'Government'], student: ['学生', 'Students'], education: ['教育', 'Education'], business: ['经贸', 'Business'], culture: ['文化', 'Culture'], sports: ['体育', 'Sports'] },
  direction: { inbound: ['来访', 'Inbound'], outbound: ['出访', 'Outbound'] },
  abtc_status: { applied: ['已申请', 'Applied'], submitted: ['已报送', 'Submitted'], approved: ['已批准', 'Approved'], rejected: ['未通过', 'Rejected'], expired: ['已过期', 'Expired'] },
  case_category: { economic: ['经济', 'Economic'], labour: ['劳务', 'Labour'], death_injury: ['意外伤亡', 'Death/injury'], public_order: ['治安', 'Public order'], consular: ['领事协助', 'Consular'], other: ['其他', 'Other'] },
  case_status: { received: ['受理', 'Received'], in_progress: ['办理中', 'In progress'], answered: ['已答复', 'Answered'], closed: ['已办结', 'Closed'] },
  contact_kind: { consulate: ['领事馆', 'Consulate'], embassy: ['使馆', 'Embassy'], chamber: ['商会', 'Chamber'], honorary_citizen: ['荣誉市民', 'Honorary citizen'], mayor: ['友城市长', 'Mayor'], friend: ['友好人士', 'Friend'], other: ['其他', 'Other'] },
  vote: { for: ['赞成', 'For'], against: ['反对', 'Against'], abstain: ['弃权', 'Abstain'] },
  body: { province: ['省外办', 'Province'], prefecture: ['上级市外办', 'Prefecture'], national: ['国家级', 'National'], other: ['其他', 'Other'] },
};

export function label(kind, key, locale) {
  const l = labels[kind]?.[key];
  if (!l) return key ?? '';
  return locale === 'en' ? l[1] : l[0];
}

export function options(kind, locale) {
  return Object.entries(labels[kind]).map(([value, l]) => ({ value, label: locale === 'en' ? l[1] : l[0] }));
}
