-- Editorial remarks are records of their own, made by moderators through
-- the remark box, instead of markup inside a post's body that any poster
-- could type. Remarks already in bodies are moved here by the migration's
-- Go step, for nicks of moderators and admins.
CREATE TABLE post_remarks (
	id         INTEGER PRIMARY KEY,
	post_id    INTEGER NOT NULL REFERENCES posts (id),
	user_id    INTEGER NOT NULL REFERENCES users (id),
	body       TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX post_remarks_post ON post_remarks (post_id, id);

-- A revision keeps the post's remarks as a JSON array of "Nick: text".
ALTER TABLE post_revisions ADD COLUMN remarks TEXT NOT NULL DEFAULT '[]';
