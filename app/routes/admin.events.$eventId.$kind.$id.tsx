import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { EditorFields, formValuesFrom, formValuesOf, type SelectOptions } from "~/components/editor-form";
import { errorId, ErrorList, fieldId, FormErrors } from "~/components/forms";
import type { Database } from "~/db.server";
import { getDatabase } from "~/db.server";
import {
  CHECKIN_LIST_FIELDS,
  CheckInListFormSchema,
  FIELD_OF_ACTION_FIELDS,
  FieldOfActionFormSchema,
  QUESTION_FIELDS,
  QuestionFormSchema,
  readOptionRows,
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
  saveFieldOfAction,
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
import { staffActor } from "~/modules/audit/log.server";
import { notFound, readFormData, clientAddress } from "~/utils/http.server";
import { useT } from "~/modules/i18n/hooks";
import { removeQuestion, saveQuestion } from "~/modules/questions/editor.server";
import { deleteProgrammeItem, deleteTicketType } from "~/modules/events/lifecycle.server";
import { isChoiceKind } from "~/modules/questions/answers";
import { teamPageMeta } from "~/modules/i18n/meta";

export const meta = teamPageMeta("editor.title");

/**
 * One editor page for the parts of an event: ticket types, time slots, programme items, check-in lists.
 * `/admin/events/:eventId/:kind/new` creates one, `/admin/events/:eventId/:kind/:id` edits it.
 */
type Kind = "ticket-types" | "slots" | "items" | "lists" | "fields" | "questions";
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
  fields: { fields: FIELD_OF_ACTION_FIELDS, heading: "editor.fieldsOfAction", find: (event, id) => event.fieldsOfAction.find((field) => field.id === id) },
  questions: { fields: QUESTION_FIELDS, heading: "editor.questions", find: (event, id) => event.questions.find((question) => question.id === id) },
};

