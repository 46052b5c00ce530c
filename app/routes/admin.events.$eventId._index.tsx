import type { ReactNode } from "react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ConfirmCheckbox, FormErrors } from "~/components/forms";
import { staffActor } from "~/modules/audit/log.server";
import { anonymiseEvent, anonymiseOn } from "~/modules/privacy/anonymise.server";
import { EditorFields, formValuesFrom, formValuesOf } from "~/components/editor-form";
import { getDatabase } from "~/db.server";
import { EVENT_FIELDS, EventFormSchema } from "~/modules/events/editor-schema";
import { loadEventForEditor, saveEvent } from "~/modules/events/editor.server";
import { deleteDraftEvent, setArchived } from "~/modules/events/lifecycle.server";
import { formatDate, formatDateTime, formatMoney, formatTimeRange } from "~/modules/i18n/format";
import { localized } from "~/modules/i18n/language";
import { fieldErrorsFrom, type FieldErrors } from "~/modules/forms/errors";
import { requireStaff } from "~/modules/staff/session.server";
import { clientAddress, notFound, readFormData } from "~/utils/http.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import type { MessageKey } from "~/modules/i18n/messages";
import { teamPageMeta } from "~/modules/i18n/meta";

export const meta = teamPageMeta("editor.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  if (params.eventId === "new")
    return {
      event: null,
      values: {
        ...formValuesOf(EVENT_FIELDS, null),
        waitlistMode: "book",
        offerHours: "48",
        reminderTime: "16:00",
        retentionMonths: "6",
        vatRatePercent: "0",
        paymentTermDays: "14",
        invoicePrefix: "RE",
        refundRule: "full",
      },
      anonymiseOn: null,
    };
  const event = await loadEventForEditor(database, params.eventId ?? "");
  if (!event) throw notFound();
  return { event, values: formValuesOf(EVENT_FIELDS, event), anonymiseOn: anonymiseOn(event) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const form = await readFormData(request);
  const intent = form.get("intent");
  const actor = staffActor(user, clientAddress(context));
  if (intent === "deleteEvent") {
    if (form.get("confirmDelete") !== "yes") return data({ values: null, errors: { confirmDelete: ["errors.confirmDelete"] } as FieldErrors }, { status: 400 });
    const deleted = await deleteDraftEvent(database, params.eventId ?? "", actor);
    if (!deleted.ok) return data({ values: null, errors: { confirmDelete: [deleted.error] } as FieldErrors }, { status: 400 });
    return redirect("/admin/events?deleted=1", 303);
  }
  if (intent === "archive" || intent === "unarchive") {
    const archived = await setArchived(database, params.eventId ?? "", intent === "archive", new Date(), actor);
    if (!archived.ok) return data({ values: null, errors: { archive: [archived.error] } as FieldErrors }, { status: 400 });
    return redirect(`/admin/events/${params.eventId}?saved=1`, 303);
  }
  if (intent === "anonymise") {
    const event = await database.read.event.findUnique({ where: { id: params.eventId ?? "" }, select: { id: true, endsAt: true } });
    if (!event) throw notFound();
    if (form.get("confirmAnonymise") !== "yes")
      return data({ values: null, errors: { confirmAnonymise: ["errors.confirmAnonymise"] } as FieldErrors }, { status: 400 });
    if (event.endsAt > new Date()) return data({ values: null, errors: { confirmAnonymise: ["errors.eventNotOver"] } as FieldErrors }, { status: 400 });
    const count = await anonymiseEvent(database, event.id, actor);
    return redirect(`/admin/events/${event.id}?anonymised=${count ?? 0}`, 303);
  }
  const values = formValuesFrom(EVENT_FIELDS, form);
  const parsed = EventFormSchema.safeParse(values);
  if (!parsed.success) return data({ values, errors: fieldErrorsFrom(parsed.error) }, { status: 400 });
  const eventId = params.eventId === "new" ? null : (params.eventId ?? null);
  const outcome = await saveEvent(database, eventId, parsed.data, actor);
  if (!outcome.ok) return data({ values, errors: outcome.errors }, { status: 400 });
  return redirect(`/admin/events/${outcome.id}?saved=1`, 303);
}

export default function EventEditor() {
  const { event, values, anonymiseOn: anonymiseDate } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const local = (de: string, en: string | null) => localized(language, de, en);
  const errors: FieldErrors = result?.errors ?? {};
  return (
    <>
      <p>
        <Link to="/admin/events">{t("editor.backToList")}</Link>
      </p>
      <h1>{event ? local(event.titleDe, event.titleEn) : t("editor.new")}</h1>
      {params.get("saved") ? (
        <p className="notice notice--confirmed" role="status">
          {t("editor.saved")}
        </p>
      ) : null}
      {params.get("copied") ? (
        <p className="notice notice--confirmed" role="status">
          {t("editor.copied")}
        </p>
      ) : null}
      {event?.archivedAt ? <p className="notice">{t("errors.eventArchived")}</p> : null}
      {params.get("questionRemoved") ? (
        <p className="notice notice--confirmed" role="status">
          {t("editor.question.removed")}
        </p>
      ) : null}
      {params.get("cancelled") ? (
        <p className="notice notice--confirmed" role="status">
          {t("editor.cancelItem.done", { count: Number(params.get("cancelled")) || 0 })}
        </p>
      ) : null}
      <FormErrors errors={errors.form} />
      {event ? (
        <>
          <p className="actions">
            <Link to={`/admin/events/${event.id}/report`}>{t("report.title")}</Link> · <Link to={`/admin/events/${event.id}/copy`}>{t("editor.copy")}</Link>
          </p>
          <Section title={t("editor.ticketTypes")} add={`/admin/events/${event.id}/ticket-types/new`} addLabel={t("editor.add.ticketTypes")}>
            {event.ticketTypes.map((type) => (
              <li key={type.id}>
                <Link to={`/admin/events/${event.id}/ticket-types/${type.id}`}>{local(type.nameDe, type.nameEn)}</Link> ·{" "}
                {formatMoney(type.priceCents, language)} ·{" "}
                {type.capacity === null ? t("editor.unlimited") : t("admin.attendee.seats", { taken: type.confirmedCount, capacity: type.capacity })}
              </li>
            ))}
          </Section>
          <Section title={t("editor.slots")} add={`/admin/events/${event.id}/slots/new`} addLabel={t("editor.add.slots")}>
            {event.slots.map((slot) => (
              <li key={slot.id}>
                <Link to={`/admin/events/${event.id}/slots/${slot.id}`}>{local(slot.labelDe, slot.labelEn)}</Link> ·{" "}
                {formatTimeRange(new Date(slot.startsAt), new Date(slot.endsAt), language)}
                <ul>
                  {slot.items.map((item) => (
                    <li key={item.id}>
                      <Link to={`/admin/events/${event.id}/items/${item.id}`}>{local(item.titleDe, item.titleEn)}</Link> · {t(`editor.kind.${item.kind}`)}
                      {item.cancelledAt ? ` · ${t("editor.itemCancelled")}` : ""}
                      {item.capacity === null ? "" : ` · ${t("admin.attendee.seats", { taken: item.confirmedCount, capacity: item.capacity })}`}
                      {item.departureAt ? ` · ${t("editor.departureAt")} ${formatDateTime(new Date(item.departureAt), language)}` : ""}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </Section>
          <p>
            <Link to={`/admin/events/${event.id}/items/new`}>{t("editor.add.items")}</Link>
          </p>
          <Section title={t("editor.fieldsOfAction")} add={`/admin/events/${event.id}/fields/new`} addLabel={t("editor.add.fields")}>
            {event.fieldsOfAction.map((field) => (
              <li key={field.id}>
                <span className={`badge badge--colour-${field.colour}`}>{t(`editor.colour.${field.colour}` as MessageKey)}</span>{" "}
                <Link to={`/admin/events/${event.id}/fields/${field.id}`}>{local(field.nameDe, field.nameEn)}</Link> ·{" "}
                {t("editor.fieldItems", { count: field._count.items })}
              </li>
            ))}
          </Section>
          <Section title={t("editor.questions")} add={`/admin/events/${event.id}/questions/new`} addLabel={t("editor.add.questions")}>
            {event.questions.map((question) => (
              <li key={question.id}>
                <Link to={`/admin/events/${event.id}/questions/${question.id}`}>{local(question.labelDe, question.labelEn)}</Link> ·{" "}
                {t(`editor.question.kind.${question.kind}` as MessageKey)} · {t(`editor.question.scope.${question.scope}` as MessageKey)}
                {question.required ? ` · ${t("editor.question.required")}` : ""} · {t("editor.question.answers", { count: question._count.answers })}
              </li>
            ))}
          </Section>
          <Section title={t("editor.checkInLists")} add={`/admin/events/${event.id}/lists/new`} addLabel={t("editor.add.lists")}>
            {event.checkInLists.map((list) => (
              <li key={list.id}>
                <Link to={`/admin/events/${event.id}/lists/${list.id}`}>{local(list.nameDe, list.nameEn)}</Link>
              </li>
            ))}
          </Section>
        </>
      ) : null}
      <section className="editor-section">
        <h2>{t("editor.eventDetails")}</h2>
        <Form method="post" noValidate className="narrow">
          <EditorFields fields={EVENT_FIELDS} values={result?.values ?? values} errors={errors} />
          <button type="submit" className="button button--primary">
            {t("admin.save")}
          </button>
        </Form>
      </section>
      {event ? <LifecycleSection event={event} errors={errors} /> : null}
      {event && anonymiseDate ? <RetentionSection anonymisedAt={event.anonymisedAt} on={anonymiseDate} errors={errors} /> : null}
    </>
  );
}

/** When the event's attendees are anonymised, and anonymising it now (after the event) with a confirmation. */
function RetentionSection({ anonymisedAt, on, errors }: { anonymisedAt: string | Date | null; on: string | Date; errors: FieldErrors }) {
  const language = useLanguage();
  const t = useT();
  const [params] = useSearchParams();
  return (
    <section className="editor-section danger-zone" aria-labelledby="retention">
      <h2 id="retention">{t("editor.retention")}</h2>
      {params.get("anonymised") !== null ? (
        <p className="notice notice--confirmed" role="status">
          {t("editor.anonymised", { count: Number(params.get("anonymised")) || 0 })}
        </p>
      ) : null}
      <p>
        {anonymisedAt
          ? t("editor.anonymisedAt", { date: formatDate(new Date(anonymisedAt), language) })
          : t("editor.anonymiseOn", { date: formatDate(new Date(on), language) })}
      </p>
      {anonymisedAt ? null : (
        <Form method="post">
          <input type="hidden" name="intent" value="anonymise" />
          <ConfirmCheckbox name="confirmAnonymise" label={t("editor.anonymiseConfirm")} errors={errors.confirmAnonymise} />
          <button type="submit" className="button button--danger">
            {t("editor.anonymiseNow")}
          </button>
        </Form>
      )}
    </section>
  );
}

/** Deleting an unused draft, and putting a past event in the archive (or taking it out). */
function LifecycleSection({ event, errors }: { event: { status: string; endsAt: string | Date; archivedAt: string | Date | null }; errors: FieldErrors }) {
  const language = useLanguage();
  const t = useT();
  const over = new Date(event.endsAt) < new Date();
  return (
    <>
      {event.status === "draft" ? (
        <section className="editor-section danger-zone" aria-labelledby="delete-event">
          <h2 id="delete-event">{t("editor.deleteEvent")}</h2>
          <p>{t("editor.deleteEventText")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="deleteEvent" />
            <ConfirmCheckbox name="confirmDelete" label={t("editor.deleteEventConfirm")} errors={errors.confirmDelete} />
            <button type="submit" className="button button--danger">
              {t("editor.deleteEvent")}
            </button>
          </Form>
        </section>
      ) : null}
      {over || event.archivedAt ? (
        <section className="editor-section" aria-labelledby="archive-event">
          <h2 id="archive-event">{t("editor.archive")}</h2>
          <p>{event.archivedAt ? t("editor.archivedAt", { date: formatDate(new Date(event.archivedAt), language) }) : t("editor.archiveText")}</p>
          <FormErrors errors={errors.archive} />
          <Form method="post">
            <button type="submit" name="intent" value={event.archivedAt ? "unarchive" : "archive"} className="button">
              {event.archivedAt ? t("editor.unarchive") : t("editor.archiveNow")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

function Section({ title, add, addLabel, children }: { title: string; add: string; addLabel: string; children: ReactNode }) {
  return (
    <section className="editor-section">
      <h2>{title}</h2>
      <ul>{children}</ul>
      <p>
        <Link to={add}>{addLabel}</Link>
      </p>
    </section>
  );
}
