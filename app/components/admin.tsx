import { Form, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import type { MessageKey } from "~/modules/i18n/messages";
import { useT } from "~/modules/i18n/hooks";

type StaffUser = { name: string; email: string; role: "organiser" | "checkin" };

const ORGANISER_LINKS: [string, MessageKey][] = [
  ["/admin", "admin.nav.dashboard"],
  ["/admin/attendees", "admin.nav.attendees"],
  ["/admin/approvals", "admin.nav.approvals"],
  ["/admin/payments", "payments.title"],
  ["/admin/scans", "scanlog.title"],
  ["/admin/messages", "admin.nav.messages"],
  ["/admin/events", "admin.nav.events"],
  ["/admin/mail", "admin.mail"],
  ["/admin/staff", "admin.nav.staff"],
  ["/admin/legal", "admin.nav.legal"],
  ["/admin/audit", "admin.nav.audit"],
  ["/checkin", "admin.nav.checkin"],
];

/** The back office's bar: where to go (what the role may see), who is signed in, sign out. */
export function AdminPage({ user, children }: { user: StaffUser; children: ReactNode }) {
  const t = useT();
  const links: [string, MessageKey][] = [
    ...(user.role === "organiser" ? ORGANISER_LINKS : [["/checkin", "admin.nav.checkin"] as [string, MessageKey]]),
    ["/admin/account", "admin.nav.account"],
  ];
  return (
    <div className="admin">
      <nav className="admin-bar" aria-label={t("admin.title")}>
        {links.map(([to, label]) => (
          <NavLink key={to} to={to} end={to === "/admin"}>
            {t(label)}
          </NavLink>
        ))}
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
