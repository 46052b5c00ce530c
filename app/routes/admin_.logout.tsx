import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { destroyStaffSession, requireSameOrigin } from "~/modules/staff/session.server";

/** Ends the staff session (POST only: a link or an image on another site cannot sign anyone out). */
export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const cookie = await destroyStaffSession(await getDatabase(), request);
  return redirect("/admin/login", { status: 303, headers: { "Set-Cookie": cookie } });
}

export const loader = () => redirect("/admin");
