import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { getDatabase } from "~/db.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { formatDateTime } from "~/modules/i18n/format";
import { teamPageMeta } from "~/modules/i18n/meta";
import { loadGroupMessage } from "~/modules/mail/group-messages.server";
import { requireStaff } from "~/modules/staff/session.server";
import { notFound } from "~/utils/http.server";

/** A sent group message and how far its delivery is; the bar updates itself every two seconds while mail goes out. */
export const meta = teamPageMeta("admin.messages.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const found = await loadGroupMessage(database, params.id ?? "");
  if (!found) throw notFound();
  return found;
}

export default function MessageProgress() {
  const { message, progress } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const language = useLanguage();
  const t = useT();
  const total = message.recipientCount;
  const running = progress.waiting > 0;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  return (
    <>
      <p>
        <Link to={`/admin/messages?event=${message.eventId}`}>{t("admin.messages.back")}</Link>
      </p>
      <h1>{message.subject}</h1>
      <p className="hint">
        {t("admin.messages.sentAt")} {formatDateTime(new Date(message.createdAt), language)}
        {message.createdBy ? ` ${t("admin.messages.by")} ${message.createdBy}` : ""} · {t("admin.messages.filter")}:{" "}
        <Link to={`/admin/attendees${message.filter}`}>{message.filter || "–"}</Link>
      </p>
      <p id="progress-label">{t("admin.messages.progress", { sent: progress.sent, total })}</p>
      <progress className="progress-bar" max={total} value={progress.sent} aria-labelledby="progress-label" />
      {progress.failed > 0 ? <p className="notice">{t("admin.messages.failed", { count: progress.failed })}</p> : null}
      <h2>{t("admin.messages.body")}</h2>
      <p className="pre-line">{message.body}</p>
      {running ? (
        <p>
          <Link to=".">{t("admin.messages.refresh")}</Link>
        </p>
      ) : null}
    </>
  );
}
