import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getDatabase } from "~/db.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { localized } from "~/modules/i18n/language";
import { teamPageMeta } from "~/modules/i18n/meta";
import { attendeeOfUnsubscribeToken, optOutOfGroupMail, unsubscribeState } from "~/modules/mail/unsubscribe.server";
import { notFound, PRIVATE_PAGE_HEADERS, readFormData } from "~/utils/http.server";

/**
 * The way out of the organisers' group messages, from the link in each of them. Opening the link changes nothing
 * (mail scanners open links): the page asks, and a button confirms. A mail program's one-click request (RFC 8058:
 * POST with "List-Unsubscribe=One-Click") is the confirmation itself.
 */
export const meta = teamPageMeta("unsubscribe.title");
export const headers = () => PRIVATE_PAGE_HEADERS;

async function attendeeOf(token: string | undefined) {
  const attendeeId = attendeeOfUnsubscribeToken(token ?? "");
  const database = await getDatabase();
  const state = attendeeId ? await unsubscribeState(database, attendeeId) : null;
  if (!attendeeId || !state) throw notFound();
  return { database, attendeeId, state };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const { state } = await attendeeOf(params.token);
  return { eventTitleDe: state.eventTitleDe, eventTitleEn: state.eventTitleEn, optedOut: state.optedOutAt !== null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { database, attendeeId } = await attendeeOf(params.token);
  const form = await readFormData(request);
  const confirmed = form.get("List-Unsubscribe") === "One-Click" || form.get("intent") === "unsubscribe";
  if (!confirmed) return { done: false };
  await optOutOfGroupMail(database, attendeeId);
  return { done: true };
}

export default function Unsubscribe() {
  const { eventTitleDe, eventTitleEn, optedOut } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const event = localized(useLanguage(), eventTitleDe, eventTitleEn);
  return (
    <section className="narrow">
      <h1>{t("unsubscribe.title")}</h1>
      {result?.done || optedOut ? (
        <p className="notice notice--confirmed" role="status">
          {t("unsubscribe.done", { event })}
        </p>
      ) : (
        <>
          <p>{t("unsubscribe.intro", { event })}</p>
          <Form method="post">
            <button type="submit" name="intent" value="unsubscribe" className="button button--primary">
              {t("unsubscribe.submit")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
