-- CreateTable
CREATE TABLE "Event" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TicketType" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "nameDe" TEXT NOT NULL,
    "nameEn" TEXT,
    "descriptionDe" TEXT,
    "descriptionEn" TEXT,
    "priceCents" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT 'EUR',
    "capacity" INTEGER,
    "confirmedCount" INTEGER NOT NULL DEFAULT 0,
    "salesStartAt" DATETIME,
    "salesEndAt" DATETIME,
    "requiresApproval" BOOLEAN NOT NULL DEFAULT false,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "TicketType_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FieldOfAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "nameDe" TEXT NOT NULL,
    "nameEn" TEXT,
    CONSTRAINT "FieldOfAction_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProgrammeSlot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "labelDe" TEXT NOT NULL,
    "labelEn" TEXT,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ProgrammeSlot_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProgrammeItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "slotId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "titleDe" TEXT NOT NULL,
    "titleEn" TEXT,
    "descriptionDe" TEXT,
    "descriptionEn" TEXT,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "room" TEXT,
    "speakers" TEXT,
    "fieldOfActionId" TEXT,
    "municipality" TEXT,
    "meetingPoint" TEXT,
    "departureAt" DATETIME,
    "returnAt" DATETIME,
    "capacity" INTEGER,
    "confirmedCount" INTEGER NOT NULL DEFAULT 0,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "calendarSequence" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ProgrammeItem_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProgrammeItem_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "ProgrammeSlot" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProgrammeItem_fieldOfActionId_fkey" FOREIGN KEY ("fieldOfActionId") REFERENCES "FieldOfAction" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Registration" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    CONSTRAINT "Registration_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Attendee" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "registrationId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "ticketTypeId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "organisation" TEXT NOT NULL,
    "jobFunction" TEXT,
    "phone" TEXT,
    "dietaryNeeds" TEXT,
    "accessibilityNeeds" TEXT,
    "status" TEXT NOT NULL,
    "ticketSecret" TEXT NOT NULL,
    "ticketReference" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    CONSTRAINT "Attendee_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attendee_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attendee_ticketTypeId_fkey" FOREIGN KEY ("ticketTypeId") REFERENCES "TicketType" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attendeeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "textVersion" TEXT NOT NULL,
    "givenAt" DATETIME NOT NULL,
    CONSTRAINT "Consent_attendeeId_fkey" FOREIGN KEY ("attendeeId") REFERENCES "Attendee" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Booking" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attendeeId" TEXT NOT NULL,
    "programmeItemId" TEXT NOT NULL,
    "slotId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Booking_attendeeId_fkey" FOREIGN KEY ("attendeeId") REFERENCES "Attendee" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Booking_programmeItemId_fkey" FOREIGN KEY ("programmeItemId") REFERENCES "ProgrammeItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Booking_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "ProgrammeSlot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WaitingListEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "attendeeId" TEXT NOT NULL,
    "ticketTypeId" TEXT,
    "programmeItemId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "promotedAt" DATETIME,
    CONSTRAINT "WaitingListEntry_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WaitingListEntry_attendeeId_fkey" FOREIGN KEY ("attendeeId") REFERENCES "Attendee" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WaitingListEntry_ticketTypeId_fkey" FOREIGN KEY ("ticketTypeId") REFERENCES "TicketType" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WaitingListEntry_programmeItemId_fkey" FOREIGN KEY ("programmeItemId") REFERENCES "ProgrammeItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CheckInList" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "nameDe" TEXT NOT NULL,
    "nameEn" TEXT,
    "programmeItemId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CheckInList_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CheckInList_programmeItemId_fkey" FOREIGN KEY ("programmeItemId") REFERENCES "ProgrammeItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CheckInListTicketType" (
    "checkInListId" TEXT NOT NULL,
    "ticketTypeId" TEXT NOT NULL,

    PRIMARY KEY ("checkInListId", "ticketTypeId"),
    CONSTRAINT "CheckInListTicketType_checkInListId_fkey" FOREIGN KEY ("checkInListId") REFERENCES "CheckInList" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CheckInListTicketType_ticketTypeId_fkey" FOREIGN KEY ("ticketTypeId") REFERENCES "TicketType" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "checkInListId" TEXT NOT NULL,
    "attendeeId" TEXT,
    "scanId" TEXT NOT NULL,
    "scannedCode" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "staffUserId" TEXT,
    "deviceLabel" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revertedAt" DATETIME,
    CONSTRAINT "CheckIn_checkInListId_fkey" FOREIGN KEY ("checkInListId") REFERENCES "CheckInList" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CheckIn_attendeeId_fkey" FOREIGN KEY ("attendeeId") REFERENCES "Attendee" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "CheckIn_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "StaffUser" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StaffUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "disabledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "StaffSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StaffSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "StaffUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmailOutbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "registrationId" TEXT,
    "kind" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EmailOutbox_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Event_slug_key" ON "Event"("slug");

-- CreateIndex
CREATE INDEX "Event_status_startsAt_idx" ON "Event"("status", "startsAt");

-- CreateIndex
CREATE INDEX "TicketType_eventId_sortOrder_idx" ON "TicketType"("eventId", "sortOrder");

-- CreateIndex
CREATE UNIQUE INDEX "FieldOfAction_eventId_position_key" ON "FieldOfAction"("eventId", "position");

-- CreateIndex
CREATE INDEX "ProgrammeSlot_eventId_startsAt_idx" ON "ProgrammeSlot"("eventId", "startsAt");

-- CreateIndex
CREATE INDEX "ProgrammeItem_eventId_startsAt_idx" ON "ProgrammeItem"("eventId", "startsAt");

-- CreateIndex
CREATE INDEX "ProgrammeItem_slotId_idx" ON "ProgrammeItem"("slotId");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_reference_key" ON "Registration"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_manageToken_key" ON "Registration"("manageToken");

-- CreateIndex
CREATE INDEX "Registration_eventId_createdAt_idx" ON "Registration"("eventId", "createdAt");

-- CreateIndex
CREATE INDEX "Registration_contactEmail_idx" ON "Registration"("contactEmail");

-- CreateIndex
CREATE UNIQUE INDEX "Attendee_ticketSecret_key" ON "Attendee"("ticketSecret");

-- CreateIndex
CREATE UNIQUE INDEX "Attendee_ticketReference_key" ON "Attendee"("ticketReference");

-- CreateIndex
CREATE INDEX "Attendee_eventId_lastName_firstName_idx" ON "Attendee"("eventId", "lastName", "firstName");

-- CreateIndex
CREATE INDEX "Attendee_eventId_email_idx" ON "Attendee"("eventId", "email");

-- CreateIndex
CREATE INDEX "Attendee_registrationId_idx" ON "Attendee"("registrationId");

-- CreateIndex
CREATE INDEX "Consent_attendeeId_idx" ON "Consent"("attendeeId");

-- CreateIndex
CREATE INDEX "Booking_programmeItemId_idx" ON "Booking"("programmeItemId");

-- CreateIndex
CREATE UNIQUE INDEX "Booking_attendeeId_slotId_key" ON "Booking"("attendeeId", "slotId");

-- CreateIndex
CREATE INDEX "WaitingListEntry_programmeItemId_status_createdAt_idx" ON "WaitingListEntry"("programmeItemId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "WaitingListEntry_ticketTypeId_status_createdAt_idx" ON "WaitingListEntry"("ticketTypeId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "WaitingListEntry_attendeeId_idx" ON "WaitingListEntry"("attendeeId");

-- CreateIndex
CREATE INDEX "CheckInList_eventId_idx" ON "CheckInList"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_scanId_key" ON "CheckIn"("scanId");

-- CreateIndex
CREATE INDEX "CheckIn_checkInListId_attendeeId_result_idx" ON "CheckIn"("checkInListId", "attendeeId", "result");

-- CreateIndex
CREATE INDEX "CheckIn_attendeeId_idx" ON "CheckIn"("attendeeId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffUser_email_key" ON "StaffUser"("email");

-- CreateIndex
CREATE INDEX "StaffSession_userId_idx" ON "StaffSession"("userId");

-- CreateIndex
CREATE INDEX "EmailOutbox_status_nextAttemptAt_idx" ON "EmailOutbox"("status", "nextAttemptAt");

