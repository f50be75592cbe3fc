-- On SQLite this migration has the committer write a batch of comments
-- to the search index at once (see the SQLite migration of the same
-- name). PostgreSQL's comment search index (migration 0010) is a GIN
-- index kept by each insert and does not need it, but both stores keep
-- the same tables, so that a site copies between them: the table is
-- made here too and stays empty.
CREATE TABLE comment_search_deferred (batch INTEGER PRIMARY KEY CHECK (batch = 1));
