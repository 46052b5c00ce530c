import type { Database } from "~/db.server";
import { databaseCounters, type CounterStore } from "~/modules/staff/login-limiter.server";

/**
 * How many mails a public action may cause (OWASP: "mail bombing" through a form). A page anyone can reach with a
 * link or none (resend the confirmation, the accessibility feedback) sends mail to addresses nobody verified: a
 * stranger registered as a colleague, the statement's contact. Each such action draws on two budgets, one per
 * recipient (however many senders) and one per sender address (however many recipients), counted in a window
 * of 15 minutes, in the database so that every instance counts the same mails. The counters' keys are hashed
 * (LoginThrottle): neither the address nor the recipient is stored.
 */
export const MAIL_WINDOW_MS = 15 * 60_000;

export const MAIL_BUDGETS = {
  // The confirmation again: the person may have deleted it; twice in a quarter hour is plenty.
  resend: { perRecipient: 2, perSender: 10 },
  // Reports of barriers reach one contact from everyone: many may write, one sender only a few times.
  feedback: { perRecipient: 20, perSender: 3 },
  // A change on a person's page is saved whatever; its confirmation mail only within this (a link's holder could flip
  // a workshop back and forth to mail its person each time).
  change: { perRecipient: 10, perSender: 100 },
} as const;
export type MailAction = keyof typeof MAIL_BUDGETS;

export type MailBudget = { ok: true } | { ok: false; retryAfterMs: number };

/** Takes one mail per recipient from the budgets, or says how long to wait when one is spent (nothing taken then). */
export async function takeMailBudget(store: CounterStore, action: MailAction, recipients: string[], sender: string, now = Date.now()): Promise<MailBudget> {
  const limits = MAIL_BUDGETS[action];
  const entries = [
    ...[...new Set(recipients.map((recipient) => recipient.trim().toLowerCase()))].map((recipient) => ({
      key: `mail:${action}:to:${recipient}`,
      allowed: limits.perRecipient,
    })),
    { key: `mail:${action}:from:${sender}`, allowed: limits.perSender },
  ];
  return store.change(
    entries.map((entry) => entry.key),
    (stored) => {
      // A fixed window per counter: it starts with its first mail and ends 15 minutes later.
      const counters = stored.map((counter) => (counter && now - counter.lastAt < MAIL_WINDOW_MS ? counter : { failures: 0, lastAt: now }));
      const spent = counters.map((counter, index) => (counter.failures >= entries[index]!.allowed ? counter.lastAt + MAIL_WINDOW_MS - now : 0));
      const wait = Math.max(...spent);
      if (wait > 0) return { result: { ok: false, retryAfterMs: wait } as MailBudget };
      return { next: counters.map((counter) => ({ failures: counter.failures + 1, lastAt: counter.lastAt })), result: { ok: true } as MailBudget };
    },
  );
}

export const mailBudgetStore = (database: Database): CounterStore => databaseCounters(database);

/** The form error for a spent budget: "errors.mailLimit:<minutes>". */
export const mailLimitError = (retryAfterMs: number) => `errors.mailLimit:${Math.max(1, Math.ceil(retryAfterMs / 60_000))}`;
