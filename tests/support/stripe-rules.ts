/**
 * What Stripe refuses of the requests the app makes, as its API reference and the stripe-node types (generated from
 * Stripe's OpenAPI document, node_modules/stripe/esm/resources) document it, so the stand-in refuses it too:
 * - parameters the endpoint does not have ("Received unknown parameter"), also inside line items and price data;
 * - a Checkout Session's `expires_at` outside 30 minutes to 24 hours after its creation;
 * - metadata beyond 50 keys, keys over 40 characters or with square brackets, values over 500 characters;
 * - `client_reference_id` over 200 characters, a `locale` Checkout does not have, a line item without a price;
 * - a payment below Stripe's minimum charge (0,50 € for EUR), quantities and amounts that are not whole numbers.
 * A refusal names the parameter, as Stripe's error does.
 */
export type Refusal = { code: string; param: string; message: string };

/** SessionCreateParams of the pinned API version, top level (node_modules/stripe/esm/resources/Checkout/Sessions.d.ts). */
const SESSION_PARAMS = new Set(
  (
    "adaptive_pricing after_expiration allow_promotion_codes allowed_payment_method_types automatic_tax billing_address_collection " +
    "branding_settings cancel_url client_reference_id consent_collection currency custom_fields custom_text customer customer_account " +
    "customer_creation customer_email customer_update discounts excluded_payment_method_types expand expires_at integration_identifier " +
    "invoice_creation line_items locale managed_payments metadata mode name_collection optional_items origin_context payment_intent_data " +
    "payment_method_collection payment_method_configuration payment_method_data payment_method_options permissions phone_number_collection " +
    "redirect_on_completion return_url saved_payment_method_options setup_intent_data shipping_address_collection shipping_options " +
    "submit_type subscription_data success_url tax_id_collection ui_mode wallet_options"
  ).split(" "),
);
const LINE_ITEM_PARAMS = new Set(["adjustable_quantity", "dynamic_tax_rates", "metadata", "price", "price_data", "quantity", "tax_rates"]);
const PRICE_DATA_PARAMS = new Set(["currency", "product", "product_data", "recurring", "tax_behavior", "unit_amount", "unit_amount_decimal"]);
const PRODUCT_DATA_PARAMS = new Set(["description", "images", "metadata", "name", "tax_code", "unit_label"]);
const PAYMENT_INTENT_DATA_PARAMS = new Set([
  "application_fee_amount",
  "capture_method",
  "description",
  "metadata",
  "on_behalf_of",
  "receipt_email",
  "setup_future_usage",
  "shipping",
  "statement_descriptor",
  "statement_descriptor_suffix",
  "transfer_data",
  "transfer_group",
]);
/** RefundCreateParams (node_modules/stripe/esm/resources/Refunds.d.ts). */
const REFUND_PARAMS = new Set([
  "amount",
  "charge",
  "currency",
  "customer",
  "expand",
  "instructions_email",
  "metadata",
  "origin",
  "payment_intent",
  "reason",
  "refund_application_fee",
  "reverse_transfer",
]);
const LOCALES = new Set(
  "auto bg cs da de el en en-GB es es-419 et fi fil fr fr-CA hi-IN hr hu id it ja ko lt lv ms mt nb nl pl pt pt-BR ro ru sk sl sv th tr vi zh zh-HK zh-TW".split(
    " ",
  ),
);
/** Stripe's minimum charge amounts (docs: "Minimum and maximum charge amounts"), for the currencies the app uses. */
const MINIMUM_CHARGE: Record<string, number> = { eur: 50, usd: 50, gbp: 30, chf: 50 };
export const SESSION_MIN_SECONDS = 30 * 60;
export const SESSION_MAX_SECONDS = 24 * 60 * 60;

type Form = Record<string, unknown>;
const isObject = (value: unknown): value is Form => typeof value === "object" && value !== null && !Array.isArray(value);
const wholeNumber = (value: unknown) => typeof value === "string" && /^\d+$/.test(value);

