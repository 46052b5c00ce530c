-- CreateTable
CREATE TABLE "TicketKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "privateKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CheckIn" (
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
    "revertedById" TEXT,
    "deviceAt" DATETIME,
    "reason" TEXT,
    "offline" BOOLEAN NOT NULL DEFAULT false,
    "conflict" BOOLEAN NOT NULL DEFAULT false,
    "activeKey" TEXT,
    CONSTRAINT "CheckIn_checkInListId_fkey" FOREIGN KEY ("checkInListId") REFERENCES "CheckInList" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CheckIn_attendeeId_fkey" FOREIGN KEY ("attendeeId") REFERENCES "Attendee" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "CheckIn_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "StaffUser" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_CheckIn" ("activeKey", "attendeeId", "checkInListId", "createdAt", "deviceLabel", "id", "result", "revertedAt", "revertedById", "scanId", "scannedCode", "staffUserId") SELECT "activeKey", "attendeeId", "checkInListId", "createdAt", "deviceLabel", "id", "result", "revertedAt", "revertedById", "scanId", "scannedCode", "staffUserId" FROM "CheckIn";
DROP TABLE "CheckIn";
ALTER TABLE "new_CheckIn" RENAME TO "CheckIn";
CREATE UNIQUE INDEX "CheckIn_scanId_key" ON "CheckIn"("scanId");
CREATE UNIQUE INDEX "CheckIn_activeKey_key" ON "CheckIn"("activeKey");
CREATE INDEX "CheckIn_checkInListId_attendeeId_result_idx" ON "CheckIn"("checkInListId", "attendeeId", "result");
CREATE INDEX "CheckIn_checkInListId_createdAt_idx" ON "CheckIn"("checkInListId", "createdAt");
CREATE INDEX "CheckIn_attendeeId_idx" ON "CheckIn"("attendeeId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "TicketKey_eventId_createdAt_idx" ON "TicketKey"("eventId", "createdAt");

