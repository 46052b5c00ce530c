-- Folded copies of attendee names for German search and sorting
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Attendee" (
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
    "searchText" TEXT NOT NULL,
    "sortName" TEXT NOT NULL,
    "sortOrganisation" TEXT NOT NULL,
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
INSERT INTO "new_Attendee" ("accessibilityNeeds", "cancelledAt", "createdAt", "dietaryNeeds", "email", "eventId", "firstName", "id", "jobFunction", "lastName", "organisation", "phone", "position", "registrationId", "status", "ticketReference", "ticketSecret", "ticketTypeId", "updatedAt", "searchText", "sortName", "sortOrganisation") SELECT "accessibilityNeeds", "cancelledAt", "createdAt", "dietaryNeeds", "email", "eventId", "firstName", "id", "jobFunction", "lastName", "organisation", "phone", "position", "registrationId", "status", "ticketReference", "ticketSecret", "ticketTypeId", "updatedAt",
    -- Rows from before this migration get ASCII-only keys (SQLite's lower() leaves umlauts alone);
    -- the app writes the full keys (app/modules/attendees/name-keys.ts) with every new or edited name.
    '|' || lower("firstName") || '|' || lower("lastName") || '|' || lower("email") || '|' || lower("organisation") || '|',
    lower("lastName") || char(1) || lower("firstName"),
    lower("organisation")
  FROM "Attendee";
DROP TABLE "Attendee";
ALTER TABLE "new_Attendee" RENAME TO "Attendee";
CREATE UNIQUE INDEX "Attendee_ticketSecret_key" ON "Attendee"("ticketSecret");
CREATE UNIQUE INDEX "Attendee_ticketReference_key" ON "Attendee"("ticketReference");
CREATE INDEX "Attendee_eventId_sortName_idx" ON "Attendee"("eventId", "sortName");
CREATE INDEX "Attendee_eventId_email_idx" ON "Attendee"("eventId", "email");
CREATE INDEX "Attendee_registrationId_idx" ON "Attendee"("registrationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