function unknownIn(form: Form, allowed: Set<string>, prefix: string): Refusal | null {
  for (const key of Object.keys(form)) {
    if (!allowed.has(key)) {
      const param = prefix ? `${prefix}[${key}]` : key;
      return { code: "parameter_unknown", param, message: `Received unknown parameter: ${param}` };
    }
  }
  return null;
}

function checkMetadata(value: unknown, param: string): Refusal | null {
  if (value === undefined) return null;
  if (!isObject(value)) return { code: "parameter_invalid_string", param, message: "Invalid object" };
  const keys = Object.keys(value);
  if (keys.length > 50) return { code: "parameter_invalid_string", param, message: "Metadata can have at most 50 keys" };
  for (const key of keys) {
    if (key.length > 40 || /[[\]]/.test(key))
      return { code: "parameter_invalid_string", param: `${param}[${key}]`, message: "Metadata keys are at most 40 characters, without square brackets" };
    if (String(value[key]).length > 500)
      return { code: "parameter_invalid_string", param: `${param}[${key}]`, message: "Metadata values are at most 500 characters" };
  }
  return null;
}

/** What POST /v1/checkout/sessions refuses, `now` in Unix seconds by Stripe's clock. */
export function checkSessionParams(form: Form, now: number): Refusal | null {
  const unknown = unknownIn(form, SESSION_PARAMS, "");
  if (unknown) return unknown;
  const mode = form.mode;
  if (mode !== undefined && mode !== "payment" && mode !== "setup" && mode !== "subscription")
    return { code: "parameter_invalid_string", param: "mode", message: "Invalid mode" };
  if (mode === "payment" || mode === undefined) {
    if (!Array.isArray(form.line_items) || form.line_items.length === 0)
      return { code: "parameter_missing", param: "line_items", message: "line_items is required in payment mode" };
  }
  if (form.ui_mode !== "embedded" && typeof form.success_url !== "string")
    return { code: "parameter_missing", param: "success_url", message: "Missing required param: success_url." };
  for (const url of ["success_url", "cancel_url"] as const) {
    const value = form[url];
    if (value !== undefined && (typeof value !== "string" || value.length > 5000 || !/^https?:\/\//.test(value)))
      return { code: "url_invalid", param: url, message: "Not a valid URL" };
  }
  if (form.expires_at !== undefined) {
    if (!wholeNumber(form.expires_at)) return { code: "parameter_invalid_integer", param: "expires_at", message: "Invalid integer" };
    const ahead = Number(form.expires_at) - now;
    if (ahead < SESSION_MIN_SECONDS || ahead > SESSION_MAX_SECONDS)
      return {
        code: "parameter_invalid_integer",
        param: "expires_at",
        message: `The \`expires_at\` timestamp must be between 30 minutes and 24 hours from Checkout Session creation (was ${ahead} s).`,
      };
  }
  if (typeof form.client_reference_id === "string" && form.client_reference_id.length > 200)
    return { code: "parameter_invalid_string", param: "client_reference_id", message: "at most 200 characters" };
  if (form.locale !== undefined && !LOCALES.has(String(form.locale))) return { code: "parameter_invalid_string", param: "locale", message: "Invalid locale" };
  if (form.customer_email !== undefined && (typeof form.customer_email !== "string" || !/^[^\s@]+@[^\s@]+$/.test(form.customer_email)))
    return { code: "email_invalid", param: "customer_email", message: "Invalid email address" };
  const metadata = checkMetadata(form.metadata, "metadata");
  if (metadata) return metadata;
  if (form.payment_intent_data !== undefined) {
    if (!isObject(form.payment_intent_data)) return { code: "parameter_invalid_string", param: "payment_intent_data", message: "Invalid object" };
    const refusal = unknownIn(form.payment_intent_data, PAYMENT_INTENT_DATA_PARAMS, "payment_intent_data");
    if (refusal) return refusal;
    const nested = checkMetadata(form.payment_intent_data.metadata, "payment_intent_data[metadata]");
    if (nested) return nested;
  }

  const currencies = new Set<string>();
  let total = 0;
  const items = Array.isArray(form.line_items) ? form.line_items : [];
  if (items.length > 100) return { code: "parameter_invalid_integer", param: "line_items", message: "at most 100 line items" };
  for (const [index, item] of items.entries()) {
    const param = `line_items[${index}]`;
    if (!isObject(item)) return { code: "parameter_invalid_string", param, message: "Invalid object" };
    const refusal = unknownIn(item, LINE_ITEM_PARAMS, param);
    if (refusal) return refusal;
    if (!wholeNumber(item.quantity) || Number(item.quantity) < 1)
      return { code: "parameter_invalid_integer", param: `${param}[quantity]`, message: "Quantity must be a positive integer" };
    if (item.price === undefined && item.price_data === undefined)
      return { code: "parameter_missing", param: `${param}[price]`, message: "price or price_data is required" };
    if (item.price_data !== undefined) {
      const priceData = item.price_data;
      if (!isObject(priceData)) return { code: "parameter_invalid_string", param: `${param}[price_data]`, message: "Invalid object" };
      const inner = unknownIn(priceData, PRICE_DATA_PARAMS, `${param}[price_data]`);
      if (inner) return inner;
      if (typeof priceData.currency !== "string" || !/^[a-z]{3}$/.test(priceData.currency))
        return { code: "parameter_missing", param: `${param}[price_data][currency]`, message: "a lowercase ISO currency is required" };
      if (!wholeNumber(priceData.unit_amount))
        return { code: "parameter_invalid_integer", param: `${param}[price_data][unit_amount]`, message: "Invalid integer" };
      if (priceData.product === undefined) {
        if (!isObject(priceData.product_data))
          return { code: "parameter_missing", param: `${param}[price_data][product_data]`, message: "product or product_data is required" };
        const product = unknownIn(priceData.product_data, PRODUCT_DATA_PARAMS, `${param}[price_data][product_data]`);
        if (product) return product;
        if (typeof priceData.product_data.name !== "string" || priceData.product_data.name.trim() === "")
          return { code: "parameter_missing", param: `${param}[price_data][product_data][name]`, message: "Missing required param: name." };
      }
      currencies.add(priceData.currency);
      total += Number(priceData.unit_amount) * Number(item.quantity);
    }
  }
  if (currencies.size > 1) return { code: "parameter_invalid_string", param: "line_items", message: "All line items must have the same currency" };
  const [currency] = [...currencies];
  if (currency && total < (MINIMUM_CHARGE[currency] ?? 50))
    return {
      code: "amount_too_small",
      param: "line_items",
      message: `The Checkout Session's total amount must convert to at least ${MINIMUM_CHARGE[currency] ?? 50} ${currency} cents.`,
    };
  return null;
}

/** What POST /v1/refunds refuses (the amount against the charge is checked where the payment is known). */
export function checkRefundParams(form: Form): Refusal | null {
  const unknown = unknownIn(form, REFUND_PARAMS, "");
  if (unknown) return unknown;
  if (form.payment_intent === undefined && form.charge === undefined)
    return { code: "parameter_missing", param: "payment_intent", message: "One of charge or payment_intent is required" };
  if (form.amount !== undefined && (!wholeNumber(form.amount) || Number(form.amount) < 1))
    return { code: "parameter_invalid_integer", param: "amount", message: "Invalid positive integer" };
  if (form.reason !== undefined && !["duplicate", "fraudulent", "requested_by_customer"].includes(String(form.reason)))
    return { code: "parameter_invalid_string", param: "reason", message: "Invalid reason" };
  return checkMetadata(form.metadata, "metadata");
}
