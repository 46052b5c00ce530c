-- One active registration per e-mail address and event, enforced by the database (issue 9, point 10).
-- AlterTable
ALTER TABLE "Attendee" ADD COLUMN "activeEmail" TEXT;

-- Existing attendees: the earliest active one per address and event holds the key; should a race have
-- let a second one in before this migration, it keeps its registration but not the key.
UPDATE "Attendee" SET "activeEmail" = "email"
WHERE "status" <> 'cancelled'
  AND "id" = (
    SELECT "other"."id" FROM "Attendee" AS "other"
    WHERE "other"."eventId" = "Attendee"."eventId" AND "other"."email" = "Attendee"."email" AND "other"."status" <> 'cancelled'
    ORDER BY "other"."createdAt", "other"."id" LIMIT 1
  );

-- CreateIndex
CREATE UNIQUE INDEX "Attendee_eventId_activeEmail_key" ON "Attendee"("eventId", "activeEmail");
