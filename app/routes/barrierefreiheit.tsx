import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, TextField, useFocusOnError } from "~/components/forms";
import { LegalPage } from "~/components/legal-page";
import { getDatabase } from "~/db.server";
import { fieldErrorsFrom, type FieldErrors } from "~/modules/forms/errors";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { formatDate } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/language.server";
import { pageTitle } from "~/modules/i18n/meta";
import { sendFeedback, FeedbackSchema } from "~/modules/legal/feedback.server";
import { legalPageLoader, type LegalPageData } from "~/modules/legal/page.server";
import { loadLegalText } from "~/modules/legal/texts.server";
import { clientAddress, readFormData } from "~/utils/http.server";

/**
 * The accessibility statement after the BITV 2.0 sample: the organisers' text, then its fixed parts (status of
 * conformity, known limitations, date) and the feedback form, which reaches the statement's contact through the
 * outbox. The enforcement body's contact is part of the organisers' text.
 */
export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "legal.accessibility") }];
export const loader = legalPageLoader("accessibility");

const FIELDS = ["name", "email", "page", "message"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const values = Object.fromEntries(FIELDS.map((name) => [name, String(form.get(name) ?? "").slice(0, 6000)])) as Record<(typeof FIELDS)[number], string>;
  const parsed = FeedbackSchema.safeParse(values);
  if (!parsed.success) return data({ values, errors: fieldErrorsFrom(parsed.error), sent: false }, { status: 400 });
  const database = await getDatabase();
  const { text } = await loadLegalText(database.read, "accessibility", { eventSlug: new URL(request.url).searchParams.get("event") });
  const outcome = await sendFeedback(database, parsed.data, text?.contactEmail ?? null, await getLanguage(request), clientAddress(context) ?? "unknown");
  if (!outcome.ok) {
    // Too many in a short time: what was typed stays, the person learns how long to wait.
    const errors: FieldErrors = { form: [outcome.error] };
    return data({ values, errors, sent: false }, { status: 429, headers: { "Retry-After": String(Math.ceil(outcome.retryAfterMs / 1000)) } });
  }
  return { values: { name: "", email: "", page: "", message: "" }, errors: {} as FieldErrors, sent: true };
}

export default function AccessibilityStatement() {
  const { text } = useLoaderData<LegalPageData>();
  const result = useActionData<typeof action>();
  const language = useLanguage();
  const t = useT();
  useFocusOnError(result?.errors);
  const errors = result?.errors ?? {};
  return (
    <LegalPage title={t("legal.accessibility")}>
      {text?.conformity ? (
        <section aria-labelledby="conformity">
          <h2 id="conformity">{t("legal.conformity")}</h2>
          <p>{t(`legal.conformity.${text.conformity as "full" | "partial" | "none"}`)}</p>
        </section>
      ) : null}
      {text?.limitations ? (
        <section aria-labelledby="limitations">
          <h2 id="limitations">{t("legal.limitations")}</h2>
          <p className="pre-line">{text.limitations}</p>
        </section>
      ) : null}
      {text?.preparedOn ? <p>{t("legal.preparedOn", { date: formatDate(new Date(text.preparedOn), language) })}</p> : null}
      <section aria-labelledby="feedback">
        <h2 id="feedback">{t("legal.feedback")}</h2>
        {text?.contactEmail ? <p>{t("legal.feedbackIntro", { email: text.contactEmail })}</p> : null}
        {result?.sent ? (
          <p className="notice notice--confirmed" role="status">
            {t("legal.feedbackSent")}
          </p>
        ) : null}
        <FormErrors errors={errors.form} />
        <Form method="post" noValidate>
          <TextField
            name="name"
            label={t("legal.feedbackName")}
            autoComplete="name"
            maxLength={200}
            defaultValue={result?.values.name ?? ""}
            errors={errors.name}
          />
          <TextField
            name="email"
            label={t("legal.feedbackEmail")}
            type="email"
            autoComplete="email"
            defaultValue={result?.values.email ?? ""}
            errors={errors.email}
          />
          <TextField name="page" label={t("legal.feedbackPage")} maxLength={300} defaultValue={result?.values.page ?? ""} errors={errors.page} />
          <TextField name="message" label={t("legal.feedbackMessage")} required multiline defaultValue={result?.values.message ?? ""} errors={errors.message} />
          <button type="submit" className="button button--primary">
            {t("legal.feedbackSend")}
          </button>
        </Form>
      </section>
    </LegalPage>
  );
}
