import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { errorId, fieldId } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { verifyCertificate } from "~/modules/certificates/certificate.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { formatDate } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/language.server";
import { pageTitle } from "~/modules/i18n/meta";
import type { MetaFunction } from "@remix-run/node";

/**
 * The public check of a certificate of attendance: the code from the certificate (typed, or in the QR
 * code's address) shows name, event and date, and nothing else about the person. A search form (GET), so
 * it works without JavaScript and a scanned QR code lands on the answer directly.
 */
export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "verify.title") }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const code = (new URL(request.url).searchParams.get("code") ?? "").slice(0, 40);
  if (!code) return { code, result: null, checked: false };
  const result = await verifyCertificate((await getDatabase()).read, code, await getLanguage(request));
  return data({ code, result, checked: true }, { status: result ? 200 : 404 });
}

export default function VerifyPage() {
  const { code, result, checked } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  const invalid = checked && !result;
  return (
    <section className="narrow">
      <h1>{t("verify.title")}</h1>
      <p>{t("verify.intro")}</p>
      <Form method="get">
        <div className={`field${invalid ? " field--invalid" : ""}`}>
          <label htmlFor={fieldId("code")}>{t("verify.code")}</label>
          <input
            id={fieldId("code")}
            name="code"
            defaultValue={code}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={40}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? errorId("code") : undefined}
          />
          {invalid ? (
            <ul id={errorId("code")} className="field-errors">
              <li>{t("verify.invalid")}</li>
            </ul>
          ) : null}
        </div>
        <button type="submit" className="button button--primary">
          {t("verify.submit")}
        </button>
      </Form>
      {result ? (
        <div className="notice notice--confirmed" role="status">
          <p>
            <strong>{t("verify.valid")}</strong>
          </p>
          <dl className="event-facts">
            <div>
              <dt>{t("verify.name")}</dt>
              <dd>{result.name}</dd>
            </div>
            <div>
              <dt>{t("verify.event")}</dt>
              <dd>{result.event}</dd>
            </div>
            <div>
              <dt>{t("verify.date")}</dt>
              <dd>{formatDate(new Date(result.date), language)}</dd>
            </div>
          </dl>
        </div>
      ) : null}
    </section>
  );
}
