-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "invoiceLegalId" TEXT,
ADD COLUMN     "invoiceSellerId" TEXT;

-- CreateTable
CREATE TABLE "PaymentIssue" (
    "id" TEXT NOT NULL,
    "eventId" TEXT,
    "registrationId" TEXT,
    "problem" TEXT NOT NULL,
    "stripeObjectId" TEXT NOT NULL,
    "amountCents" INTEGER,
    "currency" TEXT,
    "expectedCents" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,

    CONSTRAINT "PaymentIssue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PaymentIssue_eventId_resolvedAt_idx" ON "PaymentIssue"("eventId", "resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentIssue_stripeObjectId_problem_key" ON "PaymentIssue"("stripeObjectId", "problem");

