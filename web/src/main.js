// main.js - the Waishi web interface: Vue 3, Element Plus, vue-i18n, vue-router.
import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import en from 'element-plus/es/locale/lang/en';
import App from './App.vue';
import { router } from './router.js';
import { i18n } from './i18n.js';
import './style.css';

const app = createApp(App);
app.use(ElementPlus, { locale: i18n.global.locale.value === 'en' ? en : zhCn });
app.use(i18n);
app.use(router);
app.mount('#app');
