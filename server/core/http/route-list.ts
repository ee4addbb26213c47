import type { Express } from 'express';

/** One route an express app mounts: its method, its full path as written, and express's own matcher for it. */
export type MountedRoute = {
  method: string;
  /** Mount paths and the route's path joined, e.g. `/api/sessions/:id/questions/mine`. */
  path: string;
  /** Whether express would hand a request for `url` (a path, no query) to this route. */
  matches: (url: string) => boolean;
};

// The parts of express 5's router (router 2.x) this walks; its types do not export them.
type Match = (path: string) => false | { path: string };
type Layer = {
  rawPath?: unknown;
  slash?: boolean;
  matchers?: Match[];
  handle: { stack?: Layer[] };
  route?: { path: unknown; methods: Record<string, boolean>; stack: unknown[] };
};

/**
 * Every route of an app in dispatch order, walked from `app.router.stack` at runtime, so the list is the
 * composition itself (the OpenAPI test compares it with docs/openapi.yaml). Middleware and static files
 * are not routes and are not listed.
 */
export function listRoutes(app: Express): MountedRoute[] {
  // express's types leave out the layer fields read here (matchers, rawPath); Layer above names them.
  const root = { stack: app.router.stack as Layer[] };
  const routes: MountedRoute[] = [];
  const walk = (stack: Layer[], prefix: string, chain: Layer[]) => {
    for (const layer of stack) {
      const raw = layer.route ? layer.route.path : layer.rawPath;
      if (typeof raw !== 'string') {
        if (layer.route || layer.handle.stack) throw new Error(`listRoutes: a route or router mounted at ${String(raw)}; only string paths are supported`);
        continue;
      }
      if (layer.route) {
        const path = join(prefix, raw);
        const matches = (url: string) => matchChain([...chain, layer], url);
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on) routes.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), path, matches });
        }
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, join(prefix, raw), [...chain, layer]);
      }
    }
  };
  walk(root.stack, '', []);
  return routes;
}

const join = (prefix: string, path: string) => (prefix + (path === '/' ? '' : path)).replace(/\/{2,}/g, '/') || '/';

/** As express dispatches: each mount layer matches a prefix and strips it; the route's layer matches the rest. */
function matchChain(chain: Layer[], url: string): boolean {
  let rest = url;
  for (const [i, layer] of chain.entries()) {
    const last = i === chain.length - 1;
    // A router mounted at '/' takes every path and strips nothing (express marks it `slash`).
    if (layer.slash) continue;
    const found = (layer.matchers ?? []).map((m) => m(rest)).find((m) => m !== false);
    if (!found) return false;
    if (last) return true;
    rest = rest.slice(found.path.length) || '/';
    if (!rest.startsWith('/')) return false;
  }
  return false;
}
