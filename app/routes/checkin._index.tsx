import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin";
import { getDatabase } from "~/db.server";
import { listCheckInLists } from "~/modules/checkin/lists.server";
import { getLanguage } from "~/modules/i18n/language.server";
import { translator } from "~/modules/i18n/messages";
import { requireStaff } from "~/modules/staff/session.server";

export const meta: MetaFunction = () => [{ title: "Kongress – Einlass" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser", "checkin"]);
  return { user, language: await getLanguage(request), lists: await listCheckInLists(database) };
}

/** Check-in staff start here: pick the door or bus they are at. */
export default function CheckInLists() {
  const { user, language, lists } = useLoaderData<typeof loader>();
  const t = translator(language);
  return (
    <AdminPage user={user} t={t}>
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
