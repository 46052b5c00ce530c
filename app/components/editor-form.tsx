import { ErrorList, TextField, errorId, fieldId, hintId, useFocusOnError } from "~/components/forms";
import type { FieldSpec } from "~/modules/events/editor-schema";
import { berlinInputValue } from "~/modules/i18n/format";
import { formatAmountInput } from "~/modules/money/money";
import type { FieldErrors } from "~/modules/forms/errors";
import { useT } from "~/modules/i18n/hooks";

export type FormValues = Record<string, string>;
export type SelectOptions = Record<string, { value: string; label: string }[]>;

/** A stored record as the editor's form shows it: times as Berlin datetime-local, ticks as "on", nothing as "". */
export function formValuesOf(fields: FieldSpec[], record: Record<string, unknown> | null): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = field.centsOf ? formatAmountInput(record ? Number(record[field.centsOf] ?? 0) : 0, "de") : record?.[field.name];
    if (field.type === "checkbox") values[field.name] = value || (record === null && field.name === "active") ? "on" : "";
    else if (field.type === "datetime") values[field.name] = berlinInputValue(value as Date | string | null);
    else values[field.name] = value === null || value === undefined ? "" : String(value);
  }
  return values;
}

/** What the browser sent for these fields, as strings (an unticked box sends nothing). */
export function formValuesFrom(fields: FieldSpec[], form: FormData): FormValues {
  return Object.fromEntries(
    fields.flatMap((field) => {
      const value = form.get(field.name);
      if (field.type === "checkbox") return value === null ? [] : [[field.name, "on"]];
      return [[field.name, typeof value === "string" ? value : ""]];
    }),
  );
}

/**
 * The fields of an editor form from their specs: labelled, hints and errors tied to each input for
 * screen readers, focus on the first invalid one, every typed value kept.
 */
export function EditorFields({
  fields,
  values,
  errors,
  options = {},
}: {
  fields: FieldSpec[];
  values: FormValues;
  errors: FieldErrors;
  options?: SelectOptions;
}) {
  const t = useT();
  const firstInvalid = fields.find((field) => errors[field.name])?.name;
  useFocusOnError(errors);
  return (
    <>
      {fields.map((field) => {
        const common = { errors: errors[field.name], t, autoFocus: firstInvalid === field.name };
        if (field.type === "text" || field.type === "email" || field.type === "textarea") {
          return (
            <TextField
              key={field.name}
              name={field.name}
              label={t(field.label)}
              type={field.type === "email" ? "email" : "text"}
              multiline={field.type === "textarea"}
              required={field.required}
              hint={field.hint ? t(field.hint) : undefined}
              defaultValue={values[field.name] ?? ""}
              {...common}
            />
          );
        }
        const invalid = Boolean(errors[field.name]?.length);
        const describedBy = [field.hint ? hintId(field.name) : "", invalid ? errorId(field.name) : ""].filter(Boolean).join(" ") || undefined;
        const input = {
          id: fieldId(field.name),
          name: field.name,
          "aria-invalid": invalid || undefined,
          "aria-describedby": describedBy,
          autoFocus: common.autoFocus,
        };
        const hint = field.hint ? (
          <p className="hint" id={hintId(field.name)}>
            {t(field.hint)}
          </p>
        ) : null;
        if (field.type === "checkbox") {
          return (
            <div key={field.name} className={`field field--checkbox${invalid ? " field--invalid" : ""}`}>
              <input type="checkbox" {...input} defaultChecked={values[field.name] === "on"} />
              <label htmlFor={input.id}>{t(field.label)}</label>
              {hint}
              <ErrorList id={errorId(field.name)} errors={errors[field.name]} />
            </div>
          );
        }
        const choices = field.options?.map((option) => ({ value: option.value, label: t(option.label) })) ?? options[field.name] ?? [];
        return (
          <div key={field.name} className={`field${invalid ? " field--invalid" : ""}`}>
            <label htmlFor={input.id}>
              {t(field.label)}
              {field.required ? <span aria-hidden="true"> *</span> : null}
            </label>
            {hint}
            {field.type === "select" ? (
              <select {...input} defaultValue={values[field.name] ?? ""} required={field.required}>
                {choices.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...input}
                type={field.type === "datetime" ? "datetime-local" : "text"}
                inputMode={field.type === "number" ? "numeric" : undefined}
                defaultValue={values[field.name] ?? ""}
                required={field.required}
              />
            )}
            <ErrorList id={errorId(field.name)} errors={errors[field.name]} />
          </div>
        );
      })}
    </>
  );
}
