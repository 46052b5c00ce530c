-- AlterTable
ALTER TABLE "Attendee" ADD COLUMN "anonymisedAt" DATETIME;

-- AlterTable
ALTER TABLE "Consent" ADD COLUMN "revokedAt" DATETIME;

-- CreateTable
CREATE TABLE "LegalText" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT,
    "kind" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "bodyDe" TEXT NOT NULL,
    "bodyEn" TEXT,
    "conformity" TEXT,
    "limitationsDe" TEXT,
    "limitationsEn" TEXT,
    "preparedOn" DATETIME,
    "contactEmail" TEXT,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LegalText_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "detail" TEXT,
    "address" TEXT
);

-- CreateTable
CREATE TABLE "Feedback" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "email" TEXT,
    "message" TEXT NOT NULL,
    "page" TEXT,
    "language" TEXT NOT NULL DEFAULT 'de',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Event" ("calendarSequence", "capacity", "confirmedCount", "createdAt", "descriptionDe", "descriptionEn", "endsAt", "id", "offerHours", "organiserEmail", "organiserName", "privacyNoticeDe", "privacyNoticeEn", "privacyNoticeVersion", "registrationClosesAt", "registrationOpensAt", "reminderQueuedAt", "reminderTime", "selfServiceUntil", "slug", "startsAt", "status", "titleDe", "titleEn", "updatedAt", "venueAddress", "venueName", "waitlistMode") SELECT "calendarSequence", "capacity", "confirmedCount", "createdAt", "descriptionDe", "descriptionEn", "endsAt", "id", "offerHours", "organiserEmail", "organiserName", "privacyNoticeDe", "privacyNoticeEn", "privacyNoticeVersion", "registrationClosesAt", "registrationOpensAt", "reminderQueuedAt", "reminderTime", "selfServiceUntil", "slug", "startsAt", "status", "titleDe", "titleEn", "updatedAt", "venueAddress", "venueName", "waitlistMode" FROM "Event";
DROP TABLE "Event";
ALTER TABLE "new_Event" RENAME TO "Event";
CREATE UNIQUE INDEX "Event_slug_key" ON "Event"("slug");
CREATE INDEX "Event_status_startsAt_idx" ON "Event"("status", "startsAt");
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
    CONSTRAINT "EmailOutbox_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "EmailOutbox_groupMessageId_fkey" FOREIGN KEY ("groupMessageId") REFERENCES "GroupMessage" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "EmailOutbox_feedbackId_fkey" FOREIGN KEY ("feedbackId") REFERENCES "Feedback" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_EmailOutbox" ("attempts", "attendeeId", "capturedMessage", "createdAt", "groupMessageId", "id", "kind", "language", "lastError", "lockedUntil", "messageId", "nextAttemptAt", "programmeItemId", "recipient", "registrationId", "sentAt", "status", "subject") SELECT "attempts", "attendeeId", "capturedMessage", "createdAt", "groupMessageId", "id", "kind", "language", "lastError", "lockedUntil", "messageId", "nextAttemptAt", "programmeItemId", "recipient", "registrationId", "sentAt", "status", "subject" FROM "EmailOutbox";
DROP TABLE "EmailOutbox";
ALTER TABLE "new_EmailOutbox" RENAME TO "EmailOutbox";
CREATE INDEX "EmailOutbox_status_nextAttemptAt_idx" ON "EmailOutbox"("status", "nextAttemptAt");
CREATE INDEX "EmailOutbox_registrationId_idx" ON "EmailOutbox"("registrationId");
CREATE INDEX "EmailOutbox_groupMessageId_status_idx" ON "EmailOutbox"("groupMessageId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "LegalText_kind_eventId_createdAt_idx" ON "LegalText"("kind", "eventId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LegalText_eventId_kind_version_key" ON "LegalText"("eventId", "kind", "version");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_action_at_idx" ON "AuditEntry"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_subject_idx" ON "AuditEntry"("subject");


-- The privacy notice each event had so far becomes its first recorded version: consents already given name it.
INSERT INTO "LegalText" ("id", "eventId", "kind", "version", "bodyDe", "bodyEn", "createdAt")
SELECT 'lt' || lower(hex(randomblob(12))), "id", 'privacy', "privacyNoticeVersion", "privacyNoticeDe", "privacyNoticeEn", CURRENT_TIMESTAMP FROM "Event";
