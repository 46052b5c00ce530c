import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Translate } from "~/modules/i18n/messages";

type StaffUser = { name: string; email: string; role: "organiser" | "checkin" };

/** The back office's bar: who is signed in, where to go, sign out. */
export function AdminPage({ user, t, children }: { user: StaffUser; t: Translate; children: ReactNode }) {
  return (
    <div className="admin">
      <nav className="admin-bar" aria-label={t("admin.title")}>
        <Link to="/admin">{t("admin.title")}</Link>
        {user.role === "organiser" ? <Link to="/admin/mail">{t("admin.mail")}</Link> : null}
        <span className="admin-bar__user">{t("admin.signedInAs", { name: user.name, email: user.email })}</span>
        <Form method="post" action="/admin/logout">
          <button type="submit" className="button button--quiet">
            {t("admin.logout")}
          </button>
        </Form>
      </nav>
      {children}
    </div>
  );
}
