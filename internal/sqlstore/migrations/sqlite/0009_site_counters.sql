-- The site counter's totals ("N articles and M comments are archived"),
-- kept by triggers on posts so that reading them costs one row, not a
-- scan of the archive. Comments are counted through the posts' own
-- comment_count, which the comment writes keep; posts and comments of
-- deleted posts are not counted.
CREATE TABLE site_counters (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	posts    INTEGER NOT NULL,
	comments INTEGER NOT NULL
);
INSERT INTO site_counters (id, posts, comments)
	SELECT 1, COUNT(*), COALESCE(SUM(comment_count), 0) FROM posts WHERE deleted_at IS NULL;

CREATE TRIGGER posts_count_insert AFTER INSERT ON posts WHEN NEW.deleted_at IS NULL
BEGIN
	UPDATE site_counters SET posts = posts + 1, comments = comments + NEW.comment_count WHERE id = 1;
END;

CREATE TRIGGER posts_count_delete AFTER DELETE ON posts WHEN OLD.deleted_at IS NULL
BEGIN
	UPDATE site_counters SET posts = posts - 1, comments = comments - OLD.comment_count WHERE id = 1;
END;

CREATE TRIGGER posts_count_update AFTER UPDATE OF comment_count, deleted_at ON posts
BEGIN
	UPDATE site_counters SET
		posts = posts + (NEW.deleted_at IS NULL) - (OLD.deleted_at IS NULL),
		comments = comments
			+ CASE WHEN NEW.deleted_at IS NULL THEN NEW.comment_count ELSE 0 END
			- CASE WHEN OLD.deleted_at IS NULL THEN OLD.comment_count ELSE 0 END
	WHERE id = 1;
END;
