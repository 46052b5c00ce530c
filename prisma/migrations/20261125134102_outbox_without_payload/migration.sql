-- The outbox's payload column was always "{}": mails are rendered from the registration when sent.
ALTER TABLE "EmailOutbox" DROP COLUMN "payload";
