-- AlterTable
ALTER TABLE "Registration" ADD COLUMN     "holderKey" TEXT;

