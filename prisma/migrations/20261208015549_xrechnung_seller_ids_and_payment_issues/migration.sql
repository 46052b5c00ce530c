-- AlterTable
ALTER TABLE "Event" ADD COLUMN "invoiceLegalId" TEXT;
ALTER TABLE "Event" ADD COLUMN "invoiceSellerId" TEXT;

-- CreateTable
CREATE TABLE "PaymentIssue" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT,
    "registrationId" TEXT,
    "problem" TEXT NOT NULL,
    "stripeObjectId" TEXT NOT NULL,
    "amountCents" INTEGER,
    "currency" TEXT,
    "expectedCents" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME,
    "resolvedBy" TEXT
);

-- CreateIndex
CREATE INDEX "PaymentIssue_eventId_resolvedAt_idx" ON "PaymentIssue"("eventId", "resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentIssue_stripeObjectId_problem_key" ON "PaymentIssue"("stripeObjectId", "problem");

