import type { IncomingMessage, ServerResponse } from 'http';
import type { HttpApp } from './red';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** The parts of express 4/5 used here beyond HttpApp: `use` and the layer's handle. */
type UsableApp = HttpApp & {
  use?(handler: Middleware): void;
  _router?: { stack: unknown[] };
  router?: { stack: unknown[] };
};

interface HandleLayer {
  handle?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
}

/** The request's path below the mount point, without query and trailing slashes. */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  let end = q >= 0 ? q : url.length;
  while (end > 1 && url.charCodeAt(end - 1) === 0x2f /* '/' */) end--;
  return url.slice(0, end);
}

/** The paths mounted on each app, so that a POST for a path nobody owns can be told apart. */
const ownedPaths = new WeakMap<object, Set<string>>();

/**
 * Serve POSTs to `path` on Node-RED's httpNode app and take that off again on close.
 *
 * Why a middleware at the top of the stack and not `app.post(path)`: every webhook request
 * otherwise runs the httpNode app's own `query` and `expressInit` (which re-prototypes req and res,
 * slowing Node-RED's HTTP internals for the rest of the request) and express's route dispatch;
 * the webhook handler needs none of it (it reads the body itself and answers with plain
 * writeHead/end). Measured in bench/ (osc-webhook, package on Node-RED's port): about 15% less
 * CPU per request. Core http-in puts its raw-body middleware at the top the same way.
 * Authentication configured with httpNodeAuth still applies: Node-RED mounts it on the outer app.
 * Anything else (other methods, other paths) goes on to the next layer unchanged, as before.
 * An app without `use` or a router stack (a minimal embedding) gets the plain POST route.
 * A POST below the same parent path (`/cc-webhook/`) that no mounted handler owns, a wrong or stale
 * token, goes to a handler too (the first in the stack) instead of Node-RED's silent 404: the
 * handler answers it 404 itself and reports it (rate-limited, without body or token).
 */
export function mountPost(app: HttpApp, path: string, handler: Handler): () => void {
  const usable = app as UsableApp;
  if (typeof usable.use === 'function') {
    const owned = ownedPaths.get(app) ?? new Set<string>();
    ownedPaths.set(app, owned);
    owned.add(path);
    const parent = path.slice(0, path.lastIndexOf('/') + 1);
    const middleware: Middleware = (req, res, next) => {
      if (req.method !== 'POST') return next();
      const requested = pathOf(req.url ?? '');
      if (requested === path || (parent.length > 1 && requested.startsWith(parent) && !owned.has(requested))) handler(req, res);
      else next();
    };
    usable.use(middleware);
    const stack = (usable._router ?? usable.router)?.stack as HandleLayer[] | undefined;
    const at = stack ? stack.findIndex((l) => l.handle === middleware) : -1;
    if (stack && at > 0) stack.unshift(stack.splice(at, 1)[0]);
    return () => {
      owned.delete(path);
      const now = (usable._router ?? usable.router)?.stack as HandleLayer[] | undefined;
      const i = now ? now.findIndex((l) => l.handle === middleware) : -1;
      if (now && i >= 0) now.splice(i, 1);
    };
  }
  app.post(path, handler);
  return () => {
    const stack = (app._router ?? app.router)?.stack;
    if (!stack) return;
    for (let i = stack.length - 1; i >= 0; i--) {
      const route = stack[i].route;
      if (route && route.path === path && route.methods.post) stack.splice(i, 1);
    }
  };
}

/** Join the public base URL, Node-RED's httpNodeRoot and the route path without doubled slashes. */
export function joinUrl(base: string, root: string | false | undefined, path: string): string {
  const parts = [base.replace(/\/+$/, ''), typeof root === 'string' ? root.replace(/^\/+|\/+$/g, '') : '', path.replace(/^\/+/, '')];
  return parts.filter((p) => p !== '').join('/');
}
