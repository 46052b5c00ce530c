import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { EditorFields, formValuesFrom, formValuesOf, type SelectOptions } from "~/components/editor-form";
import { errorId, ErrorList, FormErrors } from "~/components/forms";
import type { Database } from "~/db.server";
import { getDatabase } from "~/db.server";
import {
  CHECKIN_LIST_FIELDS,
  CheckInListFormSchema,
  PROGRAMME_ITEM_FIELDS,
  ProgrammeItemFormSchema,
  SLOT_FIELDS,
  SlotFormSchema,
  TICKET_TYPE_FIELDS,
  TicketTypeFormSchema,
  type FieldSpec,
} from "~/modules/events/editor-schema";
import {
  cancelProgrammeItem,
  loadEventForEditor,
  programmeItemNoticeCount,
  saveCheckInList,
  saveProgrammeItem,
  saveSlot,
  saveTicketType,
  type SaveOutcome,
} from "~/modules/events/editor.server";
import { localized } from "~/modules/i18n/language";
import { getLanguage } from "~/modules/i18n/language.server";
import { translator, type MessageKey } from "~/modules/i18n/messages";
import { fieldErrorsFrom, type FieldErrors } from "~/modules/forms/errors";
import { requireStaff } from "~/modules/staff/session.server";
import { notFound, readFormData } from "~/utils/http.server";
import { useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";

export const meta = teamPageMeta("editor.title");

/**
 * One editor page for the parts of an event: ticket types, time slots, programme items, check-in lists.
 * `/admin/events/:eventId/:kind/new` creates one, `/admin/events/:eventId/:kind/:id` edits it.
 */
type Kind = "ticket-types" | "slots" | "items" | "lists";
type EditorEvent = NonNullable<Awaited<ReturnType<typeof loadEventForEditor>>>;

const KINDS: Record<Kind, { fields: FieldSpec[]; heading: MessageKey; find: (event: EditorEvent, id: string) => Record<string, unknown> | undefined }> = {
  "ticket-types": { fields: TICKET_TYPE_FIELDS, heading: "editor.ticketTypes", find: (event, id) => event.ticketTypes.find((type) => type.id === id) },
  slots: { fields: SLOT_FIELDS, heading: "editor.slots", find: (event, id) => event.slots.find((slot) => slot.id === id) },
  items: {
    fields: PROGRAMME_ITEM_FIELDS,
    heading: "editor.items",
    find: (event, id) => event.slots.flatMap((slot) => slot.items).find((item) => item.id === id),
  },
  lists: { fields: CHECKIN_LIST_FIELDS, heading: "editor.checkInLists", find: (event, id) => event.checkInLists.find((list) => list.id === id) },
};

/** A new ticket type, slot or item goes after the existing ones unless the organiser says otherwise. */
function nextSortOrder(event: EditorEvent, kind: Kind): number {
  const orders =
    kind === "ticket-types"
      ? event.ticketTypes.map((type) => type.sortOrder)
      : kind === "slots"
        ? event.slots.map((slot) => slot.sortOrder)
        : event.slots.flatMap((slot) => slot.items.map((item) => item.sortOrder));
  return Math.max(0, ...orders) + 1;
}

const isKind = (value: string | undefined): value is Kind => value !== undefined && value in KINDS;

async function loadTarget(database: Database, params: { eventId?: string; kind?: string; id?: string }) {
  if (!isKind(params.kind)) throw notFound();
  const event = await loadEventForEditor(database, params.eventId ?? "");
  if (!event) throw notFound();
  const id = params.id === "new" ? null : (params.id ?? null);
  const record = id ? KINDS[params.kind].find(event, id) : null;
  if (id && !record) throw notFound();
  return { kind: params.kind, event, id, record: record ?? null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const language = await getLanguage(request);
  const { kind, event, id, record } = await loadTarget(database, params);
  const local = (de: string, en: string | null) => localized(language, de, en);
  const t = translator(language);
  const options: SelectOptions = {
    slotId: event.slots.map((slot) => ({ value: slot.id, label: local(slot.labelDe, slot.labelEn) })),
    fieldOfActionId: [
      { value: "", label: t("editor.noFieldOfAction") },
      ...event.fieldsOfAction.map((field) => ({ value: field.id, label: local(field.nameDe, field.nameEn) })),
    ],
    programmeItemId: [
      { value: "", label: t("editor.listNoItem") },
      ...event.slots
        .flatMap((slot) => slot.items.filter((item) => item.kind === "workshop" || item.kind === "site_visit"))
        .map((item) => ({ value: item.id, label: local(item.titleDe, item.titleEn) })),
    ],
  };
  const ticketTypes = event.ticketTypes.map((type) => ({ id: type.id, name: local(type.nameDe, type.nameEn) }));
  const listTicketTypeIds = kind === "lists" && id ? (event.checkInLists.find((list) => list.id === id)?.ticketTypes.map((row) => row.ticketTypeId) ?? []) : [];
  return {
    kind,
    id,
    options,
    ticketTypes,
    listTicketTypeIds,
    event: { id: event.id, title: local(event.titleDe, event.titleEn) },
    values: { ...formValuesOf(KINDS[kind].fields, record), ...(record ? {} : { sortOrder: String(nextSortOrder(event, kind)) }) },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const { kind, event, id } = await loadTarget(database, params);
  const form = await readFormData(request);
  const values = formValuesFrom(KINDS[kind].fields, form);
  const ticketTypeIds = form.getAll("ticketTypeIds").map(String);
  const refused = (errors: FieldErrors) => data({ values, ticketTypeIds, errors, confirmNotice: 0, confirmCancel: 0, askedCancel: false }, { status: 400 });
  // A change that reaches people is confirmed first: the page says how many, then the organiser chooses.
  const askFirst = (confirm: { confirmNotice?: number; confirmCancel?: number }) =>
    data({
      values,
      ticketTypeIds,
      errors: {} as FieldErrors,
      confirmNotice: 0,
      confirmCancel: 0,
      askedCancel: confirm.confirmCancel !== undefined,
      ...confirm,
    });

  if (kind === "items" && id && form.get("intent") === "cancelItem") {
    const booked = await database.read.booking.count({ where: { programmeItemId: id } });
    if (form.get("confirm") !== "yes") return askFirst({ confirmCancel: booked });
    const cancelled = await cancelProgrammeItem(database, event.id, id);
    if (!cancelled.ok) return refused({ form: ["errors.notFound"] });
    return redirect(`/admin/events/${event.id}?cancelled=${cancelled.notified}`, 303);
  }

  let outcome: SaveOutcome;
  if (kind === "ticket-types") {
    const parsed = TicketTypeFormSchema.safeParse(values);
    if (!parsed.success) return refused(fieldErrorsFrom(parsed.error));
    outcome = await saveTicketType(database, event.id, id, parsed.data);
  } else if (kind === "slots") {
    const parsed = SlotFormSchema.safeParse(values);
    if (!parsed.success) return refused(fieldErrorsFrom(parsed.error));
    outcome = await saveSlot(database, event.id, id, parsed.data);
  } else if (kind === "items") {
    const parsed = ProgrammeItemFormSchema.safeParse(values);
    if (!parsed.success) return refused(fieldErrorsFrom(parsed.error));
    const notice = form.get("notice");
    if (id && notice !== "send" && notice !== "silent") {
      const concerned = await programmeItemNoticeCount(database, event.id, id, parsed.data);
      if (concerned > 0) return askFirst({ confirmNotice: concerned });
    }
    outcome = await saveProgrammeItem(database, event.id, id, parsed.data, { notify: notice === "send" });
  } else {
    const parsed = CheckInListFormSchema.safeParse({ ...values, ticketTypeIds });
    if (!parsed.success) return refused(fieldErrorsFrom(parsed.error));
    outcome = await saveCheckInList(database, event.id, id, parsed.data);
  }
  if (!outcome.ok) return refused(outcome.errors);
  return redirect(`/admin/events/${event.id}?saved=1`, 303);
}

export default function EventPartEditor() {
  const { kind, id, options, ticketTypes, listTicketTypeIds, event, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors: FieldErrors = result?.errors ?? {};
  const checkedTypes = result?.ticketTypeIds ?? listTicketTypeIds;
  return (
    <>
      <p>
        <Link to={`/admin/events/${event.id}`}>{t("editor.back")}</Link>
      </p>
      <h1>
        {t(KINDS[kind].heading)}: {id ? t("editor.edit") : t(`editor.add.${kind === "ticket-types" ? "ticketTypes" : kind}`)}
      </h1>
      <p>{event.title}</p>
      <FormErrors errors={errors.form} />
      <Form method="post" noValidate className="narrow">
        <EditorFields fields={KINDS[kind].fields} values={result?.values ?? values} errors={errors} options={options} />
        {kind === "lists" ? (
          <fieldset
            className={`field${errors.ticketTypeIds ? " field--invalid" : ""}`}
            aria-describedby={errors.ticketTypeIds ? errorId("ticketTypeIds") : undefined}
          >
            <legend>{t("editor.listTicketTypes")}</legend>
            {ticketTypes.map((type) => (
              <div key={type.id} className="field field--checkbox">
                <input type="checkbox" id={`tt-${type.id}`} name="ticketTypeIds" value={type.id} defaultChecked={checkedTypes.includes(type.id)} />
                <label htmlFor={`tt-${type.id}`}>{type.name}</label>
              </div>
            ))}
            <ErrorList id={errorId("ticketTypeIds")} errors={errors.ticketTypeIds} />
          </fieldset>
        ) : null}
        {result?.confirmNotice ? (
          <div className="notice" role="alert">
            <h2>{t("editor.notice.title")}</h2>
            <p>{t("editor.notice.text", { count: result.confirmNotice })}</p>
            <p className="actions">
              <button type="submit" name="notice" value="send" className="button button--primary">
                {t("editor.notice.confirm", { count: result.confirmNotice })}
              </button>
              <button type="submit" name="notice" value="silent" className="button">
                {t("editor.notice.silent")}
              </button>
            </p>
          </div>
        ) : (
          <button type="submit" className="button button--primary">
            {t("admin.save")}
          </button>
        )}
      </Form>
      {kind === "items" && id ? (
        <Form method="post" className="danger-zone narrow">
          <h2>{t("editor.cancelItem")}</h2>
          <input type="hidden" name="intent" value="cancelItem" />
          {result?.askedCancel ? (
            <>
              <p role="alert">{t("editor.cancelItem.text", { count: result.confirmCancel })}</p>
              <input type="hidden" name="confirm" value="yes" />
              <button type="submit" className="button button--danger">
                {t("editor.cancelItem.confirm", { count: result.confirmCancel })}
              </button>
            </>
          ) : (
            <button type="submit" className="button button--danger">
              {t("editor.cancelItem")}
            </button>
          )}
        </Form>
      ) : null}
    </>
  );
}
