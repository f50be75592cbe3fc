-- Posting: logins, the original text of translated posts, revisions of
-- edited posts, the submission queue and the table of source names.
ALTER TABLE posts ADD COLUMN original_body TEXT NOT NULL DEFAULT '';

-- Only the SHA-256 of a session's token is kept.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id),
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	ip         TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Each row is a post as it stood before one change; tags is a JSON array
-- of tag names.
CREATE TABLE post_revisions (
	id                INTEGER PRIMARY KEY,
	post_id           INTEGER NOT NULL REFERENCES posts (id),
	user_id           INTEGER NOT NULL REFERENCES users (id),
	action            TEXT NOT NULL,
	created_at        TIMESTAMP NOT NULL,
	title             TEXT NOT NULL,
	section_id        INTEGER NOT NULL,
	source_url        TEXT NOT NULL DEFAULT '',
	source_tag        TEXT NOT NULL DEFAULT '',
	source_lang       TEXT NOT NULL DEFAULT '',
	note              TEXT NOT NULL DEFAULT '',
	body              TEXT NOT NULL DEFAULT '',
	original_body     TEXT NOT NULL DEFAULT '',
	posted_at         TIMESTAMP NOT NULL,
	comments_close_at TIMESTAMP,
	deleted_at        TIMESTAMP,
	tags              TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX post_revisions_post ON post_revisions (post_id, id);

CREATE TABLE submissions (
	id            INTEGER PRIMARY KEY,
	source_url    TEXT NOT NULL DEFAULT '',
	title         TEXT NOT NULL,
	body          TEXT NOT NULL DEFAULT '',
	original_body TEXT NOT NULL DEFAULT '',
	section_id    INTEGER REFERENCES sections (id),
	tags          TEXT NOT NULL DEFAULT '',
	source_tag    TEXT NOT NULL DEFAULT '',
	source_lang   TEXT NOT NULL DEFAULT '',
	note          TEXT NOT NULL DEFAULT '',
	nick          TEXT NOT NULL DEFAULT '',
	user_id       INTEGER REFERENCES users (id),
	visitor_id    TEXT NOT NULL DEFAULT '',
	ip            TEXT NOT NULL DEFAULT '',
	created_at    TIMESTAMP NOT NULL,
	status        TEXT NOT NULL,
	decided_by    INTEGER REFERENCES users (id),
	decided_at    TIMESTAMP,
	post_id       INTEGER REFERENCES posts (id),
	reason        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX submissions_status ON submissions (status, id);

CREATE TABLE sources (
	domain TEXT PRIMARY KEY,
	name   TEXT NOT NULL
);
