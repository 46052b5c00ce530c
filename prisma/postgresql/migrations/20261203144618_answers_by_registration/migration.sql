-- DropIndex
DROP INDEX "Answer_questionId_value_idx";

-- DropIndex
DROP INDEX "Answer_registrationId_idx";

-- CreateIndex
CREATE INDEX "Answer_registrationId_questionId_idx" ON "Answer"("registrationId", "questionId");