/** A new ticket type, slot or item goes after the existing ones unless the organiser says otherwise. */
function nextSortOrder(event: EditorEvent, kind: Kind): number {
  const orders =
    kind === "ticket-types"
      ? event.ticketTypes.map((type) => type.sortOrder)
      : kind === "slots"
        ? event.slots.map((slot) => slot.sortOrder)
        : kind === "fields"
          ? event.fieldsOfAction.map((field) => field.position)
          : kind === "questions"
            ? event.questions.map((question) => question.position)
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
  const listTicketTypeIds =
    kind === "lists" && id
      ? (event.checkInLists.find((list) => list.id === id)?.ticketTypes.map((row) => row.ticketTypeId) ?? [])
      : kind === "questions" && id
        ? (event.questions.find((question) => question.id === id)?.ticketTypes.map((row) => row.ticketTypeId) ?? [])
        : [];
  const question = kind === "questions" && id ? event.questions.find((candidate) => candidate.id === id) : undefined;
  const optionRows = (question?.options ?? []).map((option) => ({
    key: option.id,
    labelDe: option.labelDe,
    labelEn: option.labelEn ?? "",
    position: String(option.position),
  }));
  const defaults: Record<string, string> = kind === "questions" ? { kind: "text", scope: "attendee" } : kind === "fields" ? { colour: "teal" } : {};
  const sortField = kind === "fields" || kind === "questions" ? "position" : "sortOrder";
  return {
    kind,
    id,
    archived: event.archivedAt !== null,
    optionRows,
    answerCount: question?._count.answers ?? 0,
    options,
    ticketTypes,
    listTicketTypeIds,
    event: { id: event.id, title: local(event.titleDe, event.titleEn) },
    values: { ...formValuesOf(KINDS[kind].fields, record), ...(record ? {} : { ...defaults, [sortField]: String(nextSortOrder(event, kind)) }) },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const actor = staffActor(await requireStaff(database, request, ["organiser"]), clientAddress(context));
  const { kind, event, id } = await loadTarget(database, params);
  const form = await readFormData(request);
  const values = formValuesFrom(KINDS[kind].fields, form);
  const ticketTypeIds = form.getAll("ticketTypeIds").map(String);
  const optionRows = kind === "questions" ? readOptionRows(form) : [];
  const refused = (errors: FieldErrors) =>
    data({ values, ticketTypeIds, optionRows, errors, confirmNotice: 0, confirmCancel: 0, askedCancel: false }, { status: 400 });
  // A change that reaches people is confirmed first: the page says how many, then the organiser chooses.
  const askFirst = (confirm: { confirmNotice?: number; confirmCancel?: number }) =>
    data({
      values,
      ticketTypeIds,
      optionRows,
      errors: {} as FieldErrors,
      confirmNotice: 0,
      confirmCancel: 0,
      askedCancel: confirm.confirmCancel !== undefined,
      ...confirm,
    });

  if (kind === "items" && id && form.get("intent") === "cancelItem") {
    const booked = await database.read.booking.count({ where: { programmeItemId: id } });
    if (form.get("confirm") !== "yes") return askFirst({ confirmCancel: booked });
    const cancelled = await cancelProgrammeItem(database, event.id, id, new Date(), actor);
    if (!cancelled.ok) return refused({ form: ["errors.notFound"] });
    return redirect(`/admin/events/${event.id}?cancelled=${cancelled.notified}`, 303);
  }

  if ((kind === "ticket-types" || kind === "items") && id && form.get("intent") === "deletePart") {
    const deleted = kind === "items" ? await deleteProgrammeItem(database, event.id, id, actor) : await deleteTicketType(database, event.id, id, actor);
    if (!deleted.ok) return refused(deleted.errors);
    return redirect(`/admin/events/${event.id}?deleted=1`, 303);
  }
  if (kind === "questions" && id && form.get("intent") === "removeQuestion") {
    const removed = await removeQuestion(database, event.id, id, new Date(), actor);
    if (!removed.ok) return refused(removed.errors);
    return redirect(`/admin/events/${event.id}?questionRemoved=1`, 303);
  }

  let outcome: SaveOutcome;
  if (kind === "fields") {
    const parsed = FieldOfActionFormSchema.safeParse(values);
    if (!parsed.success) return refused(fieldErrorsFrom(parsed.error));
    outcome = await saveFieldOfAction(database, event.id, id, parsed.data, actor);
  } else if (kind === "questions") {
    const parsed = QuestionFormSchema.safeParse({ ...values, ticketTypeIds, options: optionRows });
    if (!parsed.success) return refused(fieldErrorsFrom(parsed.error));
    outcome = await saveQuestion(database, event.id, id, parsed.data, new Date(), actor);
  } else if (kind === "ticket-types") {
    const parsed = TicketTypeFormSchema.safeParse(values);
    if (!parsed.success) return refused(fieldErrorsFrom(parsed.error));
    outcome = await saveTicketType(database, event.id, id, parsed.data, actor);
  } else if (kind === "slots") {
    const parsed = SlotFormSchema.safeParse(values);
    if (!parsed.success) return refused(fieldErrorsFrom(parsed.error));
    outcome = await saveSlot(database, event.id, id, parsed.data, actor);
  } else if (kind === "items") {
    const parsed = ProgrammeItemFormSchema.safeParse(values);
    if (!parsed.success) return refused(fieldErrorsFrom(parsed.error));
    const notice = form.get("notice");
    if (id && notice !== "send" && notice !== "silent") {
      const concerned = await programmeItemNoticeCount(database, event.id, id, parsed.data);
      if (concerned > 0) return askFirst({ confirmNotice: concerned });
    }
    outcome = await saveProgrammeItem(database, event.id, id, parsed.data, { notify: notice === "send", actor });
  } else {
    const parsed = CheckInListFormSchema.safeParse({ ...values, ticketTypeIds });
    if (!parsed.success) return refused(fieldErrorsFrom(parsed.error));
    outcome = await saveCheckInList(database, event.id, id, parsed.data, actor);
  }
  if (!outcome.ok) return refused(outcome.errors);
  return redirect(`/admin/events/${event.id}?saved=1`, 303);
}

export default function EventPartEditor() {
  const { kind, id, options, ticketTypes, listTicketTypeIds, event, values, optionRows, answerCount, archived } = useLoaderData<typeof loader>();
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
      {archived ? <p className="notice">{t("errors.eventArchived")}</p> : null}
      <FormErrors errors={errors.form} />
      <Form method="post" noValidate className="narrow">
        <EditorFields fields={KINDS[kind].fields} values={result?.values ?? values} errors={errors} options={options} />
        {kind === "questions" ? (
          <OptionRows rows={result?.optionRows ?? optionRows} errors={errors} choice={isChoiceKind((result?.values ?? values).kind ?? "")} />
        ) : null}
        {kind === "lists" || kind === "questions" ? (
          <fieldset
            className={`field${errors.ticketTypeIds ? " field--invalid" : ""}`}
            aria-describedby={errors.ticketTypeIds ? errorId("ticketTypeIds") : undefined}
          >
            <legend>{t(kind === "lists" ? "editor.listTicketTypes" : "editor.question.ticketTypes")}</legend>
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
      {(kind === "ticket-types" || kind === "items") && id ? (
        <Form method="post" className="danger-zone narrow">
          <h2>{t("editor.deletePart")}</h2>
          <p>{t("editor.deletePartText")}</p>
          <button type="submit" name="intent" value="deletePart" className="button button--danger">
            {t("editor.deletePart")}
          </button>
        </Form>
      ) : null}
      {kind === "questions" && id ? (
        <Form method="post" className="danger-zone narrow">
          <h2>{t("editor.question.remove")}</h2>
          <p>{t("editor.question.removeText", { count: answerCount })}</p>
          <button type="submit" name="intent" value="removeQuestion" className="button button--danger">
            {t("editor.question.remove")}
          </button>
        </Form>
      ) : null}
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

type OptionRow = { key: string; labelDe: string; labelEn: string; position: string };

/**
 * A choice question's answers as rows: the saved ones (renamed, moved or removed by their id, so answers given keep
 * pointing at them) and three spare rows for new ones. Works without JavaScript.
 */
function OptionRows({ rows, errors, choice }: { rows: OptionRow[]; errors: FieldErrors; choice: boolean }) {
  const t = useT();
  const saved = rows.filter((row) => !row.key.startsWith("new"));
  const spare = [...rows.filter((row) => row.key.startsWith("new"))];
  for (let index = spare.length; spare.length < 3; index += 1) spare.push({ key: `new${index}`, labelDe: "", labelEn: "", position: "" });
  const invalid = Boolean(errors.options?.length);
  return (
    <fieldset
      className={`field option-rows${invalid ? " field--invalid" : ""}`}
      aria-describedby={`${fieldId("options")}-hint${invalid ? ` ${errorId("options")}` : ""}`}
    >
      <legend>{t("editor.question.options")}</legend>
      <p className="hint" id={`${fieldId("options")}-hint`}>
        {t("editor.question.optionsHint")}
      </p>
      <ErrorList id={errorId("options")} errors={errors.options} />
      {[...saved, ...spare].map((row, index) => {
        const number = index + 1;
        const name = (part: string) => `option.${row.key}.${part}`;
        return (
          <div className="option-row" key={row.key} data-choice={choice || undefined}>
            <div className="field">
              <label htmlFor={fieldId(name("labelDe"))}>{t("editor.question.optionDe", { number })}</label>
              <input id={fieldId(name("labelDe"))} name={name("labelDe")} defaultValue={row.labelDe} maxLength={200} />
            </div>
            <div className="field">
              <label htmlFor={fieldId(name("labelEn"))}>{t("editor.question.optionEn", { number })}</label>
              <input id={fieldId(name("labelEn"))} name={name("labelEn")} defaultValue={row.labelEn} maxLength={200} />
            </div>
            <div className="field field--short">
              <label htmlFor={fieldId(name("position"))}>{t("editor.question.optionPosition", { number })}</label>
              <input id={fieldId(name("position"))} name={name("position")} defaultValue={row.position || String(number)} inputMode="numeric" />
            </div>
            {row.key.startsWith("new") ? null : (
              <div className="field field--checkbox">
                <input type="checkbox" id={fieldId(name("remove"))} name={name("remove")} />
                <label htmlFor={fieldId(name("remove"))}>{t("editor.question.optionRemove", { number })}</label>
              </div>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
