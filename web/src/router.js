// router.js - one route per screen, each loaded on demand (code split by route).
import { createRouter, createWebHistory } from 'vue-router';
import { session, loadSession, setUnauthenticatedHandler } from './api.js';

const Layout = () => import('./views/Layout.vue');
const routes = [
  { path: '/login', name: 'login', component: () => import('./views/Login.vue'), meta: { public: true } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', name: 'home', component: () => import('./views/Home.vue') },
      { path: 'trips', name: 'trips', component: () => import('./views/TripList.vue') },
      { path: 'trips/new', name: 'trip-new', component: () => import('./views/TripForm.vue') },
      { path: 'trips/:id/edit', name: 'trip-edit', component: () => import('./views/TripForm.vue') },
      { path: 'trips/:id', name: 'trip', component: () => import('./views/TripDetail.vue') },
      { path: 'reviews', name: 'reviews', component: () => import('./views/Reviews.vue') },
      { path: 'reviews/:id', name: 'review', component: () => import('./views/ReviewSession.vue') },
      { path: 'passports', name: 'passports', component: () => import('./views/Passports.vue') },
      { path: 'plans', name: 'plans', component: () => import('./views/Plans.vue') },
      { path: 'registers/:name', name: 'register', component: () => import('./views/Register.vue') },
      { path: 'reports', name: 'reports', component: () => import('./views/Reports.vue') },
      { path: 'work-reports/:id?', name: 'work-reports', component: () => import('./views/ReportEditor.vue') },
      { path: 'import', name: 'import', component: () => import('./views/Import.vue') },
      { path: 'policies', name: 'policies', component: () => import('./views/Policies.vue') },
      { path: 'rules', name: 'rules', component: () => import('./views/Rules.vue') },
      { path: 'audit', name: 'audit', component: () => import('./views/Audit.vue') },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (!session.ready) await loadSession();
  if (!to.meta.public && !session.user) return { name: 'login', query: { redirect: to.fullPath } };
  return true;
});

// A session that ends sends the user to the login page, and back afterwards.
setUnauthenticatedHandler(() => {
  const here = router.currentRoute.value;
  if (here.name !== 'login') router.push({ name: 'login', query: { redirect: here.fullPath } });
});
