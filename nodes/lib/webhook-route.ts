import type { HttpApp } from './red';

type Handler = Parameters<HttpApp['post']>[1];

/**
 * Mount a POST route on Node-RED's httpNode app and take it off again on close. Express has no
 * "remove route", so the layer is spliced out of the router stack, as core http-in does; only the
 * layer mounted here is removed (matched by path and method).
 */
export function mountPost(app: HttpApp, path: string, handler: Handler): () => void {
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
