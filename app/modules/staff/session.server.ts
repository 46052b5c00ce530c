import { createCookie, redirect } from "@remix-run/node";
import { randomBytes } from "node:crypto";
import type { Database } from "~/db.server";
import { getEnv } from "~/env.server";
import type { StaffRole } from "~/generated/prisma/client";

/**
 * Staff sessions: a random session id in a signed, httpOnly, SameSite=Lax cookie, and a row in
 * StaffSession that logout or disabling an account deletes. SameSite=Lax plus the same-origin check on
 * every state-changing request (`requireSameOrigin`) protects against cross-site request forgery.
 */
const SESSION_HOURS = 12;

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  const env = getEnv();
  cookie ??= createCookie("kongress_staff", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.BASE_URL.startsWith("https://"),
    secrets: [env.SESSION_SECRET],
    maxAge: SESSION_HOURS * 3600,
  });
  return cookie;
}

export type StaffUserSession = { id: string; email: string; name: string; role: StaffRole };

export async function createStaffSession(database: Database, userId: string): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await database.write.$transaction((tx) => tx.staffSession.create({ data: { id, userId, expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000) } }));
  return sessionCookie().serialize(id);
}

/** The id of the request's staff session as its signed cookie holds it, or null (not yet checked against the database). */
export async function staffSessionId(request: Request): Promise<string | null> {
  const header = request.headers.get("Cookie");
  if (!header?.includes("kongress_staff=")) return null;
  const id: unknown = await sessionCookie().parse(header);
  return typeof id === "string" ? id : null;
}

export async function getStaffUser(database: Database, request: Request): Promise<StaffUserSession | null> {
  const id = await staffSessionId(request);
  if (id === null) return null;
  const session = await database.read.staffSession.findUnique({ where: { id }, include: { user: true } });
  if (!session || session.expiresAt < new Date() || session.user.disabledAt) return null;
  const { user } = session;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/**
 * The first line of every back-office loader and action. Without a session: to the login page. With a
 * role that may not do this: 403.
 */
export async function requireStaff(database: Database, request: Request, roles: StaffRole[] = ["organiser"]): Promise<StaffUserSession> {
  const user = await getStaffUser(database, request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/admin/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (!roles.includes(user.role)) throw new Response("Forbidden", { status: 403 });
  if (request.method !== "GET" && request.method !== "HEAD") requireSameOrigin(request);
  return user;
}

/** Refuses a state-changing request that another site's page sent (its Origin is not ours). */
export function requireSameOrigin(request: Request) {
  const origin = request.headers.get("Origin");
  const expected = new URL(request.url).origin;
  const base = new URL(getEnv().BASE_URL).origin;
  if (origin !== null && origin !== expected && origin !== base) throw new Response("Cross-site request refused", { status: 403 });
}

export async function destroyStaffSession(database: Database, request: Request): Promise<string> {
  const header = request.headers.get("Cookie");
  const id: unknown = header ? await sessionCookie().parse(header) : null;
  if (typeof id === "string") await database.write.$transaction((tx) => tx.staffSession.deleteMany({ where: { id } }));
  return sessionCookie().serialize("", { maxAge: 0 });
}
