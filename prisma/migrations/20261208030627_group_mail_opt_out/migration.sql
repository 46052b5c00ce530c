-- AlterTable
ALTER TABLE "Attendee" ADD COLUMN "groupMailOptOutAt" DATETIME;

