-- The site counter's totals ("N articles and M comments are archived"),
-- kept by a trigger on posts so that reading them costs one row, not a
-- scan of the archive. Comments are counted through the posts' own
-- comment_count, which the comment writes keep; posts and comments of
-- deleted posts are not counted.
CREATE TABLE site_counters (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	posts    BIGINT NOT NULL,
	comments BIGINT NOT NULL
);
INSERT INTO site_counters (id, posts, comments)
	SELECT 1, COUNT(*), COALESCE(SUM(comment_count), 0) FROM posts WHERE deleted_at IS NULL;

CREATE FUNCTION posts_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	dp BIGINT := 0;
	dc BIGINT := 0;
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL THEN
		dp := dp - 1;
		dc := dc - OLD.comment_count;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.deleted_at IS NULL THEN
		dp := dp + 1;
		dc := dc + NEW.comment_count;
	END IF;
	IF dp <> 0 OR dc <> 0 THEN
		UPDATE site_counters SET posts = posts + dp, comments = comments + dc WHERE id = 1;
	END IF;
	RETURN NULL;
END;
$$;

CREATE TRIGGER posts_count AFTER INSERT OR DELETE OR UPDATE OF comment_count, deleted_at ON posts
	FOR EACH ROW EXECUTE FUNCTION posts_count();
