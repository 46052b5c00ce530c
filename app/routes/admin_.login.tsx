import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { ErrorList, TextField, errorId, fieldId, translateError } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { fieldErrorsFrom, type FieldErrors } from "~/modules/forms/errors";
import { checkLogin } from "~/modules/staff/login.server";
import { audit, staffActor } from "~/modules/audit/log.server";
import { LoginSchema } from "~/modules/staff/schema";
import { createStaffSession, getStaffUser, requireSameOrigin } from "~/modules/staff/session.server";
import { safeRedirectPath, readFormData } from "~/utils/http.server";
import { useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";

export const meta = teamPageMeta("admin.login");

export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  if (await getStaffUser(database, request)) throw redirect("/admin");
  return {};
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const form = await readFormData(request);
  const values = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
  const parsed = LoginSchema.safeParse(values);
  if (!parsed.success) return data({ email: values.email, errors: fieldErrorsFrom(parsed.error) as FieldErrors }, { status: 400 });

  const database = await getDatabase();
  // server/index.ts puts the client's address into the load context (the dev server does not).
  const client = typeof context.clientAddress === "string" ? context.clientAddress : "unknown";
  const outcome = await checkLogin(database, parsed.data.email, parsed.data.password, client);
  if (!outcome.ok) {
    if (outcome.reason === "invalid") {
      // Checked and wrong (refused attempts are not checked and not recorded: the limiter bounds these rows).
      await audit(database, { id: null, name: parsed.data.email, address: client }, "staff.sign_in_failed");
    }
    if (outcome.reason === "invalid") return data({ email: values.email, errors: { form: ["admin.loginInvalid"] } as FieldErrors }, { status: 401 });
    const minutes = Math.max(1, Math.ceil(outcome.retryAfterSeconds / 60));
    const message = outcome.reason === "busy" ? "admin.loginBusy" : minutes === 1 ? "admin.loginRateLimitedOne" : `admin.loginRateLimited:${minutes}`;
    return data(
      { email: values.email, errors: { form: [message] } as FieldErrors },
      { status: outcome.reason === "busy" ? 503 : 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } },
    );
  }
  const cookie = await createStaffSession(database, outcome.userId);
  const user = await database.read.staffUser.findUniqueOrThrow({ where: { id: outcome.userId }, select: { id: true, name: true } });
  await audit(database, staffActor(user, client), "staff.sign_in");
  return redirect(safeRedirectPath(form.get("redirectTo"), "/admin"), { status: 303, headers: { "Set-Cookie": cookie } });
}

export default function LoginPage() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const errors = result?.errors ?? {};
  const formError = errors.form?.[0];
  return (
    <section className="narrow">
      <h1>{t("admin.login")}</h1>
      <p>{t("admin.loginIntro")}</p>
      <Form method="post" noValidate>
        {formError ? (
          <p className="error-summary" role="alert" id={errorId("form")}>
            {translateError(t, formError)}
          </p>
        ) : null}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/admin"} />
        <TextField
          name="email"
          label={t("admin.email")}
          type="email"
          autoComplete="username"
          required
          defaultValue={result?.email ?? ""}
          errors={errors.email}
          autoFocus={Boolean(errors.email) || !result}
        />
        <div className={`field${errors.password ? " field--invalid" : ""}`}>
          <label htmlFor={fieldId("password")}>{t("admin.password")}</label>
          <ErrorList id={errorId("password")} errors={errors.password} />
          <input
            id={fieldId("password")}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? errorId("password") : formError ? errorId("form") : undefined}
            autoFocus={Boolean(formError)}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            {t("admin.loginSubmit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
