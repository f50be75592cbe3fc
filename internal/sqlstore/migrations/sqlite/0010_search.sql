-- Full-text search of posts and comments (SPEC R-FIND) with FTS5.
--
-- text is the body as plain text, set by whoever saves a post; older posts
-- start with their markup source. tag_names (one name a line) and tag_keys
-- ("t12 t47") copy the post's tags into its row, so that the index is fed
-- from the row alone: the store writes them with the post, and the
-- triggers below keep them when tags are attached, detached or renamed
-- any other way. Both dialects have them, so that migrate-data copies
-- them like any column.
ALTER TABLE posts ADD COLUMN text TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN tag_names TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN tag_keys TEXT NOT NULL DEFAULT '';

UPDATE posts SET text = body,
	tag_names = COALESCE((SELECT group_concat(g.name, char(10) ORDER BY pt.position, pt.tag_id)
		FROM post_tags pt JOIN tags g ON g.id = pt.tag_id WHERE pt.post_id = posts.id), ''),
	tag_keys = COALESCE((SELECT group_concat('t' || pt.tag_id, ' ' ORDER BY pt.position, pt.tag_id)
		FROM post_tags pt WHERE pt.post_id = posts.id), '');

-- The index holds live posts only, read through this view (an external
-- content table), so nothing is stored twice and snippets come from the
-- posts themselves. facets holds the post's section (s7), poster (p3),
-- year (y2024), month (m202403) and tags (t12) as words of their own, so
-- that filters narrow the match inside the index; the store never lets a
-- reader's words reach that column. The same expression is written in
-- the triggers, which must give the index the exact values it holds.
CREATE VIEW search_posts AS
	SELECT id, title, source_tag, tag_names, text,
		's' || section_id || ' p' || poster_id || ' y' || substr(posted_at, 1, 4) ||
		' m' || substr(posted_at, 1, 4) || substr(posted_at, 6, 2) || ' ' || tag_keys AS facets
	FROM posts WHERE deleted_at IS NULL;

