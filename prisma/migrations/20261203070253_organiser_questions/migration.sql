-- AlterTable
ALTER TABLE "Event" ADD COLUMN "archivedAt" DATETIME;

-- CreateTable
CREATE TABLE "Question" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "labelDe" TEXT NOT NULL,
    "labelEn" TEXT,
    "hintDe" TEXT,
    "hintEn" TEXT,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT NOT NULL DEFAULT 'attendee',
    "position" INTEGER NOT NULL DEFAULT 0,
    "inReport" BOOLEAN NOT NULL DEFAULT false,
    "removedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Question_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "QuestionOption" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionId" TEXT NOT NULL,
    "labelDe" TEXT NOT NULL,
    "labelEn" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "removedAt" DATETIME,
    CONSTRAINT "QuestionOption_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "QuestionTicketType" (
    "questionId" TEXT NOT NULL,
    "ticketTypeId" TEXT NOT NULL,

    PRIMARY KEY ("questionId", "ticketTypeId"),
    CONSTRAINT "QuestionTicketType_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QuestionTicketType_ticketTypeId_fkey" FOREIGN KEY ("ticketTypeId") REFERENCES "TicketType" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Answer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionId" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "attendeeId" TEXT,
    "value" TEXT NOT NULL,
    CONSTRAINT "Answer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Answer_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Answer_attendeeId_fkey" FOREIGN KEY ("attendeeId") REFERENCES "Attendee" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_FieldOfAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "nameDe" TEXT NOT NULL,
    "nameEn" TEXT,
    "colour" TEXT NOT NULL DEFAULT 'teal',
    CONSTRAINT "FieldOfAction_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_FieldOfAction" ("eventId", "id", "nameDe", "nameEn", "position") SELECT "eventId", "id", "nameDe", "nameEn", "position" FROM "FieldOfAction";
-- The badge colours the stylesheet gave the first four positions become each field's own colour.
UPDATE "new_FieldOfAction" SET "colour" = CASE "position" WHEN 1 THEN 'berry' WHEN 2 THEN 'teal' WHEN 3 THEN 'green' WHEN 4 THEN 'amber' ELSE 'blue' END;
DROP TABLE "FieldOfAction";
ALTER TABLE "new_FieldOfAction" RENAME TO "FieldOfAction";
CREATE INDEX "FieldOfAction_eventId_position_idx" ON "FieldOfAction"("eventId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Question_eventId_position_idx" ON "Question"("eventId", "position");

-- CreateIndex
CREATE INDEX "QuestionOption_questionId_position_idx" ON "QuestionOption"("questionId", "position");

-- CreateIndex
CREATE INDEX "QuestionTicketType_ticketTypeId_idx" ON "QuestionTicketType"("ticketTypeId");

-- CreateIndex
CREATE INDEX "Answer_questionId_value_idx" ON "Answer"("questionId", "value");

-- CreateIndex
CREATE INDEX "Answer_registrationId_idx" ON "Answer"("registrationId");

-- CreateIndex
CREATE INDEX "Answer_attendeeId_idx" ON "Answer"("attendeeId");

