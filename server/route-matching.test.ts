import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as RemixRouter from "@remix-run/router";
import { describe, expect, it } from "vitest";

/**
 * The server loads Remix's router as CommonJS, patched (patches/, docs/decisions/018) to keep the ranked route
 * branches per routes array and the compiled patterns, and Remix's and React Router's server renderers patched to
 * make their route arrays once. What the patches must not change: which route matches.
 */
const router = createRequire(import.meta.url)("@remix-run/router") as typeof RemixRouter;

const ids = (matches: { route: { id?: string } }[] | null) => matches?.map((match) => match.route.id) ?? null;

describe("route matching on the server", () => {
  it("is the patched build: an install that skipped patch-package would lose the speed silently", () => {
    const file = createRequire(import.meta.url).resolve("@remix-run/router");
    expect(file).toMatch(/router\.cjs\.js$/);
    expect(readFileSync(file, "utf8")).toContain("const rankedBranchesCache = new WeakMap();");
    expect(readFileSync(file, "utf8")).toContain("function firstSegmentOf(pathname)");
  });

  it("is rendered from routes made once: Remix's and React Router's server builds keep their route arrays (patched)", () => {
    const resolve = createRequire(import.meta.url).resolve;
    expect(readFileSync(resolve("@remix-run/react/dist/server.js"), "utf8")).toContain("const serverRoutesCache = new WeakMap();");
    expect(readFileSync(resolve("@remix-run/react/dist/fog-of-war.js"), "utf8")).toContain("const parentRouteIdsCache = new WeakMap();");
    const staticRouter = createRequire(resolve("@remix-run/react/dist/server.js"))("react-router-dom/server") as {
      createStaticRouter: (routes: object[], context: object) => { routes: object[]; state: { matches: { route: object }[] } };
    };
    const routes = [{ id: "root", path: "/", children: [{ id: "event", path: "events/:slug" }] }];
    const context = (matched: string[]) => ({ location: { pathname: "/events/x" }, matches: matched.map((id) => ({ route: { id }, params: {} })) });
    const first = staticRouter.createStaticRouter(routes, context(["root", "event"]));
    const second = staticRouter.createStaticRouter(routes, context(["root"]));
    // The same data routes for the same routes array; each page's matches are its own, taken from them.
    expect(second.routes).toBe(first.routes);
    expect(first.state.matches.map((match) => match.route)).toEqual([first.routes[0], (first.routes[0] as { children: object[] }).children[0]]);
    expect(second.state.matches.map((match) => match.route)).toEqual([first.routes[0]]);
    expect(staticRouter.createStaticRouter([{ id: "other", path: "/" }], context(["other"])).routes).not.toBe(first.routes);
  });

  it("matches each routes array on its own, the same on every call", () => {
    const first = [
      {
        id: "root",
        path: "/",
        children: [
          { id: "event", path: "events/:slug" },
          { id: "form", path: "events/:slug/register" },
        ],
      },
    ];
    const second = [{ id: "other", path: "/events/:slug" }];
    for (let round = 0; round < 3; round++) {
      expect(ids(router.matchRoutes(first, "/events/fachkongress/register"))).toEqual(["root", "form"]);
      expect(ids(router.matchRoutes(first, "/events/fachkongress"))).toEqual(["root", "event"]);
      expect(ids(router.matchRoutes(second, "/events/fachkongress"))).toEqual(["other"]);
      expect(router.matchRoutes(second, "/events/fachkongress/register")).toBeNull();
    }
  });

  it("keeps a pattern matched to the end apart from the same pattern as a prefix, and case rules apart", () => {
    expect(router.matchPath({ path: "/admin", end: true }, "/admin/events")).toBeNull();
    expect(router.matchPath({ path: "/admin", end: false }, "/admin/events")?.pathnameBase).toBe("/admin");
    expect(router.matchPath({ path: "/admin", end: true }, "/admin/events")).toBeNull();
    expect(router.matchPath({ path: "/Admin", caseSensitive: true }, "/admin")).toBeNull();
    expect(router.matchPath({ path: "/Admin", caseSensitive: false }, "/admin")?.pathname).toBe("/admin");
    expect(router.matchPath("/registrations/:token", "/registrations/abc")?.params).toEqual({ token: "abc" });
  });

  it("passes over branches by their first segment without changing which route matches", () => {
    const routes = [
      {
        id: "root",
        path: "",
        children: [
          { id: "home", index: true },
          { id: "manage", path: "registrations/:token" },
          { id: "ticket", path: "registrations/:token/ticket.png" },
          { id: "exact", path: "Admin", caseSensitive: true },
          { id: "any", path: ":slug/info" },
          { id: "rest", path: "*" },
        ],
      },
    ];
    const expected: [string, string[]][] = [
      ["/", ["root", "home"]],
      ["/registrations/abc", ["root", "manage"]],
      ["/REGISTRATIONS/abc", ["root", "manage"]],
      ["/registrations/abc/ticket.png", ["root", "ticket"]],
      ["/Admin", ["root", "exact"]],
      // The case-sensitive pattern refuses it; the first segment alone would let it through.
      ["/admin", ["root", "rest"]],
      // A dynamic first segment is never passed over; a static one still ranks above it.
      ["/registrations/info", ["root", "manage"]],
      ["/events/info", ["root", "any"]],
      ["/anything/info", ["root", "any"]],
      ["//registrations/abc", ["root", "rest"]],
      ["/registrationsx/abc", ["root", "rest"]],
      ["/regist%72ations/abc", ["root", "manage"]],
    ];
    for (const [pathname, ids_] of expected) expect(ids(router.matchRoutes(routes, pathname)), pathname).toEqual(ids_);
    expect(router.matchRoutes(routes, "/registrations/abc")?.[1]?.params).toEqual({ token: "abc" });
  });
});