CREATE VIRTUAL TABLE post_fts USING fts5(title, source_tag, tag_names, text, facets,
	content = 'search_posts', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2');
-- bm25 weights: a match in the title counts ten times one in the text.
INSERT INTO post_fts (post_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 1.0, 0.0)');
INSERT INTO post_fts (post_fts) VALUES ('rebuild');

CREATE TRIGGER posts_search_insert AFTER INSERT ON posts WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO post_fts (rowid, title, source_tag, tag_names, text, facets)
	VALUES (new.id, new.title, new.source_tag, new.tag_names, new.text,
		's' || new.section_id || ' p' || new.poster_id || ' y' || substr(new.posted_at, 1, 4) ||
		' m' || substr(new.posted_at, 1, 4) || substr(new.posted_at, 6, 2) || ' ' || new.tag_keys);
END;

-- Counters (views, comments) change posts all the time; only a change to
-- what is indexed, or to whether the post is live, touches the index.
CREATE TRIGGER posts_search_update AFTER UPDATE OF title, source_tag, tag_names, tag_keys, text,
	section_id, poster_id, posted_at, deleted_at ON posts
WHEN old.title IS NOT new.title OR old.source_tag IS NOT new.source_tag
	OR old.tag_names IS NOT new.tag_names OR old.tag_keys IS NOT new.tag_keys OR old.text IS NOT new.text
	OR old.section_id IS NOT new.section_id OR old.poster_id IS NOT new.poster_id
	OR substr(old.posted_at, 1, 7) IS NOT substr(new.posted_at, 1, 7)
	OR (old.deleted_at IS NULL) IS NOT (new.deleted_at IS NULL)
BEGIN
	INSERT INTO post_fts (post_fts, rowid, title, source_tag, tag_names, text, facets)
	SELECT 'delete', old.id, old.title, old.source_tag, old.tag_names, old.text,
		's' || old.section_id || ' p' || old.poster_id || ' y' || substr(old.posted_at, 1, 4) ||
		' m' || substr(old.posted_at, 1, 4) || substr(old.posted_at, 6, 2) || ' ' || old.tag_keys
	WHERE old.deleted_at IS NULL;
	INSERT INTO post_fts (rowid, title, source_tag, tag_names, text, facets)
	SELECT new.id, new.title, new.source_tag, new.tag_names, new.text,
		's' || new.section_id || ' p' || new.poster_id || ' y' || substr(new.posted_at, 1, 4) ||
		' m' || substr(new.posted_at, 1, 4) || substr(new.posted_at, 6, 2) || ' ' || new.tag_keys
	WHERE new.deleted_at IS NULL;
END;

CREATE TRIGGER posts_search_delete AFTER DELETE ON posts WHEN old.deleted_at IS NULL BEGIN
	INSERT INTO post_fts (post_fts, rowid, title, source_tag, tag_names, text, facets)
	VALUES ('delete', old.id, old.title, old.source_tag, old.tag_names, old.text,
		's' || old.section_id || ' p' || old.poster_id || ' y' || substr(old.posted_at, 1, 4) ||
		' m' || substr(old.posted_at, 1, 4) || substr(old.posted_at, 6, 2) || ' ' || old.tag_keys);
END;

-- A tag attached to a post whose row lists it already (the store writes
-- the list with the post) changes nothing; any other change of a post's
-- tags rewrites its list.
CREATE TRIGGER post_tags_search_insert AFTER INSERT ON post_tags
WHEN instr(' ' || (SELECT tag_keys FROM posts WHERE id = new.post_id) || ' ', ' t' || new.tag_id || ' ') = 0
BEGIN
	UPDATE posts SET
		tag_names = COALESCE((SELECT group_concat(g.name, char(10) ORDER BY pt.position, pt.tag_id)
			FROM post_tags pt JOIN tags g ON g.id = pt.tag_id WHERE pt.post_id = new.post_id), ''),
		tag_keys = COALESCE((SELECT group_concat('t' || pt.tag_id, ' ' ORDER BY pt.position, pt.tag_id)
			FROM post_tags pt WHERE pt.post_id = new.post_id), '')
	WHERE id = new.post_id;
END;

CREATE TRIGGER post_tags_search_delete AFTER DELETE ON post_tags BEGIN
	UPDATE posts SET
		tag_names = COALESCE((SELECT group_concat(g.name, char(10) ORDER BY pt.position, pt.tag_id)
			FROM post_tags pt JOIN tags g ON g.id = pt.tag_id WHERE pt.post_id = old.post_id), ''),
		tag_keys = COALESCE((SELECT group_concat('t' || pt.tag_id, ' ' ORDER BY pt.position, pt.tag_id)
			FROM post_tags pt WHERE pt.post_id = old.post_id), '')
	WHERE id = old.post_id;
END;

-- Moving a post's tag to another (merging tags) or reordering them
-- rewrites its list too.
CREATE TRIGGER post_tags_search_update AFTER UPDATE OF tag_id, position ON post_tags BEGIN
	UPDATE posts SET
		tag_names = COALESCE((SELECT group_concat(g.name, char(10) ORDER BY pt.position, pt.tag_id)
			FROM post_tags pt JOIN tags g ON g.id = pt.tag_id WHERE pt.post_id = new.post_id), ''),
		tag_keys = COALESCE((SELECT group_concat('t' || pt.tag_id, ' ' ORDER BY pt.position, pt.tag_id)
			FROM post_tags pt WHERE pt.post_id = new.post_id), '')
	WHERE id = new.post_id;
END;

CREATE TRIGGER tags_search_rename AFTER UPDATE OF name ON tags WHEN old.name IS NOT new.name BEGIN
	UPDATE posts SET
		tag_names = COALESCE((SELECT group_concat(g.name, char(10) ORDER BY pt.position, pt.tag_id)
			FROM post_tags pt JOIN tags g ON g.id = pt.tag_id WHERE pt.post_id = posts.id), '')
	WHERE id IN (SELECT post_id FROM post_tags WHERE tag_id = new.id);
END;

-- Dates of live posts by id, small enough to stay in memory: the search
-- reads a match's posting time here rather than from its row.
CREATE INDEX posts_live_posted_at ON posts (id, posted_at) WHERE deleted_at IS NULL;

-- Live comments, indexed as they are stored (markup and all).
CREATE VIEW search_comments AS SELECT id, body FROM comments WHERE deleted_at IS NULL;

CREATE VIRTUAL TABLE comment_fts USING fts5(body,
	content = 'search_comments', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO comment_fts (comment_fts) VALUES ('rebuild');

CREATE TRIGGER comments_search_insert AFTER INSERT ON comments WHEN new.deleted_at IS NULL BEGIN
	INSERT INTO comment_fts (rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER comments_search_update AFTER UPDATE OF body, deleted_at ON comments
WHEN old.body IS NOT new.body OR (old.deleted_at IS NULL) IS NOT (new.deleted_at IS NULL)
BEGIN
	INSERT INTO comment_fts (comment_fts, rowid, body) SELECT 'delete', old.id, old.body WHERE old.deleted_at IS NULL;
	INSERT INTO comment_fts (rowid, body) SELECT new.id, new.body WHERE new.deleted_at IS NULL;
END;

CREATE TRIGGER comments_search_delete AFTER DELETE ON comments WHEN old.deleted_at IS NULL BEGIN
	INSERT INTO comment_fts (comment_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
