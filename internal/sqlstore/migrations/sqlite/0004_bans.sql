-- Bans of commenters, and the index behind per-address rate limits.
-- match_key is what a check compares: the canonical form of a nick, the
-- visitor id, the address or the network.
CREATE TABLE bans (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,
	value      TEXT NOT NULL,
	match_key  TEXT NOT NULL,
	reason     TEXT NOT NULL DEFAULT '',
	user_id    INTEGER REFERENCES users (id),
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP
);
CREATE INDEX bans_kind_key ON bans (kind, match_key);

CREATE INDEX comments_ip ON comments (ip, created_at);
