-- The house voice. Tags become the entries of the names database: each
-- gets a kind, an epithet, aliases and a photo; file_under is false for
-- entries that only decorate mentions; retired entries keep their posts
-- but are not matched or offered. Every tag so far is a "File under"
-- topic.
ALTER TABLE tags ADD COLUMN kind TEXT NOT NULL DEFAULT 'topic';
ALTER TABLE tags ADD COLUMN epithet TEXT NOT NULL DEFAULT '';
ALTER TABLE tags ADD COLUMN image TEXT NOT NULL DEFAULT '';
ALTER TABLE tags ADD COLUMN file_under BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE tags ADD COLUMN retired_at TIMESTAMP;

-- An entry's other names, in the order they were given.
CREATE TABLE tag_aliases (
	tag_id   INTEGER NOT NULL REFERENCES tags (id),
	position INTEGER NOT NULL,
	alias    TEXT NOT NULL,
	PRIMARY KEY (tag_id, position)
);

-- Word swaps: journalese and the house's words for it. term_key is the
-- term lower-cased with its spaces collapsed, so that a term is kept once;
-- variants is a JSON array of strings.
CREATE TABLE swaps (
	id         INTEGER PRIMARY KEY,
	term       TEXT NOT NULL,
	term_key   TEXT NOT NULL UNIQUE,
	variants   TEXT NOT NULL DEFAULT '[]',
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
