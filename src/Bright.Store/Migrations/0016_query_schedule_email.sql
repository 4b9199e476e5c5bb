-- A schedule's export goes to the export folder ('folder') or, as an e-mail-ready message, to the outbox ('email').
ALTER TABLE query_schedules ADD COLUMN target VARCHAR DEFAULT 'folder';
ALTER TABLE query_schedules ADD COLUMN recipients VARCHAR;   -- e-mail addresses, one per line; null for 'folder'
