import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { TableScroll } from "~/components/table-scroll";
import { clientAddress, notFound, readFormData } from "~/utils/http.server";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorList, TextField, errorId, fieldId, hintId, useFocusOnError } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { formatShortDate } from "~/modules/i18n/format";
import { fieldErrorsFrom, type FieldErrors } from "~/modules/forms/errors";
import { createStaff, listStaff, setStaffDisabled, setStaffPassword } from "~/modules/staff/manage.server";
import { NewStaffSchema, ResetPasswordSchema } from "~/modules/staff/schema";
import { audit, staffActor } from "~/modules/audit/log.server";
import { requireStaff } from "~/modules/staff/session.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";

export const meta = teamPageMeta("admin.nav.staff");

export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  return { user, staff: await listStaff(database) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const actor = staffActor(user, clientAddress(context));
  const form = await readFormData(request);
  const intent = form.get("intent");
  if (intent === "disable" || intent === "enable") {
    const memberId = String(form.get("userId") ?? "");
    await setStaffDisabled(database, user.id, memberId, intent === "disable");
    await audit(database, actor, intent === "disable" ? "staff.account_disabled" : "staff.account_enabled", { subject: `staff:${memberId.slice(0, 64)}` });
    return redirect("/admin/staff", 303);
  }
  if (intent === "reset") {
    const resetFor = String(form.get("userId") ?? "");
    // Each row's field has a name of its own (ids on one page must differ).
    const parsed = ResetPasswordSchema.safeParse({ userId: resetFor, password: String(form.get(`password-${resetFor}`) ?? "") });
    if (!parsed.success) return data({ resetFor, values: undefined, errors: fieldErrorsFrom(parsed.error) as FieldErrors }, { status: 400 });
    // One's own password is changed on the account page, with the current one.
    if (parsed.data.userId === user.id || !(await setStaffPassword(database, parsed.data.userId, parsed.data.password))) throw notFound();
    await audit(database, actor, "staff.password_changed", { subject: `staff:${parsed.data.userId}`, detail: "set by an organiser" });
    return redirect("/admin/staff?reset=1", 303);
  }
  const values = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    role: String(form.get("role") ?? ""),
    password: String(form.get("password") ?? ""),
  };
  const parsed = NewStaffSchema.safeParse(values);
  const { password: _typed, ...kept } = values; // a password is never sent back to the page
  if (!parsed.success) return data({ resetFor: null, values: kept, errors: fieldErrorsFrom(parsed.error) as FieldErrors }, { status: 400 });
  const outcome = await createStaff(database, parsed.data);
  if (!outcome.ok) return data({ resetFor: null, values: kept, errors: outcome.errors as FieldErrors }, { status: 400 });
  await audit(database, actor, "staff.account_created", { detail: `role ${parsed.data.role}` });
  return redirect("/admin/staff?added=1", 303);
}

export default function StaffPage() {
  const { user, staff } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const resetFor = result?.resetFor ?? null;
  const errors = !resetFor ? (result?.errors ?? {}) : {};
  const resetErrors = resetFor ? (result?.errors ?? {}) : {};
  const values = result?.values;
  useFocusOnError(result?.errors);
  return (
    <>
      <h1>{t("admin.staff.title")}</h1>
      <p>{t("admin.staff.intro")}</p>
      {params.get("added") ? (
        <p className="notice notice--confirmed" role="status">
          {t("admin.staff.added")}
        </p>
      ) : null}
      {params.get("reset") && !result ? (
        <p className="notice notice--confirmed" role="status">
          {t("admin.staff.resetDone")}
        </p>
      ) : null}
      <TableScroll label={t("admin.staff.title")}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("admin.staff.name")}</th>
              <th scope="col">{t("admin.staff.email")}</th>
              <th scope="col">{t("admin.staff.role")}</th>
              <th scope="col">{t("admin.staff.status")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("admin.staff.status")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr key={member.id}>
                <td>
                  {member.name} {member.id === user.id ? t("admin.staff.you") : null}
                </td>
                <td>{member.email}</td>
                <td>{t(`admin.role.${member.role}`)}</td>
                <td>
                  {member.disabledAt ? `${t("admin.staff.disabled")} (${formatShortDate(new Date(member.disabledAt), language)})` : t("admin.staff.active")}
                </td>
                <td>
                  {member.id === user.id ? null : (
                    <>
                      <Form method="post">
                        <input type="hidden" name="userId" value={member.id} />
                        <button type="submit" name="intent" value={member.disabledAt ? "enable" : "disable"} className="button button--quiet">
                          {member.disabledAt ? t("admin.staff.enable") : t("admin.staff.disable")}
                          <span className="visually-hidden">: {member.name}</span>
                        </button>
                      </Form>
                      <details open={resetFor === member.id || undefined}>
                        <summary>
                          {t("admin.staff.reset")}
                          <span className="visually-hidden">: {member.name}</span>
                        </summary>
                        <Form method="post" noValidate>
                          <input type="hidden" name="intent" value="reset" />
                          <input type="hidden" name="userId" value={member.id} />
                          <TextField
                            name={`password-${member.id}`}
                            type="password"
                            label={t("admin.staff.resetFor", { name: member.name })}
                            hint={t("admin.staff.passwordHint")}
                            autoComplete="new-password"
                            required
                            maxLength={200}
                            defaultValue=""
                            errors={resetFor === member.id ? resetErrors.password : undefined}
                            autoFocus={resetFor === member.id}
                          />
                          <button type="submit" className="button">
                            {t("admin.staff.reset")}
                          </button>
                        </Form>
                      </details>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h2>{t("admin.staff.add")}</h2>
      <Form method="post" noValidate className="narrow">
        <input type="hidden" name="intent" value="create" />
        <TextField
          name="name"
          label={t("admin.staff.name")}
          required
          maxLength={100}
          defaultValue={values?.name ?? ""}
          errors={errors.name}
          autoFocus={Boolean(errors.name)}
        />
        <TextField
          name="email"
          type="email"
          label={t("admin.staff.email")}
          required
          maxLength={254}
          defaultValue={values?.email ?? ""}
          errors={errors.email}
          autoFocus={!errors.name && Boolean(errors.email)}
        />
        <div className={`field${errors.role ? " field--invalid" : ""}`}>
          <label htmlFor={fieldId("role")}>{t("admin.staff.role")}</label>
          <select
            id={fieldId("role")}
            name="role"
            defaultValue={values?.role ?? "checkin"}
            aria-invalid={errors.role ? true : undefined}
            aria-describedby={errors.role ? errorId("role") : undefined}
          >
            <option value="checkin">{t("admin.role.checkin")}</option>
            <option value="organiser">{t("admin.role.organiser")}</option>
          </select>
          <ErrorList id={errorId("role")} errors={errors.role} />
        </div>
        <div className={`field${errors.password ? " field--invalid" : ""}`}>
          <label htmlFor={fieldId("password")}>{t("admin.staff.password")}</label>
          <p className="hint" id={hintId("password")}>
            {t("admin.staff.passwordHint")}
          </p>
          <input
            id={fieldId("password")}
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={12}
            maxLength={200}
            required
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={[hintId("password"), errors.password ? errorId("password") : ""].join(" ").trim()}
            autoFocus={!errors.name && !errors.email && Boolean(errors.password)}
          />
          <ErrorList id={errorId("password")} errors={errors.password} />
        </div>
        <button type="submit" className="button button--primary">
          {t("admin.staff.add")}
        </button>
      </Form>
    </>
  );
}
