-- AlterTable
ALTER TABLE "Attendee" ADD COLUMN     "groupMailOptOutAt" TIMESTAMP(3);

