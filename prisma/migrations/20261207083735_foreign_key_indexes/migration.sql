-- CreateIndex
CREATE INDEX "Answer_questionId_idx" ON "Answer"("questionId");

-- CreateIndex
CREATE INDEX "Attendee_ticketTypeId_idx" ON "Attendee"("ticketTypeId");

-- CreateIndex
CREATE INDEX "Booking_slotId_idx" ON "Booking"("slotId");

-- CreateIndex
CREATE INDEX "WaitingListEntry_eventId_status_idx" ON "WaitingListEntry"("eventId", "status");

-- CreateIndex
CREATE INDEX "CalendarRevision_programmeItemId_idx" ON "CalendarRevision"("programmeItemId");

-- CreateIndex
CREATE INDEX "CheckIn_staffUserId_idx" ON "CheckIn"("staffUserId");

-- CreateIndex
CREATE INDEX "EmailOutbox_invoiceId_idx" ON "EmailOutbox"("invoiceId");

-- CreateIndex
CREATE INDEX "EmailOutbox_feedbackId_idx" ON "EmailOutbox"("feedbackId");

