// router.js - one route per screen, each loaded on demand (code split by
// route); meta.crumbs are the breadcrumb's i18n keys (the last is the page).
import { createRouter, createWebHistory } from 'vue-router';
import { session, loadSession, setUnauthenticatedHandler } from './api.js';
import { loadLabels } from './labels.js';
import { loadClock } from './time.js';

const Layout = () => import('./views/Layout.vue');
const TRIPS = 'menu.trips';
const routes = [
  { path: '/login', name: 'login', component: () => import('./views/Login.vue'), meta: { public: true } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', name: 'home', component: () => import('./views/Home.vue'), meta: { crumbs: ['menu.home'] } },
      { path: 'trips', name: 'trips', component: () => import('./views/TripList.vue'), meta: { crumbs: [TRIPS, 'menu.tripList'] } },
      { path: 'trips/new', name: 'trip-new', component: () => import('./views/TripForm.vue'), meta: { crumbs: [TRIPS, 'menu.newTrip'] } },
      { path: 'trips/:id/edit', name: 'trip-edit', component: () => import('./views/TripForm.vue'), meta: { crumbs: [TRIPS, 'menu.tripList', 'common.edit'] } },
      { path: 'trips/:id', name: 'trip', component: () => import('./views/TripDetail.vue'), meta: { crumbs: [TRIPS, 'menu.tripList', 'common.detail'] } },
      { path: 'reviews', name: 'reviews', component: () => import('./views/Reviews.vue'), meta: { crumbs: [TRIPS, 'menu.reviews'] } },
      { path: 'reviews/:id', name: 'review', component: () => import('./views/ReviewSession.vue'), meta: { crumbs: [TRIPS, 'menu.reviews', 'common.detail'] } },
      { path: 'passports', name: 'passports', component: () => import('./views/Passports.vue'), meta: { crumbs: [TRIPS, 'menu.passports'] } },
      { path: 'plans', name: 'plans', component: () => import('./views/Plans.vue'), meta: { crumbs: [TRIPS, 'menu.plans'] } },
      { path: 'registers/:name', name: 'register', component: () => import('./views/Register.vue'), meta: { crumbs: ['menu.registers'] } },
      { path: 'reports', name: 'reports', component: () => import('./views/Reports.vue'), meta: { crumbs: ['menu.reports'] } },
      { path: 'work-reports/:id?', name: 'work-reports', component: () => import('./views/ReportEditor.vue'), meta: { crumbs: ['menu.workReports'] } },
      { path: 'import', name: 'import', component: () => import('./views/Import.vue'), meta: { crumbs: ['menu.imports'] } },
      { path: 'policies', name: 'policies', component: () => import('./views/Policies.vue'), meta: { crumbs: ['menu.admin', 'menu.policies'] } },
      { path: 'rules', name: 'rules', component: () => import('./views/Rules.vue'), meta: { crumbs: ['menu.admin', 'menu.rules'] } },
      { path: 'audit', name: 'audit', component: () => import('./views/Audit.vue'), meta: { crumbs: ['menu.admin', 'menu.audit'] } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory(), routes });

let started = null;
router.beforeEach(async (to) => {
  if (!started) started = Promise.all([loadLabels().catch(() => {}), loadClock()]);
  await started;
  if (!session.ready) await loadSession();
  if (!to.meta.public && !session.user) return { name: 'login', query: { redirect: to.fullPath } };
  return true;
});

// A session that ends sends the user to the login page, and back afterwards.
setUnauthenticatedHandler(() => {
  const here = router.currentRoute.value;
  if (here.name !== 'login') router.push({ name: 'login', query: { redirect: here.fullPath } });
});
