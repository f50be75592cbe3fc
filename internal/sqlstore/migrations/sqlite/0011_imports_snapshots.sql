-- Moving in and keeping sources: a comment's parent (the comment it
-- answers, for threads brought over from WordPress), the record of what
-- each import made (so that running it again changes nothing), and the
-- snapshots of posts' sources (so that a post outlives its link).
-- parent_id has no foreign key: an import may store a reply before the
-- comment it answers, and comments are never deleted, only removed.
ALTER TABLE comments ADD COLUMN parent_id INTEGER;

-- One row per thing an import made: which file or feed it came from
-- (source), what it is (kind: user, page, section, post, comment) and
-- its id there (foreign_id), and the row it became here (burg_id).
CREATE TABLE imports (
	source      TEXT NOT NULL,
	kind        TEXT NOT NULL,
	foreign_id  TEXT NOT NULL,
	burg_id     INTEGER NOT NULL,
	imported_at TIMESTAMP NOT NULL,
	PRIMARY KEY (source, kind, foreign_id)
);

-- A post's source as it was fetched when the post was published: the
-- readable text, the raw response (gzip, as raw_size bytes before), and
-- how the source answered the last time it was checked. dead_at is set
-- once the source is gone, and readers are then sent to the copy.
CREATE TABLE snapshots (
	id            INTEGER PRIMARY KEY,
	post_id       INTEGER NOT NULL UNIQUE REFERENCES posts (id),
	url           TEXT NOT NULL,
	fetched_at    TIMESTAMP NOT NULL,
	status        INTEGER NOT NULL DEFAULT 0,
	content_type  TEXT NOT NULL DEFAULT '',
	title         TEXT NOT NULL DEFAULT '',
	text          TEXT NOT NULL DEFAULT '',
	raw           BLOB,
	raw_size      INTEGER NOT NULL DEFAULT 0,
	warc_file     TEXT NOT NULL DEFAULT '',
	checked_at    TIMESTAMP,
	check_status  TEXT NOT NULL DEFAULT '',
	failures      INTEGER NOT NULL DEFAULT 0,
	dead_at       TIMESTAMP
);
CREATE INDEX snapshots_checked_at ON snapshots (checked_at);
