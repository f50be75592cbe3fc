-- The comment search index goes back to one insert per comment, by the
-- trigger of migration 0010. Migration 0015 had the committer index a
-- batch of comments in one statement, which doubled the comments a busy
-- site stores a second, but FTS5 then merged its segments in lumps: on
-- an archive of ten million comments one commit waited 27 seconds for a
-- merge, and the comments queued behind it failed.
DROP TRIGGER comments_search_insert;

CREATE TRIGGER comments_search_insert AFTER INSERT ON comments WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO comment_fts (rowid, body) VALUES (new.id, new.body);
END;

DROP TABLE comment_search_deferred;
