import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { errorId, ErrorList, fieldId, FormErrors, TextField, useFocusOnError } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { staffActor } from "~/modules/audit/log.server";
import { fieldErrorsFrom, type FieldErrors } from "~/modules/forms/errors";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { formatDate } from "~/modules/i18n/format";
import { localized } from "~/modules/i18n/language";
import { teamPageMeta } from "~/modules/i18n/meta";
import { CONFORMITY, isLegalKind, LEGAL_KINDS, LEGAL_PATHS, type LegalKind } from "~/modules/legal/kinds";
import { LegalTextSchema, saveLegalText } from "~/modules/legal/texts.server";
import { requireStaff } from "~/modules/staff/session.server";
import { clientAddress, readFormData } from "~/utils/http.server";

/**
 * The organisers' editor of the legal texts: choose the text and whom it applies to (the installation, or an
 * event whose organiser differs), edit, save as a new version. Earlier versions stay; the public page lists them.
 */
export const meta = teamPageMeta("admin.legal.title");
const FIELDS = ["bodyDe", "bodyEn", "conformity", "limitationsDe", "limitationsEn", "preparedOn", "contactEmail"] as const;

function target(url: URL): { kind: LegalKind; eventId: string | null } {
  const kind = url.searchParams.get("kind");
  const eventId = url.searchParams.get("event");
  return { kind: isLegalKind(kind) ? kind : "imprint", eventId: eventId && /^[a-z0-9]{1,64}$/i.test(eventId) ? eventId : null };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const { kind, eventId } = target(new URL(request.url));
  const [events, current, versions] = await Promise.all([
    database.read.event.findMany({ orderBy: { startsAt: "desc" }, select: { id: true, slug: true, titleDe: true, titleEn: true } }),
    database.read.legalText.findFirst({ where: { kind, eventId }, orderBy: { createdAt: "desc" } }),
    database.read.legalText.findMany({
      where: { kind, eventId },
      orderBy: { createdAt: "desc" },
      select: { version: true, createdAt: true, createdBy: true },
      take: 50,
    }),
  ]);
  const values = Object.fromEntries(
    FIELDS.map((name) => {
      const value = current?.[name];
      return [name, value instanceof Date ? value.toISOString().slice(0, 10) : (value ?? "")];
    }),
  ) as Record<(typeof FIELDS)[number], string>;
  return { kind, eventId, events, values, version: current?.version ?? null, versions };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const { kind, eventId } = target(new URL(request.url));
  const form = await readFormData(request);
  const values = Object.fromEntries(FIELDS.map((name) => [name, String(form.get(name) ?? "")])) as Record<(typeof FIELDS)[number], string>;
  const parsed = LegalTextSchema.safeParse(values);
  if (!parsed.success) return data({ values, errors: fieldErrorsFrom(parsed.error) }, { status: 400 });
  if (eventId && !(await database.read.event.findUnique({ where: { id: eventId }, select: { id: true } }))) {
    return data({ values, errors: { form: ["errors.notFound"] } as FieldErrors }, { status: 400 });
  }
  const saved = await saveLegalText(database, kind, eventId, parsed.data, staffActor(user, clientAddress(context)));
  return redirect(`/admin/legal?kind=${kind}${eventId ? `&event=${eventId}` : ""}&saved=${encodeURIComponent(saved.version)}`, 303);
}

