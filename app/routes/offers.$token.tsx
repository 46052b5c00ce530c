import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDatabase } from "~/db.server";
import { acceptOffer, declineOffer, loadOffer } from "~/modules/capacity/offers.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { formatDate, formatDateTime, formatMoney, formatTimeRange } from "~/modules/i18n/format";
import { localized } from "~/modules/i18n/language";
import { getLanguage } from "~/modules/i18n/language.server";
import { teamPageMeta } from "~/modules/i18n/meta";
import { PRIVATE_PAGE_HEADERS, readFormData } from "~/utils/http.server";

/**
 * A waiting-list offer behind its private link: what is offered and until when, with "accept" and "decline".
 * Opening the page changes nothing (mail scanners follow links); only the buttons do. A used or expired
 * link is told what happened; an unknown one answers 404.
 */
export const meta = teamPageMeta("offer.title");
export const headers: HeadersFunction = () => PRIVATE_PAGE_HEADERS;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const database = await getDatabase();
  const offer = await loadOffer(database, params.token ?? "");
  if (!offer) return data({ state: "unknown" as const, offer: null }, { status: 404, headers: PRIVATE_PAGE_HEADERS });
  const { entry } = offer;
  const local = (de: string, en: string | null) => localized(language, de, en);
  const manageToken = await database.read.attendee.findUnique({ where: { id: entry.attendeeId }, select: { manageToken: true } });
  return data(
    {
      state: offer.state,
      offer: {
        name: `${entry.attendee.firstName} ${entry.attendee.lastName}`,
        event: local(entry.event.titleDe, entry.event.titleEn),
        item: entry.programmeItem
          ? {
              title: local(entry.programmeItem.titleDe, entry.programmeItem.titleEn),
              startsAt: entry.programmeItem.startsAt,
              endsAt: entry.programmeItem.endsAt,
            }
          : null,
        ticket: entry.ticketType ? { title: local(entry.ticketType.nameDe, entry.ticketType.nameEn), priceCents: entry.ticketType.priceCents } : null,
        deadline: entry.offerExpiresAt,
        manageUrl: manageToken?.manageToken ? `/registrations/${manageToken.manageToken}` : null,
      },
    },
    { headers: PRIVATE_PAGE_HEADERS },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const database = await getDatabase();
  const token = params.token ?? "";
  const answer = form.get("answer") === "accept" ? acceptOffer : form.get("answer") === "decline" ? declineOffer : null;
  if (!answer) return redirect(`/offers/${token}`, 303);
  const outcome = await answer(database, token);
  return redirect(`/offers/${token}?answer=${outcome.state}`, 303);
}

export default function OfferPage() {
  const { state, offer } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const language = useLanguage();
  const t = useT();
  return (
    <section className="narrow">
      <h1>{t("offer.title")}</h1>
      {offer && state === "open" ? (
        <>
          <p>
            {offer.item
              ? t("offer.forItem", {
                  name: offer.name,
                  title: offer.item.title,
                  time: `${formatDate(new Date(offer.item.startsAt), language)}, ${formatTimeRange(new Date(offer.item.startsAt), new Date(offer.item.endsAt), language)}`,
                })
              : t("offer.forTicket", { name: offer.name, title: offer.ticket?.title ?? "", event: offer.event })}
          </p>
          {!offer.item && offer.ticket && offer.ticket.priceCents > 0 ? (
            <p>{t("offer.price", { amount: formatMoney(offer.ticket.priceCents, language) })}</p>
          ) : null}
          <p className="notice">{t("offer.until", { deadline: formatDateTime(new Date(offer.deadline!), language) })}</p>
          <p className="hint">{offer.item ? t("offer.switch") : t("offer.declineTicket")}</p>
          <Form method="post" className="actions">
            <button type="submit" name="answer" value="accept" className="button button--primary">
              {t("offer.accept")}
            </button>
            <button type="submit" name="answer" value="decline" className="button">
              {t("offer.decline")}
            </button>
          </Form>
        </>
      ) : (
        <p className={state === "accepted" ? "notice notice--confirmed" : "notice"} role="status">
          {t(`offer.state.${state === "open" ? "withdrawn" : state}`)}
        </p>
      )}
      {params.get("answer") && offer?.manageUrl ? (
        <p>
          <a href={offer.manageUrl}>{t("offer.manage")}</a>
        </p>
      ) : null}
    </section>
  );
}
