/** The audit log's vocabulary, shared by the server and the organisers' log page. */
export const AUDIT_ACTIONS = [
  "staff.sign_in",
  "staff.sign_in_failed",
  "staff.account_created",
  "staff.account_disabled",
  "staff.account_enabled",
  "staff.password_changed",
  "attendee.view",
  "attendee.list_view",
  "attendee.change",
  "attendee.cancel",
  "attendee.erase",
  "attendee.approve",
  "attendee.reject",
  "attendee.self_service",
  "attendee.data_download",
  "export",
  "mail.resend",
  "mail.group_message",
  "mail.certificates",
  "event.anonymise",
  "legal.change",
  "invoice.issue",
  "invoice.credit_note",
  "invoice.reminder",
  "payment.record",
  "payment.issue_resolved",
  "payment.refund",
  "ticket_key.rotate",
  "ticket_key.retire",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_PAGE_SIZE = 100;

/** The log's own retention: entries older than this many months are deleted by the daily job. */
export const AUDIT_RETENTION_MONTHS = 24;
