-- Migration 0015's marker table goes, as it goes on SQLite, where the
-- comment search index is written by a trigger per comment again.
DROP TABLE comment_search_deferred;
