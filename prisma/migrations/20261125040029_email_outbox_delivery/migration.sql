-- AlterTable
ALTER TABLE "EmailOutbox" ADD COLUMN "attendeeId" TEXT;
ALTER TABLE "EmailOutbox" ADD COLUMN "capturedMessage" TEXT;
ALTER TABLE "EmailOutbox" ADD COLUMN "messageId" TEXT;
ALTER TABLE "EmailOutbox" ADD COLUMN "subject" TEXT;

-- CreateIndex
CREATE INDEX "EmailOutbox_registrationId_idx" ON "EmailOutbox"("registrationId");

