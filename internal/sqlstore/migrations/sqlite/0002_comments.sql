-- Comments, their revisions, visitors and site settings.
ALTER TABLE posts ADD COLUMN comment_seq INTEGER NOT NULL DEFAULT 0;

CREATE TABLE comments (
	id            INTEGER PRIMARY KEY,
	post_id       INTEGER NOT NULL REFERENCES posts (id),
	num           INTEGER NOT NULL,
	nick          TEXT NOT NULL,
	email         TEXT NOT NULL DEFAULT '',
	website       TEXT NOT NULL DEFAULT '',
	body          TEXT NOT NULL,
	visitor_id    TEXT NOT NULL DEFAULT '',
	ip            TEXT NOT NULL DEFAULT '',
	user_id       INTEGER REFERENCES users (id),
	created_at    TIMESTAMP NOT NULL,
	updated_at    TIMESTAMP NOT NULL,
	deleted_at    TIMESTAMP,
	delete_reason TEXT NOT NULL DEFAULT '',
	UNIQUE (post_id, num)
);
CREATE INDEX comments_created_at ON comments (created_at);
CREATE INDEX comments_visitor ON comments (visitor_id, created_at);

CREATE TABLE comment_revisions (
	id         INTEGER PRIMARY KEY,
	comment_id INTEGER NOT NULL REFERENCES comments (id),
	body       TEXT NOT NULL,
	edited_at  TIMESTAMP NOT NULL
);
CREATE INDEX comment_revisions_comment ON comment_revisions (comment_id);

CREATE TABLE visitors (
	id         TEXT PRIMARY KEY,
	first_nick TEXT NOT NULL DEFAULT '',
	comments   INTEGER NOT NULL DEFAULT 0,
	first_seen TIMESTAMP NOT NULL,
	last_visit TIMESTAMP NOT NULL,
	prev_visit TIMESTAMP
);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
