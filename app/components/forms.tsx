import { useEffect } from "react";
import { isMessageKey, type Translate } from "~/modules/i18n/messages";
import { useT } from "~/modules/i18n/hooks";

/** Turns an error code from the schema or the domain ("errors.tooLong:100") into the user's language. */
export function translateError(t: Translate, code: string): string {
  const [key = "", parameter] = code.split(":");
  if (!isMessageKey(key)) return t("errors.invalid");
  return t(key, parameter === undefined ? undefined : { max: parameter });
}

/** A stable element id for a form field name such as "attendees[0].email". */
export const fieldId = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
export const errorId = (name: string) => `${fieldId(name)}-error`;
export const hintId = (name: string) => `${fieldId(name)}-hint`;

export function ErrorList({ id, errors }: { id: string; errors: string[] | undefined }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((code) => (
        <li key={code}>{translateError(t, code)}</li>
      ))}
    </ul>
  );
}

type TextFieldProps = {
  name: string;
  label: string;
  defaultValue: string;
  errors: string[] | undefined;
  required?: boolean;
  /** A password field is never filled from the server: pass "" as its defaultValue. */
  type?: "text" | "email" | "tel" | "password" | "date";
  inputMode?: "decimal" | "numeric";
  autoComplete?: string;
  maxLength?: number;
  hint?: string;
  multiline?: boolean;
  autoFocus?: boolean;
  /** Required only in some cases: said instead of "(optional)", e.g. "required for paid tickets". */
  requiredWhen?: string;
  /** The label says itself whether the field is optional: no mark is added. */
  bareLabel?: boolean;
  /** Where one page has the same form many times (a row each): keeps the field's ids unique. */
  idPrefix?: string;
};

/**
 * A labelled input with its hint and errors tied to it for screen readers (aria-describedby,
 * aria-invalid). Uncontrolled: the browser keeps what was typed, the server sends it back on errors.
 */
export function TextField(props: TextFieldProps) {
  const {
    name,
    label,
    defaultValue,
    errors,
    required,
    type = "text",
    autoComplete,
    maxLength,
    hint,
    multiline,
    autoFocus,
    requiredWhen,
    bareLabel,
    idPrefix,
    inputMode,
  } = props;
  const t = useT();
  const key = idPrefix ? `${idPrefix}-${name}` : name;
  const id = fieldId(key);
  const invalid = Boolean(errors?.length);
  const describedBy = [hint ? hintId(key) : null, invalid ? errorId(key) : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name,
    defaultValue,
    required,
    maxLength,
    autoComplete,
    autoFocus,
    inputMode,
    "aria-invalid": invalid || undefined,
    "aria-describedby": describedBy,
  };
  return (
    <div className={`field${invalid ? " field--invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required ? <RequiredMark /> : bareLabel ? null : <span className="optional"> ({requiredWhen ?? t("register.optional")})</span>}
      </label>
      {hint ? (
        <p id={hintId(key)} className="hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={errorId(key)} errors={errors} />
      {multiline ? <textarea rows={3} {...common} /> : <input type={type} {...common} />}
    </div>
  );
}

export function RequiredMark() {
  const t = useT();
  return (
    <span className="required" title={t("register.required")}>
      {" "}
      *
    </span>
  );
}

/**
 * After a refused submission, focus goes to the first invalid field (autoFocus covers only the first
 * render, i.e. the page without JavaScript). `errors` is a new object with every answer.
 */
export function useFocusOnError(errors: object | undefined) {
  useEffect(() => {
    if (!errors || Object.keys(errors).length === 0) return;
    document.querySelector<HTMLElement>("main [aria-invalid='true']")?.focus();
  }, [errors]);
}

/** Errors that belong to the whole form rather than a field, announced at once. */
export function FormErrors({ errors }: { errors: string[] | undefined }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <p className="error-summary" role="alert">
      {errors.map((code) => translateError(t, code)).join(" ")}
    </p>
  );
}

/**
 * The tick box that confirms something that cannot be undone (cancel, erase, anonymise): sent as `value="yes"`,
 * its error tied to it for screen readers.
 */
export function ConfirmCheckbox({ name, label, errors, idPrefix }: { name: string; label: string; errors: string[] | undefined; idPrefix?: string }) {
  const key = idPrefix ? `${idPrefix}-${name}` : name;
  return (
    <div className={`field field--checkbox${errors ? " field--invalid" : ""}`}>
      <input
        type="checkbox"
        id={fieldId(key)}
        name={name}
        value="yes"
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? errorId(key) : undefined}
      />
      <label htmlFor={fieldId(key)}>{label}</label>
      <ErrorList id={errorId(key)} errors={errors} />
    </div>
  );
}
