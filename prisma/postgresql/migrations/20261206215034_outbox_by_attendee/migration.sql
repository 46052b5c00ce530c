-- CreateIndex
CREATE INDEX "EmailOutbox_attendeeId_idx" ON "EmailOutbox"("attendeeId");

