-- Burg schema, SQLite dialect. Times are TIMESTAMP text in UTC.
CREATE TABLE pages (
	id       INTEGER PRIMARY KEY,
	name     TEXT NOT NULL,
	slug     TEXT NOT NULL UNIQUE,
	position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sections (
	id       INTEGER PRIMARY KEY,
	page_id  INTEGER NOT NULL REFERENCES pages (id),
	name     TEXT NOT NULL,
	slug     TEXT NOT NULL UNIQUE,
	position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	nick          TEXT NOT NULL,
	nick_key      TEXT NOT NULL UNIQUE,
	role          TEXT NOT NULL,
	colour        TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL DEFAULT '',
	disabled      BOOLEAN NOT NULL DEFAULT FALSE,
	created_at    TIMESTAMP NOT NULL
);

CREATE TABLE tags (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	slug        TEXT NOT NULL UNIQUE,
	description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE posts (
	id                INTEGER PRIMARY KEY,
	section_id        INTEGER NOT NULL REFERENCES sections (id),
	title             TEXT NOT NULL,
	slug              TEXT NOT NULL,
	source_url        TEXT NOT NULL DEFAULT '',
	source_tag        TEXT NOT NULL DEFAULT '',
	source_lang       TEXT NOT NULL DEFAULT '',
	note              TEXT NOT NULL DEFAULT '',
	body              TEXT NOT NULL DEFAULT '',
	poster_id         INTEGER NOT NULL REFERENCES users (id),
	posted_at         TIMESTAMP NOT NULL,
	updated_at        TIMESTAMP NOT NULL,
	comments_close_at TIMESTAMP,
	views             INTEGER NOT NULL DEFAULT 0,
	comment_count     INTEGER NOT NULL DEFAULT 0,
	last_comment_at   TIMESTAMP,
	last_comment_nick TEXT NOT NULL DEFAULT '',
	deleted_at        TIMESTAMP
);
CREATE INDEX posts_posted_at ON posts (posted_at);
CREATE INDEX posts_section_posted_at ON posts (section_id, posted_at);
CREATE INDEX posts_poster_posted_at ON posts (poster_id, posted_at);
CREATE INDEX posts_source_url ON posts (source_url);

-- posted_at is copied from posts so that a tag's newest posts come from
-- the index alone.
CREATE TABLE post_tags (
	post_id   INTEGER NOT NULL REFERENCES posts (id),
	tag_id    INTEGER NOT NULL REFERENCES tags (id),
	position  INTEGER NOT NULL DEFAULT 0,
	posted_at TIMESTAMP NOT NULL,
	PRIMARY KEY (post_id, tag_id)
);
CREATE INDEX post_tags_tag_posted_at ON post_tags (tag_id, posted_at);
CREATE INDEX post_tags_posted_at ON post_tags (posted_at);
