import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { getDatabase } from "~/db.server";
import { loadEventCatalogue } from "~/modules/events/catalogue.server";
import { eventView } from "~/modules/events/view.server";
import { getLanguage } from "~/modules/i18n/language.server";
import { translator } from "~/modules/i18n/messages";
import { registerAttendees } from "~/modules/registration/register.server";
import { MAX_ATTENDEES, emptyAttendee, readRegistrationForm, validateRegistration, type RegistrationFormValues } from "~/modules/registration/schema";
import { type FieldErrors } from "~/modules/forms/errors";
import { RegistrationForm, registrationFieldOrder, type PeopleChange } from "~/components/registration-form";
import { formatDate } from "~/modules/i18n/format";
import { clientAddress, notFound, readFormData } from "~/utils/http.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { metaLanguage } from "~/modules/i18n/meta";
import { onlinePaymentEnabled } from "~/modules/payments/stripe.server";
import { startCheckout } from "~/modules/payments/checkout.server";
import { getEnv } from "~/env.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${translator(metaLanguage(matches))("register.title")}: ${data.event.title} – Kongress` : "Kongress" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const database = await getDatabase();
  const event = await loadEventCatalogue(database.read, params.slug ?? "");
  if (!event || event.status === "draft") throw notFound();
  const view = eventView(event, language, new Date());
  const onlyTicketType = view.ticketTypes.length === 1 ? view.ticketTypes[0]!.id : "";
  const onlinePayment = onlinePaymentEnabled();
  const initial: RegistrationFormValues = {
    ticketTypeId: onlyTicketType,
    contactEmail: "",
    language,
    invoiceAddress: "",
    purchaseOrder: "",
    leitwegId: "",
    // Online first where it is offered: most people pay by card; public bodies choose the invoice.
    paymentMethod: onlinePayment ? "stripe" : "invoice",
    waitlistIfFull: true,
    privacyConsent: false,
    website: "",
    attendees: [emptyAttendee()],
  };
  return { event: { ...view, onlinePayment }, initial };
}

/** `change` tells which person was just added or removed, to move focus there and announce it. */
type ActionResult = { values: RegistrationFormValues; errors: FieldErrors; revision: string; change?: PeopleChange };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const values = readRegistrationForm(formData);
  const intent = String(formData.get("intent") ?? "register");
  const revision = crypto.randomUUID();

  // Adding or removing a person re-renders the form with everything typed so far; nothing is saved.
  if (intent === "add-attendee" && values.attendees.length < MAX_ATTENDEES) {
    values.attendees.push(emptyAttendee());
    return data<ActionResult>({ values, errors: {}, revision, change: { kind: "added", number: values.attendees.length } });
  }
  if (intent.startsWith("remove-attendee:")) {
    const index = Number(intent.slice("remove-attendee:".length));
    if (values.attendees.length > 1 && Number.isInteger(index) && index >= 0 && index < values.attendees.length) {
      values.attendees.splice(index, 1);
      return data<ActionResult>({ values, errors: {}, revision, change: { kind: "removed", number: index + 1 } });
    }
  }

  const database = await getDatabase();
  const outcome = await registerAttendees(database, params.slug ?? "", values, new Date(), {
    onlinePayment: onlinePaymentEnabled(),
    clientAddress: clientAddress(context),
  });
  if (outcome.ok && outcome.status === "awaiting_payment") {
    // Straight on to Stripe's checkout; should it not answer, the seats are released and the form says so.
    const checkout = await startCheckout(database, outcome.registrationId, getEnv().BASE_URL);
    if (checkout.ok) return redirect(checkout.url, 303);
    return data<ActionResult>({ values, errors: { paymentMethod: ["errors.paymentUnavailable"] }, revision }, { status: 503 });
  }
  if (outcome.ok) return redirect(`/registrations/${outcome.manageToken}`, 303);
  // A form without any person gets one empty person to fill in, beside the error saying so.
  if (values.attendees.length === 0) values.attendees.push(emptyAttendee());
  return data<ActionResult>({ values, errors: outcome.errors, revision }, { status: 400 });
}

export default function RegisterPage() {
  const { event, initial } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const [clientErrors, setClientErrors] = useState<{ errors: FieldErrors; at: number } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const values = actionData?.values ?? initial;
  const serverErrors = actionData?.errors ?? {};
  const errors = clientErrors?.errors ?? serverErrors;

  // With JavaScript the same schema checks the form before it is sent; the server checks it again.
  function checkBeforeSending(submit: FormEvent<HTMLFormElement>) {
    const submitter = (submit.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.name === "intent" && submitter.value !== "register") {
      setClientErrors(null);
      return;
    }
    const result = validateRegistration(readRegistrationForm(new FormData(submit.currentTarget)), event.questions);
    if (result.ok) {
      setClientErrors(null);
      return;
    }
    submit.preventDefault();
    setClientErrors({ errors: result.errors, at: Date.now() });
  }

  // After any error answer, move focus to the first field that needs attention (or the summary).
  const errorsShown = Object.keys(errors).length > 0;
  useEffect(() => {
    if (!errorsShown) return;
    const form = formRef.current;
    const first = form?.querySelector<HTMLElement>("[aria-invalid='true']") ?? form?.querySelector<HTMLElement>(".error-summary");
    first?.focus();
    // Runs once per answer: the server's revision or the time of the browser's check.
  }, [actionData?.revision, clientErrors?.at]);

  useEffect(() => setClientErrors(null), [actionData?.revision]);

  if (event.window !== "open") {
    return (
      <>
        <h1>{t("register.title")}</h1>
        <p className="notice">{t("errors.registrationClosed")}</p>
        <p>
          <Link to={`/events/${event.slug}`}>{event.title}</Link>
        </p>
      </>
    );
  }

  const order = registrationFieldOrder(values, event);
  const errorCount = order.filter((name) => errors[name]?.length).length + (errors.form?.length ? 1 : 0);

  return (
    <>
      <p className="breadcrumb">
        <Link to={`/events/${event.slug}`}>{event.title}</Link> · {formatDate(event.startsAt, language)}
      </p>
      <h1>{t("register.title")}</h1>
      <p className="lead">{t("register.intro")}</p>
      <Form
        method="post"
        noValidate
        preventScrollReset
        ref={formRef}
        key={actionData?.revision ?? "initial"}
        onSubmit={checkBeforeSending}
        className="registration-form"
        aria-busy={navigation.state === "submitting" || undefined}
      >
        <RegistrationForm
          change={actionData?.change}
          event={event}
          values={values}
          errors={errors}
          errorCount={errorCount}
          order={order}
          submitting={navigation.state === "submitting"}
        />
      </Form>
    </>
  );
}