export default function LegalTexts() {
  const { kind, eventId, events, values, version, versions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const language = useLanguage();
  const t = useT();
  useFocusOnError(result?.errors);
  const errors: FieldErrors = result?.errors ?? {};
  const shown = result?.values ?? values;
  const event = events.find((candidate) => candidate.id === eventId);
  const publicUrl = `${LEGAL_PATHS[kind]}${event ? `?event=${event.slug}` : ""}`;
  return (
    <>
      <h1>{t("admin.legal.title")}</h1>
      <p>{t("admin.legal.intro")}</p>
      {params.get("saved") ? (
        <p className="notice notice--confirmed" role="status">
          {t("admin.legal.saved", { version: params.get("saved") ?? "" })}
        </p>
      ) : null}
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor={fieldId("kind")}>{t("admin.legal.kind")}</label>
          <select id={fieldId("kind")} name="kind" defaultValue={kind}>
            {LEGAL_KINDS.map((option) => (
              <option key={option} value={option}>
                {t(`legal.${option}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={fieldId("event")}>{t("admin.legal.scope")}</label>
          <select id={fieldId("event")} name="event" defaultValue={eventId ?? ""}>
            <option value="">{t("admin.legal.installation")}</option>
            {events.map((option) => (
              <option key={option.id} value={option.id}>
                {localized(language, option.titleDe, option.titleEn)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("admin.legal.choose")}
        </button>
      </Form>
      <h2>
        {t(`legal.${kind}`)} – {event ? localized(language, event.titleDe, event.titleEn) : t("admin.legal.installation")}
      </h2>
      <p className="hint">
        {version ? t("admin.legal.current", { version }) : t("legal.none")} · <a href={publicUrl}>{t("admin.legal.open")}</a>
      </p>
      {kind === "privacy" && eventId ? <p className="hint">{t("admin.legal.privacyInEditor")}</p> : null}
      <FormErrors errors={errors.form} />
      <Form method="post" noValidate className="narrow legal-editor">
        <TextField name="bodyDe" label={t("admin.legal.bodyDe")} required multiline defaultValue={shown.bodyDe} errors={errors.bodyDe} />
        <TextField name="bodyEn" label={t("admin.legal.bodyEn")} multiline defaultValue={shown.bodyEn} errors={errors.bodyEn} />
        {kind === "imprint" || kind === "accessibility" ? (
          <TextField name="contactEmail" label={t("admin.legal.contactEmail")} type="email" defaultValue={shown.contactEmail} errors={errors.contactEmail} />
        ) : null}
        {kind === "accessibility" ? (
          <>
            <div className={`field${errors.conformity ? " field--invalid" : ""}`}>
              <label htmlFor={fieldId("conformity")}>{t("admin.legal.conformity")}</label>
              <select
                id={fieldId("conformity")}
                name="conformity"
                defaultValue={shown.conformity}
                aria-describedby={errors.conformity ? errorId("conformity") : undefined}
              >
                <option value="">–</option>
                {CONFORMITY.map((option) => (
                  <option key={option} value={option}>
                    {t(`legal.conformity.${option}`)}
                  </option>
                ))}
              </select>
              <ErrorList id={errorId("conformity")} errors={errors.conformity} />
            </div>
            <TextField name="limitationsDe" label={t("admin.legal.limitationsDe")} multiline defaultValue={shown.limitationsDe} errors={errors.limitationsDe} />
            <TextField name="limitationsEn" label={t("admin.legal.limitationsEn")} multiline defaultValue={shown.limitationsEn} errors={errors.limitationsEn} />
            <div className={`field${errors.preparedOn ? " field--invalid" : ""}`}>
              <label htmlFor={fieldId("preparedOn")}>{t("admin.legal.preparedOn")}</label>
              <input
                type="date"
                id={fieldId("preparedOn")}
                name="preparedOn"
                defaultValue={shown.preparedOn}
                aria-invalid={errors.preparedOn ? true : undefined}
                aria-describedby={errors.preparedOn ? errorId("preparedOn") : undefined}
              />
              <ErrorList id={errorId("preparedOn")} errors={errors.preparedOn} />
            </div>
          </>
        ) : null}
        <button type="submit" className="button button--primary">
          {t("admin.legal.save")}
        </button>
      </Form>
      {versions.length > 0 ? (
        <section aria-labelledby="versions">
          <h2 id="versions">{t("legal.versions")}</h2>
          <ul>
            {versions.map((entry) => (
              <li key={entry.version}>
                <a href={`${publicUrl}${event ? "&" : "?"}version=${encodeURIComponent(entry.version)}`}>
                  {t("legal.version", { version: entry.version, date: formatDate(new Date(entry.createdAt), language) })}
                </a>
                {entry.createdBy ? ` · ${entry.createdBy}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
