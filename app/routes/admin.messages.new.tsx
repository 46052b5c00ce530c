import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, TextField, useFocusOnError } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { currentEvent } from "~/modules/attendees/list.server";
import { attendeeQueryString, readAttendeeQuery } from "~/modules/attendees/query";
import { fieldErrorsFrom, type FieldErrors } from "~/modules/forms/errors";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { localized } from "~/modules/i18n/language";
import { teamPageMeta } from "~/modules/i18n/meta";
import { countRecipients, GroupMessageSchema, MAX_RECIPIENTS, sendGroupMessage } from "~/modules/mail/group-messages.server";
import { requireStaff } from "~/modules/staff/session.server";
import { clientAddress, notFound, readFormData } from "~/utils/http.server";
import { audit, staffActor } from "~/modules/audit/log.server";

/**
 * Writing a message to the attendees the list's filter selects (the filter travels in the URL): write,
 * preview with the number of people it reaches, then send. The preview is the server's answer to the
 * form, so it works without JavaScript too.
 */
export const meta = teamPageMeta("admin.messages.title");

/** The signed-in organiser, the event and the list's filter from the URL. */
async function target(request: Request) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const query = readAttendeeQuery(new URL(request.url).searchParams);
  const event = await currentEvent(database, query.event);
  if (!event) throw notFound();
  return { database, user, event, query: { ...query, event: event.id, page: 1 } };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { database, event, query } = await target(request);
  return { event, filter: attendeeQueryString(query), count: await countRecipients(database, event.id, query) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { database, user, event, query } = await target(request);
  const form = await readFormData(request);
  const values = { subject: String(form.get("subject") ?? "").slice(0, 1000), body: String(form.get("body") ?? "").slice(0, 20_000) };
  const parsed = GroupMessageSchema.safeParse(values);
  const count = await countRecipients(database, event.id, query);
  if (!parsed.success) return data({ values, errors: fieldErrorsFrom(parsed.error), preview: false, count }, { status: 400 });
  if (count > MAX_RECIPIENTS)
    return data({ values, errors: { form: [`errors.tooManyRecipients:${MAX_RECIPIENTS}`] } as FieldErrors, preview: false, count }, { status: 400 });
  if (form.get("intent") !== "send") return { values, errors: {} as FieldErrors, preview: true, count };
  const sent = await sendGroupMessage(database, event.id, query, parsed.data, user.name);
  if (!sent.ok) {
    const errors: FieldErrors = { form: [sent.error === "nobody" ? "admin.messages.nobody" : `errors.tooManyRecipients:${MAX_RECIPIENTS}`] };
    return data({ values, errors, preview: false, count }, { status: 400 });
  }
  await audit(database, staffActor(user, clientAddress(context)), "mail.group_message", {
    subject: `event:${event.id}`,
    detail: `${sent.recipients} recipients`,
  });
  return redirect(`/admin/messages/${sent.id}`, 303);
}

export default function NewMessage() {
  const { event, filter, count } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const language = useLanguage();
  const t = useT();
  useFocusOnError(result?.errors);
  const errors = result?.errors ?? {};
  const reach = result?.count ?? count;
  return (
    <>
      <p>
        <Link to={`/admin/attendees${filter}`}>{t("admin.attendee.back")}</Link>
      </p>
      <h1>{t("admin.messages.write")}</h1>
      <p>{localized(language, event.titleDe, event.titleEn)}</p>
      <p className={reach === 0 ? "notice" : "hint"} role="status">
        {reach === 0 ? t("admin.messages.nobody") : t("admin.messages.reaches", { count: reach })}
      </p>
      <FormErrors errors={errors.form} />
      <Form method="post" noValidate className="narrow">
        <TextField
          name="subject"
          label={t("admin.messages.subject")}
          required
          maxLength={200}
          defaultValue={result?.values.subject ?? ""}
          errors={errors.subject}
        />
        <TextField
          name="body"
          label={t("admin.messages.body")}
          required
          multiline
          hint={t("admin.messages.bodyHint")}
          defaultValue={result?.values.body ?? ""}
          errors={errors.body}
        />
        {result?.preview ? (
          <section aria-labelledby="preview" className="card">
            <h2 id="preview">{t("admin.messages.preview")}</h2>
            <p>
              <strong>{result.values.subject}</strong>
            </p>
            <p className="pre-line">{result.values.body}</p>
            <p className="actions">
              <button type="submit" name="intent" value="send" className="button button--primary" disabled={reach === 0}>
                {t("admin.messages.send", { count: reach })}
              </button>
            </p>
          </section>
        ) : null}
        <button type="submit" name="intent" value="preview" className="button">
          {t("admin.messages.preview")}
        </button>
      </Form>
    </>
  );
}
