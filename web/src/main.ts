import { mount } from 'svelte';
import App from './App.svelte';
import { I18n, i18nKey } from './lib/i18n/i18n.svelte';
import { Router, routerKey } from './lib/router.svelte';
import { StaffSession, staffSessionKey } from './lib/staff/staff-session.svelte';
import './app.css';
import './styles/controls.css';
import './styles/pages.css';
import './styles/session.css';

const router = new Router(window.location);
const i18n = new I18n(new URLSearchParams(window.location.search).get('lang'));
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

mount(App, {
  target,
  context: new Map<symbol, unknown>([
    [routerKey, router],
    [i18nKey, i18n],
    [staffSessionKey, new StaffSession()],
  ]),
});
