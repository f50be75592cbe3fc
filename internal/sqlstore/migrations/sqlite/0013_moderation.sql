-- Moderation. A comment has a state (live, held, redacted by a moderator,
-- removed by its writer); ip_key orders addresses so that a network is a
-- range; text_key finds the same text on other posts; score and signals
-- are what the spam rules made of it; purged_at marks a text deleted for
-- good. Comments removed so far were removed by their writer or by a
-- moderator, as the reason tells.
ALTER TABLE comments ADD COLUMN state TEXT NOT NULL DEFAULT 'live';
ALTER TABLE comments ADD COLUMN ip_key TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN text_key TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN score INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN signals TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN purged_at TIMESTAMP;
ALTER TABLE comments ADD COLUMN moderated_by INTEGER REFERENCES users (id);
UPDATE comments SET state = CASE WHEN delete_reason = 'Removed by its writer.' THEN 'removed' ELSE 'redacted' END
	WHERE deleted_at IS NOT NULL;
CREATE INDEX comments_state ON comments (state, created_at);
CREATE INDEX comments_ip_key ON comments (ip_key, created_at);
CREATE INDEX comments_text_key ON comments (text_key, created_at);
CREATE INDEX comments_nick ON comments (lower(nick));
CREATE INDEX comments_removed ON comments (deleted_at) WHERE deleted_at IS NOT NULL AND purged_at IS NULL;

-- Every moderator's and admin's action: who, when, what, on what, why.
-- detail is for moderators only; items is how many things a bulk action
-- touched.
CREATE TABLE audit_log (
	id         INTEGER PRIMARY KEY,
	created_at TIMESTAMP NOT NULL,
	user_id    INTEGER REFERENCES users (id),
	action     TEXT NOT NULL,
	target     TEXT NOT NULL DEFAULT '',
	post_id    INTEGER,
	items      INTEGER NOT NULL DEFAULT 1,
	reason     TEXT NOT NULL DEFAULT '',
	detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_created_at ON audit_log (created_at);
CREATE INDEX audit_log_user ON audit_log (user_id, created_at);
CREATE INDEX audit_log_action ON audit_log (action, created_at);

-- Words and phrases moderators keep out of comments; word_key is what
-- look-alikes of a word share.
CREATE TABLE blocked_words (
	id         INTEGER PRIMARY KEY,
	word       TEXT NOT NULL,
	word_key   TEXT NOT NULL UNIQUE,
	action     TEXT NOT NULL,
	user_id    INTEGER REFERENCES users (id),
	created_at TIMESTAMP NOT NULL
);

-- The nonces of comment forms sent, so that a form is taken once.
CREATE TABLE form_nonces (
	nonce      TEXT PRIMARY KEY,
	expires_at TIMESTAMP NOT NULL
);
CREATE INDEX form_nonces_expires_at ON form_nonces (expires_at);

-- A source is posted once, compared by what two addresses of one page
-- share (see burg.SourceKey), which the Go step of this migration fills
-- in. submitted_by credits the reader who sent a link in.
ALTER TABLE posts ADD COLUMN source_key TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN submitted_by TEXT NOT NULL DEFAULT '';
DROP INDEX posts_live_source_url;
CREATE UNIQUE INDEX posts_live_source_key ON posts (source_key) WHERE source_key <> '' AND deleted_at IS NULL;
CREATE INDEX posts_source_key ON posts (source_key);
