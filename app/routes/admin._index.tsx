import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin";
import { getDatabase } from "~/db.server";
import { getLanguage } from "~/modules/i18n/language.server";
import { translator } from "~/modules/i18n/messages";
import { requireStaff } from "~/modules/staff/session.server";

export const meta: MetaFunction = () => [{ title: "Kongress – Verwaltung" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser", "checkin"]);
  // Check-in staff have one job here: the scanner.
  if (user.role === "checkin") throw redirect("/checkin");
  return { user, language: await getLanguage(request) };
}

export default function AdminHome() {
  const { user, language } = useLoaderData<typeof loader>();
  const t = translator(language);
  return (
    <AdminPage user={user} t={t}>
      <h1>{t("admin.title")}</h1>
      {user.role === "organiser" ? (
        <ul className="admin-links">
          <li>
            <Link to="/admin/mail">{t("admin.mail")}</Link> – {t("admin.mailIntro")}
          </li>
        </ul>
      ) : null}
    </AdminPage>
  );
}
