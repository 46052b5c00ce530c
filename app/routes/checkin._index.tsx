import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin";
import { getDatabase } from "~/db.server";
import { listCheckInLists } from "~/modules/checkin/lists.server";
import { requireStaff } from "~/modules/staff/session.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";

export const meta = teamPageMeta("admin.nav.checkin");

export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser", "checkin"]);
  return { user, lists: await listCheckInLists(database) };
}

/** Check-in staff start here: pick the door or bus they are at. */
export default function CheckInLists() {
  const { user, lists } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  return (
    <AdminPage user={user}>
      <h1>{t("checkin.title")}</h1>
      <h2>{t("checkin.chooseList")}</h2>
      {lists.length === 0 ? <p>{t("checkin.noLists")}</p> : null}
      <ul className="checkin-lists">
        {lists.map((list) => (
          <li key={list.id}>
            <Link to={`/checkin/${list.id}`} className="checkin-lists__link">
              <span className="checkin-lists__name">{language === "en" && list.nameEn ? list.nameEn : list.nameDe}</span>
              <span>{t("checkin.progress", { checkedIn: list.checkedIn, admitted: list.admitted })}</span>
            </Link>
          </li>
        ))}
      </ul>
    </AdminPage>
  );
}
