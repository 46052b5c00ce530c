import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin";
import { getDatabase } from "~/db.server";
import { requireStaff } from "~/modules/staff/session.server";

/**
 * The back office's layout: its bar (where to go, who is signed in, sign out) around every /admin page.
 * Sign-in and sign-out (admin_.login, admin_.logout) stand outside it. Each page's own loader still
 * checks the role it needs: loaders run side by side, a layout's check does not guard its children.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser", "checkin"]);
  return { user: { name: user.name, email: user.email, role: user.role } };
}

export default function AdminLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <AdminPage user={user}>
      <Outlet />
    </AdminPage>
  );
}
