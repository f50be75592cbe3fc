-- Stored renderings of post bodies. body_html is what pages show (the
-- markup's HTML with the house voice applied), made with the plain text
-- (the text column of 0010) when a post is saved. render_version is the
-- dictionary version the rendering was made with, 0 for a post never
-- rendered; no_decoration switches the house voice off for one post.
ALTER TABLE posts ADD COLUMN body_html TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN no_decoration BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE posts ADD COLUMN render_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX posts_unrendered ON posts (id) WHERE render_version = 0;

-- The entries (kind 'name') and swaps ('swap') each post's rendering
-- mentions, so that a change to one finds its posts by index.
CREATE TABLE post_terms (
	post_id INTEGER NOT NULL REFERENCES posts (id),
	kind    TEXT NOT NULL,
	term_id INTEGER NOT NULL,
	PRIMARY KEY (post_id, kind, term_id)
);
CREATE INDEX post_terms_term ON post_terms (kind, term_id, post_id);

-- Posts to render again. A background renderer claims rows until
-- claimed_until, so that instances sharing the database split the work.
CREATE TABLE render_queue (
	post_id       INTEGER PRIMARY KEY REFERENCES posts (id),
	queued_at     TIMESTAMP NOT NULL,
	claimed_until TIMESTAMP
);

-- Every change of the names database or the word swaps, written with the
-- change; its largest id gives the dictionary version. items and words
-- are JSON arrays: the changed entries and swaps, and the words new to the
-- dictionary. An unfinished change walks the posts in id order, phase by
-- phase, and queues those it may touch; cursor_id is how far it got.
CREATE TABLE dictionary_changes (
	id            INTEGER PRIMARY KEY,
	items         TEXT NOT NULL DEFAULT '[]',
	words         TEXT NOT NULL DEFAULT '[]',
	phase         TEXT NOT NULL,
	cursor_id     INTEGER NOT NULL DEFAULT 0,
	queued        INTEGER NOT NULL DEFAULT 0,
	created_at    TIMESTAMP NOT NULL,
	done_at       TIMESTAMP,
	claimed_until TIMESTAMP
);
CREATE INDEX dictionary_changes_open ON dictionary_changes (id) WHERE done_at IS NULL;
