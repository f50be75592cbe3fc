-- The comment search index is written once for a batch of comments
-- rather than once for each. The committer stores a batch's comments
-- each inside a savepoint of its own, and FTS5 writes its pending terms
-- as a new segment at every savepoint once it has been written to in a
-- transaction, then merges segments: on a busy site, a third of the
-- writer's time went to one-comment segments. While a row is in
-- comment_search_deferred the insert trigger leaves the comments to the
-- committer, which indexes the batch's new rows in one statement before
-- it commits and empties the table in the same transaction.
CREATE TABLE comment_search_deferred (batch INTEGER PRIMARY KEY CHECK (batch = 1));

DROP TRIGGER comments_search_insert;

CREATE TRIGGER comments_search_insert AFTER INSERT ON comments
WHEN new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM comment_search_deferred) BEGIN
	INSERT INTO comment_fts (rowid, body) VALUES (new.id, new.body);
END;
