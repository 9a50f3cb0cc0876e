// countries.js - the country picker's list: loaded once, sorted by Chinese
// name (pinyin), and filtered so that the exact name comes first (typing
// 美国 offers 美国, not 美国本土外小岛屿). Hong Kong, Macao and Taiwan are
// regions of China (the server names them 中国香港, 中国澳门, 中国台湾 and
// marks them group "hmt"): the picker shows them in a group of their own
// before the foreign countries, and China itself is no destination.
import { computed, ref } from 'vue';
import { get } from './api.js';

const all = ref([]);
let loading = null;
const collator = new Intl.Collator('zh-Hans-CN-u-co-pinyin');

function rank(c, q) {
  if (!q) return 0;
  const ql = q.toLowerCase();
  if (c.name_zh === q || c.code.toLowerCase() === ql || c.name.toLowerCase() === ql) return 0;
  if (c.name_zh.startsWith(q) || c.name.toLowerCase().startsWith(ql)) return 1 + c.name_zh.length / 100;
  if (c.name_zh.includes(q) || c.name.toLowerCase().includes(ql)) return 2;
  return -1;
}

export function useCountries() {
  const query = ref('');
  const countryOptions = computed(() => {
    const q = query.value.trim();
    return all.value.map((c) => ({ c, r: rank(c, q) })).filter((x) => x.r >= 0).sort((a, b) => a.r - b.r).map((x) => x.c);
  });
  function loadCountries() {
    if (all.value.length) return Promise.resolve();
    if (!loading) loading = get('/countries').then((r) => { all.value = r.items.slice().sort((a, b) => collator.compare(a.name_zh, b.name_zh)); }).finally(() => { loading = null; });
    return loading;
  }
  // The destination picker: 港澳台 apart, then the foreign countries; China left out.
  const countryGroups = computed(() => [
    { key: 'hmt', label: '港澳台地区', options: countryOptions.value.filter((c) => c.group === 'hmt') },
    { key: 'foreign', label: '国家', options: countryOptions.value.filter((c) => c.group !== 'hmt' && c.group !== 'china') },
  ].filter((g) => g.options.length));
  const countryFilter = (q) => { query.value = q || ''; };
  const countryName = (code) => all.value.find((c) => c.code === code)?.name_zh || code;
  return { countryOptions, countryGroups, countryFilter, loadCountries, countryName };
}
