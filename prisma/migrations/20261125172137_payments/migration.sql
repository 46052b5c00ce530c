-- CreateTable
CREATE TABLE "Invoice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "correctsId" TEXT,
    "issuedAt" DATETIME NOT NULL,
    "dueAt" DATETIME,
    "netCents" INTEGER NOT NULL,
    "taxCents" INTEGER NOT NULL,
    "grossCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'EUR',
    "content" TEXT NOT NULL,
    "cancelledAt" DATETIME,
    "remindedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Invoice_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InvoiceCounter" (
    "series" TEXT NOT NULL PRIMARY KEY,
    "last" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "registrationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "externalId" TEXT,
    "note" TEXT,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Payment_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Event" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "titleDe" TEXT NOT NULL,
    "titleEn" TEXT,
    "descriptionDe" TEXT NOT NULL,
    "descriptionEn" TEXT,
    "venueName" TEXT NOT NULL,
    "venueAddress" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "registrationOpensAt" DATETIME,
    "registrationClosesAt" DATETIME,
    "capacity" INTEGER,
    "confirmedCount" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "organiserName" TEXT NOT NULL,
    "organiserEmail" TEXT NOT NULL,
    "privacyNoticeDe" TEXT NOT NULL,
    "privacyNoticeEn" TEXT,
    "privacyNoticeVersion" TEXT NOT NULL,
    "calendarSequence" INTEGER NOT NULL DEFAULT 0,
    "selfServiceUntil" DATETIME,
    "waitlistMode" TEXT NOT NULL DEFAULT 'book',
    "offerHours" INTEGER NOT NULL DEFAULT 48,
    "reminderTime" TEXT DEFAULT '16:00',
    "reminderQueuedAt" DATETIME,
    "retentionMonths" INTEGER NOT NULL DEFAULT 6,
    "anonymisedAt" DATETIME,
    "invoiceIssuer" TEXT,
    "invoiceTaxId" TEXT,
    "invoicePhone" TEXT,
    "vatRatePercent" INTEGER NOT NULL DEFAULT 0,
    "vatExemptionNote" TEXT,
    "bankAccountHolder" TEXT,
    "bankIban" TEXT,
    "bankBic" TEXT,
    "paymentTermDays" INTEGER NOT NULL DEFAULT 14,
    "invoicePrefix" TEXT NOT NULL DEFAULT 'RE',
    "refundRule" TEXT NOT NULL DEFAULT 'full',
    "refundUntil" DATETIME,
    "cancellationFeeCents" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Event" ("anonymisedAt", "calendarSequence", "capacity", "confirmedCount", "createdAt", "descriptionDe", "descriptionEn", "endsAt", "id", "offerHours", "organiserEmail", "organiserName", "privacyNoticeDe", "privacyNoticeEn", "privacyNoticeVersion", "registrationClosesAt", "registrationOpensAt", "reminderQueuedAt", "reminderTime", "retentionMonths", "selfServiceUntil", "slug", "startsAt", "status", "titleDe", "titleEn", "updatedAt", "venueAddress", "venueName", "waitlistMode") SELECT "anonymisedAt", "calendarSequence", "capacity", "confirmedCount", "createdAt", "descriptionDe", "descriptionEn", "endsAt", "id", "offerHours", "organiserEmail", "organiserName", "privacyNoticeDe", "privacyNoticeEn", "privacyNoticeVersion", "registrationClosesAt", "registrationOpensAt", "reminderQueuedAt", "reminderTime", "retentionMonths", "selfServiceUntil", "slug", "startsAt", "status", "titleDe", "titleEn", "updatedAt", "venueAddress", "venueName", "waitlistMode" FROM "Event";
DROP TABLE "Event";
ALTER TABLE "new_Event" RENAME TO "Event";
CREATE UNIQUE INDEX "Event_slug_key" ON "Event"("slug");
CREATE INDEX "Event_status_startsAt_idx" ON "Event"("status", "startsAt");
CREATE TABLE "new_Registration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "manageToken" TEXT NOT NULL,
    "contactEmail" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'de',
    "status" TEXT NOT NULL,
    "paymentStatus" TEXT NOT NULL DEFAULT 'not_required',
    "paymentMethod" TEXT NOT NULL DEFAULT 'none',
    "totalCents" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT 'EUR',
    "invoiceAddress" TEXT,
    "purchaseOrder" TEXT,
    "leitwegId" TEXT,
    "paidCents" INTEGER NOT NULL DEFAULT 0,
    "refundedCents" INTEGER NOT NULL DEFAULT 0,
    "checkoutSessionId" TEXT,
    "checkoutUrl" TEXT,
    "checkoutExpiresAt" DATETIME,
    "stripePaymentIntentId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    CONSTRAINT "Registration_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Registration" ("cancelledAt", "contactEmail", "createdAt", "currency", "eventId", "id", "invoiceAddress", "language", "manageToken", "paymentMethod", "paymentStatus", "reference", "status", "totalCents", "updatedAt") SELECT "cancelledAt", "contactEmail", "createdAt", "currency", "eventId", "id", "invoiceAddress", "language", "manageToken", "paymentMethod", "paymentStatus", "reference", "status", "totalCents", "updatedAt" FROM "Registration";
DROP TABLE "Registration";
ALTER TABLE "new_Registration" RENAME TO "Registration";
CREATE UNIQUE INDEX "Registration_reference_key" ON "Registration"("reference");
CREATE UNIQUE INDEX "Registration_manageToken_key" ON "Registration"("manageToken");
CREATE UNIQUE INDEX "Registration_checkoutSessionId_key" ON "Registration"("checkoutSessionId");
CREATE UNIQUE INDEX "Registration_stripePaymentIntentId_key" ON "Registration"("stripePaymentIntentId");
CREATE INDEX "Registration_eventId_createdAt_idx" ON "Registration"("eventId", "createdAt");
CREATE INDEX "Registration_contactEmail_idx" ON "Registration"("contactEmail");
CREATE INDEX "Registration_status_checkoutExpiresAt_idx" ON "Registration"("status", "checkoutExpiresAt");
CREATE TABLE "new_EmailOutbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "registrationId" TEXT,
    "attendeeId" TEXT,
    "kind" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "subject" TEXT,
    "messageId" TEXT,
    "capturedMessage" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "groupMessageId" TEXT,
    "feedbackId" TEXT,
    "programmeItemId" TEXT,
    "invoiceId" TEXT,
    CONSTRAINT "EmailOutbox_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "EmailOutbox_groupMessageId_fkey" FOREIGN KEY ("groupMessageId") REFERENCES "GroupMessage" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "EmailOutbox_feedbackId_fkey" FOREIGN KEY ("feedbackId") REFERENCES "Feedback" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "EmailOutbox_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_EmailOutbox" ("attempts", "attendeeId", "capturedMessage", "createdAt", "feedbackId", "groupMessageId", "id", "kind", "language", "lastError", "lockedUntil", "messageId", "nextAttemptAt", "programmeItemId", "recipient", "registrationId", "sentAt", "status", "subject") SELECT "attempts", "attendeeId", "capturedMessage", "createdAt", "feedbackId", "groupMessageId", "id", "kind", "language", "lastError", "lockedUntil", "messageId", "nextAttemptAt", "programmeItemId", "recipient", "registrationId", "sentAt", "status", "subject" FROM "EmailOutbox";
DROP TABLE "EmailOutbox";
ALTER TABLE "new_EmailOutbox" RENAME TO "EmailOutbox";
CREATE INDEX "EmailOutbox_status_nextAttemptAt_idx" ON "EmailOutbox"("status", "nextAttemptAt");
CREATE INDEX "EmailOutbox_registrationId_idx" ON "EmailOutbox"("registrationId");
CREATE INDEX "EmailOutbox_groupMessageId_status_idx" ON "EmailOutbox"("groupMessageId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_number_key" ON "Invoice"("number");

-- CreateIndex
CREATE INDEX "Invoice_eventId_issuedAt_idx" ON "Invoice"("eventId", "issuedAt");

-- CreateIndex
CREATE INDEX "Invoice_registrationId_idx" ON "Invoice"("registrationId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_externalId_key" ON "Payment"("externalId");

-- CreateIndex
CREATE INDEX "Payment_registrationId_idx" ON "Payment"("registrationId");

