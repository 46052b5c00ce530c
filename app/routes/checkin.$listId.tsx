import { randomUUID } from "node:crypto";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { LiveScanner } from "~/components/checkin/scanner";
import { useOfflineCheckIn, type OfflineCheckIn } from "~/components/checkin/offline/use-offline";
import { ScanAnswerPanel } from "~/components/checkin/scan-answer";
import { getDatabase } from "~/db.server";
import { getCheckInList, recentScans, searchForCheckIn } from "~/modules/checkin/lists.server";
import { runScanCommand } from "~/modules/checkin/request.server";
import { formatTime } from "~/modules/i18n/format";
import { requireStaff } from "~/modules/staff/session.server";
import { notFound, readFormData } from "~/utils/http.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";

export const meta = teamPageMeta("admin.nav.checkin");

/** Installable as an app (home screen), which opens the scanner also without a network. */
export const links: LinksFunction = () => [{ rel: "manifest", href: "/manifest.webmanifest" }];

/** How often the page refreshes its progress and latest scans while it stays open. */
const REFRESH_MS = 10_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser", "checkin"]);
  const list = await getCheckInList(database, params.listId ?? "");
  if (!list) throw notFound();
  const query = new URL(request.url).searchParams.get("q")?.slice(0, 100) ?? "";
  return data(
    {
      user,
      list,
      query,
      hits: query ? await searchForCheckIn(database, list, query) : null,
      recent: await recentScans(database, list.id),
      // For the form without JavaScript; the live scanner makes a new id per scan.
      scanId: randomUUID(),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser", "checkin"]);
  const list = await getCheckInList(database, params.listId ?? "");
  if (!list) throw notFound();
  const outcome = await runScanCommand(database, list.id, user.id, await readFormData(request));
  return data(outcome, { status: outcome.kind === "invalid" ? 400 : 200 });
}

function CodeForm({ scanId, onSubmit }: { scanId: string; onSubmit?: (event: FormEvent<HTMLFormElement>) => void }) {
  const t = useT();
  return (
    <Form method="post" className="scanner__code" onSubmit={onSubmit} autoComplete="off">
      <input type="hidden" name="intent" value="scan" />
      <input type="hidden" name="scanId" value={scanId} />
      <label htmlFor="scan-code">{t("checkin.code")}</label>
      <p className="hint" id="scan-code-hint">
        {t("checkin.codeHint")}
      </p>
      <div className="scanner__code-row">
        {/* Focused from the start so a hand scanner's keystrokes land here. */}
        <input
          id="scan-code"
          name="code"
          type="text"
          inputMode="text"
          autoCapitalize="characters"
          spellCheck={false}
          aria-describedby="scan-code-hint"
          autoFocus
          maxLength={500}
        />
        <button type="submit" className="button button--large">
          {t("checkin.codeSubmit")}
        </button>
      </div>
    </Form>
  );
}

export default function ScannerPage() {
  const { user, list, query, hits, recent, scanId } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const outcome = useActionData<typeof action>();
  const t = useT();
  const revalidator = useRevalidator();
  const [hydrated, setHydrated] = useState(false);
  const [dismissedOutcome, setDismissedOutcome] = useState<unknown>(null);
  const offline = useOfflineCheckIn(list.id);
  // The page's own numbers come from the server: asked for only while it can answer (a failed refresh would
  // otherwise replace the scanner with the error page).
  const reachable = hydrated && !offline.offline;
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    const timer = setInterval(() => reachable && navigator.onLine && revalidator.state === "idle" && revalidator.revalidate(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [revalidator, reachable]);
  const refresh = useCallback(() => {
    if (reachable && navigator.onLine) revalidator.revalidate();
  }, [revalidator, reachable]);
  const listName = language === "en" && list.nameEn ? list.nameEn : list.nameDe;
  const formAnswer = outcome?.kind === "answer" && outcome !== dismissedOutcome ? outcome.answer : null;

  return (
    <div className="checkin">
      <div className="checkin__bar">
        <h1 className="checkin__title">{listName}</h1>
        <p className="checkin__progress" aria-live="polite">
          {t("checkin.progress", { checkedIn: list.checkedIn, admitted: list.admitted })}
        </p>
        <p className="checkin__links">
          <Link to="/checkin">{t("checkin.otherList")}</Link> · <Link to="/admin/account">{user.name}</Link>
        </p>
      </div>

      {hydrated ? <OfflineStatus offline={offline} /> : null}
      {hydrated ? (
        <LiveScanner
          endpoint={`/checkin/${list.id}/scan`}
          onAnswer={refresh}
          offline={offline}
          codeField={(onSubmit) => <CodeForm scanId={scanId} onSubmit={onSubmit} />}
        />
      ) : (
        <CodeForm scanId={scanId} />
      )}
      {formAnswer ? (
        <>
          <ScanAnswerPanel answer={formAnswer} onDismiss={hydrated ? () => setDismissedOutcome(outcome) : undefined} />
          {hydrated ? null : (
            <p className="scan-answer__no-js-next">
              <Link to={`/checkin/${list.id}`} className="button button--large">
                {t("checkin.next")}
              </Link>
            </p>
          )}
        </>
      ) : null}
      {outcome?.kind === "undo" && outcome.undone ? (
        <p className="notice notice--confirmed" role="status">
          {t("checkin.undone")}
        </p>
      ) : null}

      <Form method="get" className="scanner__search" role="search">
        <label htmlFor="checkin-search">{t("checkin.search")}</label>
        <div className="scanner__code-row">
          <input id="checkin-search" name="q" type="search" defaultValue={query} maxLength={100} />
          <button type="submit" className="button button--large">
            {t("checkin.searchSubmit")}
          </button>
        </div>
      </Form>
      {hits ? (
        hits.length === 0 ? (
          <p>{t("checkin.searchNone")}</p>
        ) : (
          <ul className="checkin-hits" aria-label={t("checkin.searchResults")}>
            {hits.map((hit) => (
              <li key={hit.id} className="checkin-hits__item">
                <div>
                  <p className="checkin-hits__name">{hit.name}</p>
                  <p>
                    {hit.organisation} · {hit.ticketReference}
                    {hit.checkIn ? ` · ${t("checkin.checkedInAt", { time: formatTime(new Date(hit.checkIn.at), language) })}` : ""}
                    {hit.admitted ? "" : ` · ${t("checkin.notAdmittedHere")}`}
                  </p>
                </div>
                <Form method="post">
                  {hit.checkIn ? (
                    <>
                      <input type="hidden" name="intent" value="undo" />
                      <input type="hidden" name="checkInId" value={hit.checkIn.id} />
                      <button type="submit" className="button button--quiet button--large">
                        {t("checkin.undo")}
                        <span className="visually-hidden">: {hit.name}</span>
                      </button>
                    </>
                  ) : (
                    <>
                      <input type="hidden" name="intent" value="manual" />
                      <input type="hidden" name="attendeeId" value={hit.id} />
                      <input type="hidden" name="scanId" value={`${scanId}-${hit.id}`.slice(0, 64)} />
                      <button type="submit" className="button button--large">
                        {t("checkin.checkInManually")}
                        <span className="visually-hidden">: {hit.name}</span>
                      </button>
                    </>
                  )}
                </Form>
              </li>
            ))}
          </ul>
        )
      ) : null}

      <h2>{t("checkin.recent")}</h2>
      <ul className="checkin-recent">
        {recent.map((scan) => (
          <li key={scan.id} className={`checkin-recent__item checkin-recent__item--${scan.result}`}>
            <span>
              {formatTime(new Date(scan.at), language)} · {t(`checkin.result.${scan.result}`)}
              {scan.name ? ` · ${scan.name}` : ""}
              {scan.undone ? ` · ${t("checkin.result.reverted")}` : ""}
            </span>
            {scan.canUndo ? (
              <Form method="post">
                <input type="hidden" name="intent" value="undo" />
                <input type="hidden" name="checkInId" value={scan.id} />
                <button type="submit" className="button button--quiet">
                  {t("checkin.undo")}
                  <span className="visually-hidden">: {scan.name}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Whether the device works offline, how many scans wait to be sent, and how many tickets it holds. */
function OfflineStatus({ offline }: { offline: OfflineCheckIn }) {
  const t = useT();
  const navigate = useNavigate();
  const language = useLanguage();
  return (
    <div
      className={`offline-status${offline.offline ? " offline-status--offline" : ""}`}
      role="status"
      aria-live="polite"
      data-queued={offline.queued}
      data-list-at={offline.downloadedAt ?? ""}
    >
      {offline.offline ? <p className="offline-status__mode">{t("checkin.offlineMode")}</p> : null}
      {offline.queued > 0 ? (
        <p className="offline-status__queued">{offline.queued === 1 ? t("checkin.offlineQueuedOne") : t("checkin.offlineQueued", { count: offline.queued })}</p>
      ) : null}
      {offline.ready && offline.downloadedAt ? (
        <p className="hint">
          {t(offline.tickets === 1 ? "checkin.offlineReadyOne" : "checkin.offlineReady", {
            count: offline.tickets,
            time: formatTime(new Date(offline.downloadedAt), language),
          })}{" "}
          · {offline.device}{" "}
          {offline.queued === 0 ? (
            <button type="button" className="button button--quiet" onClick={() => void offline.forget().then(() => navigate("/checkin"))}>
              {t("checkin.forgetDevice")}
            </button>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
