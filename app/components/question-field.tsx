import type { FormQuestion } from "~/modules/questions/answers";
import { useT } from "~/modules/i18n/hooks";
import { ErrorList, RequiredMark, TextField, errorId, fieldId, hintId } from "./forms";

const SELECT_FROM = 8;

/**
 * One of the organisers' own questions in the registration form, with the same label, hint, error and focus
 * behaviour as the built-in fields. Choices are radio buttons or tick boxes in a fieldset with its legend;
 * `onlyFor` names the ticket types a limited question applies to (said in the hint, so it reads right without
 * JavaScript; with it, the form hides questions of other ticket types).
 */
export function QuestionField({
  question,
  name,
  values,
  errors,
  autoFocus,
  onlyFor,
  hidden,
  idPrefix,
}: {
  question: FormQuestion;
  name: string;
  values: string[];
  errors: string[] | undefined;
  autoFocus: boolean;
  onlyFor: string | null;
  hidden: boolean;
  /** Where one page has the form several times (a person each): keeps the ids unique. */
  idPrefix?: string;
}) {
  const t = useT();
  const key = idPrefix ? `${idPrefix}-${name}` : name;
  const hint = [question.hint, onlyFor ? t("register.questionOnlyFor", { types: onlyFor }) : null].filter(Boolean).join(" ") || undefined;
  const first = values[0] ?? "";
  if (question.kind === "text" || question.kind === "long_text" || question.kind === "number" || question.kind === "date") {
    return (
      <div hidden={hidden || undefined} lang={question.labelLang}>
        <TextField
          name={name}
          label={question.label}
          hint={hint}
          multiline={question.kind === "long_text"}
          type={question.kind === "date" ? "date" : "text"}
          inputMode={question.kind === "number" ? "decimal" : undefined}
          maxLength={question.kind === "long_text" ? 2000 : question.kind === "text" ? 300 : 20}
          required={question.required}
          defaultValue={first}
          errors={errors}
          autoFocus={autoFocus}
          idPrefix={idPrefix}
        />
      </div>
    );
  }
  const options =
    question.kind === "yes_no"
      ? [
          { id: "yes", label: t("admin.yes") },
          { id: "no", label: t("admin.no") },
        ]
      : question.options;
  const multiple = question.kind === "choices";
  const invalid = Boolean(errors?.length);
  const describedBy = [hint ? hintId(key) : "", invalid ? errorId(key) : ""].filter(Boolean).join(" ") || undefined;
  // A long list of one-of choices (the districts of a state) is a select: 26 radio buttons are hard to scan.
  if (question.kind === "choice" && options.length > SELECT_FROM) {
    return (
      <div className={`field${invalid ? " field--invalid" : ""}`} hidden={hidden || undefined}>
        <label htmlFor={fieldId(key)} lang={question.labelLang}>
          <QuestionLabel question={question} />
        </label>
        <HintAndErrors fieldKey={key} hint={hint} errors={errors} />
        <select
          id={fieldId(key)}
          name={name}
          defaultValue={first}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          autoFocus={autoFocus}
          required={question.required}
        >
          <option value="">{t("register.chooseOne")}</option>
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
    );
  }
  const optionId = (index: number) => (index === 0 ? fieldId(key) : `${fieldId(key)}-${index}`);
  return (
    <fieldset className={`group group--plain question${invalid ? " field--invalid" : ""}`} aria-describedby={describedBy} hidden={hidden || undefined}>
      <legend lang={question.labelLang}>
        <QuestionLabel question={question} />
      </legend>
      <HintAndErrors fieldKey={key} hint={hint} errors={errors} />
      <div className="choices">
        {options.map((option, index) => (
          <div className="choice" key={option.id}>
            <input
              type={multiple ? "checkbox" : "radio"}
              id={optionId(index)}
              name={name}
              value={option.id}
              defaultChecked={values.includes(option.id)}
              aria-invalid={invalid || undefined}
              autoFocus={index === 0 && autoFocus}
            />
            <label htmlFor={optionId(index)}>{option.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The question's text with its required mark or "(optional)", as the built-in fields' labels have it. */
function QuestionLabel({ question }: { question: FormQuestion }) {
  const t = useT();
  return (
    <>
      {question.label}
      {question.required ? <RequiredMark /> : <span className="optional"> ({t("register.optional")})</span>}
    </>
  );
}

function HintAndErrors({ fieldKey, hint, errors }: { fieldKey: string; hint: string | undefined; errors: string[] | undefined }) {
  return (
    <>
      {hint ? (
        <p id={hintId(fieldKey)} className="hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={errorId(fieldKey)} errors={errors} />
    </>
  );
}
