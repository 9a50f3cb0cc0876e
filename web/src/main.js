// main.js - the Waishi web interface: Vue 3, Element Plus (imported per
// component by the build), vue-i18n, vue-router.
import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import App from './App.vue';
import { router } from './router.js';
import { i18n } from './i18n.js';
import './style.css';

const app = createApp(App);
app.use(i18n);
app.use(router);
app.mount('#app');
