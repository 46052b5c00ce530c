-- AlterTable
ALTER TABLE "ProgrammeItem" ADD COLUMN "cancelledAt" DATETIME;

-- AlterTable
ALTER TABLE "Attendee" ADD COLUMN "cancelReason" TEXT;
ALTER TABLE "Attendee" ADD COLUMN "certificateCode" TEXT;
ALTER TABLE "Attendee" ADD COLUMN "manageToken" TEXT;

-- AlterTable
ALTER TABLE "WaitingListEntry" ADD COLUMN "offerExpiresAt" DATETIME;
ALTER TABLE "WaitingListEntry" ADD COLUMN "offerToken" TEXT;
ALTER TABLE "WaitingListEntry" ADD COLUMN "offeredAt" DATETIME;

-- CreateTable
CREATE TABLE "CalendarRevision" (
    "attendeeId" TEXT NOT NULL,
    "programmeItemId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("attendeeId", "programmeItemId"),
    CONSTRAINT "CalendarRevision_attendeeId_fkey" FOREIGN KEY ("attendeeId") REFERENCES "Attendee" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CalendarRevision_programmeItemId_fkey" FOREIGN KEY ("programmeItemId") REFERENCES "ProgrammeItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GroupMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "filter" TEXT NOT NULL,
    "recipientCount" INTEGER NOT NULL,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GroupMessage_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Event" ("calendarSequence", "capacity", "confirmedCount", "createdAt", "descriptionDe", "descriptionEn", "endsAt", "id", "organiserEmail", "organiserName", "privacyNoticeDe", "privacyNoticeEn", "privacyNoticeVersion", "registrationClosesAt", "registrationOpensAt", "slug", "startsAt", "status", "titleDe", "titleEn", "updatedAt", "venueAddress", "venueName") SELECT "calendarSequence", "capacity", "confirmedCount", "createdAt", "descriptionDe", "descriptionEn", "endsAt", "id", "organiserEmail", "organiserName", "privacyNoticeDe", "privacyNoticeEn", "privacyNoticeVersion", "registrationClosesAt", "registrationOpensAt", "slug", "startsAt", "status", "titleDe", "titleEn", "updatedAt", "venueAddress", "venueName" FROM "Event";
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
    "programmeItemId" TEXT,
    CONSTRAINT "EmailOutbox_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "EmailOutbox_groupMessageId_fkey" FOREIGN KEY ("groupMessageId") REFERENCES "GroupMessage" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_EmailOutbox" ("attempts", "attendeeId", "capturedMessage", "createdAt", "id", "kind", "language", "lastError", "lockedUntil", "messageId", "nextAttemptAt", "recipient", "registrationId", "sentAt", "status", "subject") SELECT "attempts", "attendeeId", "capturedMessage", "createdAt", "id", "kind", "language", "lastError", "lockedUntil", "messageId", "nextAttemptAt", "recipient", "registrationId", "sentAt", "status", "subject" FROM "EmailOutbox";
DROP TABLE "EmailOutbox";
ALTER TABLE "new_EmailOutbox" RENAME TO "EmailOutbox";
CREATE INDEX "EmailOutbox_status_nextAttemptAt_idx" ON "EmailOutbox"("status", "nextAttemptAt");
CREATE INDEX "EmailOutbox_registrationId_idx" ON "EmailOutbox"("registrationId");
CREATE INDEX "EmailOutbox_groupMessageId_status_idx" ON "EmailOutbox"("groupMessageId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "GroupMessage_eventId_createdAt_idx" ON "GroupMessage"("eventId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Attendee_manageToken_key" ON "Attendee"("manageToken");

-- CreateIndex
CREATE UNIQUE INDEX "Attendee_certificateCode_key" ON "Attendee"("certificateCode");

-- CreateIndex
CREATE UNIQUE INDEX "WaitingListEntry_offerToken_key" ON "WaitingListEntry"("offerToken");

-- CreateIndex
CREATE INDEX "WaitingListEntry_status_offerExpiresAt_idx" ON "WaitingListEntry"("status", "offerExpiresAt");


-- Attendees registered before this migration get their own manage link too (128 random bits, hex).
UPDATE "Attendee" SET "manageToken" = lower(hex(randomblob(16))) WHERE "manageToken" IS NULL;
