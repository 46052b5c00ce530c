-- Which rules an attendee's search and sort keys were written with (app/modules/attendees/name-keys.ts).
-- Existing rows get 0: the server rewrites their keys at start (refresh-name-keys.server.ts).
ALTER TABLE "Attendee" ADD COLUMN "nameKeysVersion" INTEGER NOT NULL DEFAULT 0;
