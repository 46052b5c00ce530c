import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { EditorFields, formValuesFrom } from "~/components/editor-form";
import { FormErrors } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { EVENT_COPY_FIELDS, EventCopyFormSchema } from "~/modules/events/editor-schema";
import { copyEvent } from "~/modules/events/lifecycle.server";
import { fieldErrorsFrom, type FieldErrors } from "~/modules/forms/errors";
import { berlinInputValue } from "~/modules/i18n/format";
import { useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";
import { requireStaff } from "~/modules/staff/session.server";
import { staffActor } from "~/modules/audit/log.server";
import { notFound, readFormData, clientAddress } from "~/utils/http.server";

export const meta = teamPageMeta("editor.copy");

/** Copying an event to a new date: a year later by default, with "-kopie" in its address until the organiser names it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const event = await database.read.event.findUnique({
    where: { id: params.eventId ?? "" },
    select: { id: true, slug: true, titleDe: true, titleEn: true, startsAt: true },
  });
  if (!event) throw notFound();
  const nextYear = new Date(event.startsAt);
  nextYear.setUTCFullYear(nextYear.getUTCFullYear() + 1);
  return {
    event: { id: event.id, title: event.titleDe },
    values: { titleDe: event.titleDe, titleEn: event.titleEn ?? "", slug: `${event.slug}-kopie`.slice(0, 80), startsAt: berlinInputValue(nextYear) },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const values = formValuesFrom(EVENT_COPY_FIELDS, await readFormData(request));
  const parsed = EventCopyFormSchema.safeParse(values);
  if (!parsed.success) return data({ values, errors: fieldErrorsFrom(parsed.error) }, { status: 400 });
  const outcome = await copyEvent(database, params.eventId ?? "", parsed.data, staffActor(user, clientAddress(context)));
  if (!outcome.ok) return data({ values, errors: outcome.errors }, { status: 400 });
  return redirect(`/admin/events/${outcome.id}?copied=1`, 303);
}

export default function CopyEvent() {
  const { event, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors: FieldErrors = result?.errors ?? {};
  return (
    <>
      <p>
        <Link to={`/admin/events/${event.id}`}>{t("editor.back")}</Link>
      </p>
      <h1>{t("editor.copy")}</h1>
      <p>{event.title}</p>
      <p className="hint">{t("editor.copy.intro")}</p>
      <FormErrors errors={errors.form} />
      <Form method="post" noValidate className="narrow">
        <EditorFields fields={EVENT_COPY_FIELDS} values={result?.values ?? values} errors={errors} />
        <button type="submit" className="button button--primary">
          {t("editor.copy.submit")}
        </button>
      </Form>
    </>
  );
}
