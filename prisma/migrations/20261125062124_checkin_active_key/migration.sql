-- AlterTable
ALTER TABLE "CheckIn" ADD COLUMN "activeKey" TEXT;
ALTER TABLE "CheckIn" ADD COLUMN "revertedById" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_activeKey_key" ON "CheckIn"("activeKey");

-- CreateIndex
CREATE INDEX "CheckIn_checkInListId_createdAt_idx" ON "CheckIn"("checkInListId", "createdAt");

