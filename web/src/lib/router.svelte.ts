import { getContext } from 'svelte';

export type Route =
  | { name: 'home' }
  | { name: 'session'; id: number }
  | { name: 'archive' }
  | { name: 'body'; slug: string }
  | { name: 'embed'; id: number }
  | { name: 'studio'; id: number }
  /** `/studio/<id>/captions`: the live captioning console. */
  | { name: 'captions'; id: number }
  | { name: 'meet'; id: number }
  /** `/console`, `/console/<section>` and deeper paths, which the section reads from `rest`. */
  | { name: 'console'; section: string | null; rest: string[] }
  | { name: 'not-found' };

/** Paths the server answers itself; links to them are ordinary page loads. */
const serverPaths = ['/api/', '/recordings/', '/feeds/', '/socket.io/'];

const idPattern = /^[1-9][0-9]{0,15}$/;

function parseId(segment: string | undefined): number | null {
  if (!segment || !idPattern.test(segment)) return null;
  const id = Number(segment);
  return Number.isSafeInteger(id) ? id : null;
}

export function matchRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(1);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === '')) return { name: 'home' };
  const [first, second] = parts;
  if (parts.length === 1 && first === 'archive') return { name: 'archive' };
  if (parts.length === 2 && first === 'bodies' && /^[a-z0-9][a-z0-9-]{0,63}$/.test(second ?? '')) return { name: 'body', slug: second! };
  if (first === 'console' && parts.slice(1).every((p) => /^[a-z0-9-]+$/.test(p))) {
    return { name: 'console', section: second ?? null, rest: parts.slice(2) };
  }
  if (parts.length === 3 && first === 'studio' && parts[2] === 'captions') {
    const id = parseId(second);
    if (id !== null) return { name: 'captions', id };
  }
  if (parts.length === 2 && (first === 'studio' || first === 'meet')) {
    const id = parseId(second);
    if (id !== null) return { name: first, id };
  }
  if (parts.length === 2 && (first === 'sessions' || first === 'embed')) {
    const id = parseId(second);
    if (id !== null) return first === 'sessions' ? { name: 'session', id } : { name: 'embed', id };
  }
  return { name: 'not-found' };
}

/** A history-API router: real `<a href>` links, intercepted for client-side navigation. */
export class Router {
  #pathname = $state('/');
  #search = $state('');
  /** Bumped when a navigation should start the new page at its top with focus on it, as a page load would. */
  #pageChanges = $state(0);

  #route: Route = $derived(matchRoute(this.#pathname));
  #query: URLSearchParams = $derived(new URLSearchParams(this.#search));

  constructor(location: { pathname: string; search: string }) {
    this.#pathname = location.pathname;
    this.#search = location.search;
  }

  get route(): Route {
    return this.#route;
  }

  get query(): URLSearchParams {
    return this.#query;
  }

  get pathname(): string {
    return this.#pathname;
  }

  get pageChanges(): number {
    return this.#pageChanges;
  }

  /** Starts listening to link clicks and history changes; returns the function that stops it. */
  start(): () => void {
    const onPopState = () => this.#sync();
    const onClick = (event: MouseEvent) => this.#interceptClick(event);
    window.addEventListener('popstate', onPopState);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('popstate', onPopState);
      document.removeEventListener('click', onClick);
    };
  }

  /** `keepFocus` for changes made from a control that the user is still on, such as a filter. */
  navigate(href: string, options: { replace?: boolean; keepFocus?: boolean } = {}): void {
    const url = new URL(href, window.location.href);
    if (options.replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    if (!options.replace && !options.keepFocus) this.#pageChanges += 1;
    this.#sync();
  }

  /** The current path with some query parameters changed; `undefined` or '' removes a parameter. */
  hrefWith(changes: Record<string, string | number | undefined>): string {
    const params = new URLSearchParams(this.#search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') params.delete(key);
      else params.set(key, String(value));
    }
    const search = params.toString();
    return search ? `${this.#pathname}?${search}` : this.#pathname;
  }

  #sync(): void {
    this.#pathname = window.location.pathname;
    this.#search = window.location.search;
  }

  #interceptClick(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.target instanceof Element ? event.target.closest('a') : null;
    if (!anchor || !anchor.hasAttribute('href') || anchor.hasAttribute('download')) return;
    if (anchor.target && anchor.target !== '_self') return;
    const url = new URL(anchor.href);
    if (url.origin !== window.location.origin) return;
    if (serverPaths.some((prefix) => url.pathname.startsWith(prefix))) return;
    const samePage = url.pathname === window.location.pathname && url.search === window.location.search;
    if (samePage && url.hash) return; // in-page anchors such as the skip link
    event.preventDefault();
    this.navigate(url.href, { replace: samePage });
  }
}

export const routerKey = Symbol('router');

export function useRouter(): Router {
  return getContext<Router>(routerKey);
}
