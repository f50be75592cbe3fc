-- Full-text search of posts and comments (SPEC R-FIND) with tsvector and
-- GIN.
--
-- text is the body as plain text, set by whoever saves a post; older posts
-- start with their markup source. tag_names (one name a line) and tag_keys
-- ("t12 t47") copy the post's tags into its row, so that the post's search
-- vector is computed from the row alone: the store writes them with the
-- post, and the triggers below keep them when tags are attached, detached
-- or renamed any other way. (tag_keys feeds SQLite's index; both dialects
-- have the same columns so that migrate-data copies them.)
ALTER TABLE posts ADD COLUMN text TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN tag_names TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN tag_keys TEXT NOT NULL DEFAULT '';

-- The functions run with the schema they were made in, whatever the
-- caller's search_path.
CREATE FUNCTION burg_tag_names(post BIGINT) RETURNS TEXT
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
	SELECT COALESCE(string_agg(g.name, E'\n' ORDER BY pt.position, pt.tag_id), '')
	FROM post_tags pt JOIN tags g ON g.id = pt.tag_id WHERE pt.post_id = post
$$;

CREATE FUNCTION burg_tag_keys(post BIGINT) RETURNS TEXT
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
	SELECT COALESCE(string_agg('t' || pt.tag_id, ' ' ORDER BY pt.position, pt.tag_id), '')
	FROM post_tags pt WHERE pt.post_id = post
$$;

UPDATE posts SET text = body, tag_names = burg_tag_names(id), tag_keys = burg_tag_keys(id);

-- burg_search is the 'simple' configuration (no stemming and no stop
-- words: the site is multilingual) with accents removed by unaccent, so
-- that medecins finds Médecins and the other way round. unaccent is a
-- trusted extension (PostgreSQL 13 and later): the owner of the database
-- may create it. It goes into public, not the schema being migrated, as
-- an extension lives once per database and dropping a schema would drop
-- it for every other. Where it cannot be had, burg_search folds case only
-- and says so in a notice. The lock keeps two schemas migrating at once
-- from racing to create the extension.
DO $$
DECLARE
	ext_schema TEXT;
BEGIN
	PERFORM pg_advisory_xact_lock(727275);
	IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
		BEGIN
			CREATE EXTENSION unaccent SCHEMA public;
		EXCEPTION WHEN OTHERS THEN
			RAISE NOTICE 'burg: unaccent is not available (%): search folds case but not accents', SQLERRM;
		END;
	END IF;
	SELECT n.nspname INTO ext_schema
	FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent';
	CREATE TEXT SEARCH CONFIGURATION burg_search (COPY = pg_catalog.simple);
	IF ext_schema IS NOT NULL THEN
		EXECUTE format('ALTER TEXT SEARCH CONFIGURATION burg_search
			ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart
			WITH %I.unaccent, pg_catalog.simple', ext_schema);
	END IF;
END
$$;

-- Weights: the title A, the source tag and tag names B, the text C.
-- Generated columns are kept by PostgreSQL in the statement that writes
-- the row, and recomputed only when a column they read changes. The
-- vector is kept in the row (STORAGE MAIN; the texts go out of it first)
-- so that checking and ranking a match does not fetch it from TOAST,
-- which made searches several times slower. Set in the same statement,
-- the storage holds for the rows it rewrites.
ALTER TABLE posts ADD COLUMN search tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('burg_search'::regconfig, title), 'A') ||
	setweight(to_tsvector('burg_search'::regconfig, source_tag || ' ' || tag_names), 'B') ||
	setweight(to_tsvector('burg_search'::regconfig, text), 'C')) STORED,
	ALTER COLUMN search SET STORAGE MAIN;
CREATE INDEX posts_search ON posts USING GIN (search) WHERE deleted_at IS NULL;

ALTER TABLE comments ADD COLUMN search tsvector
	GENERATED ALWAYS AS (to_tsvector('burg_search'::regconfig, body)) STORED,
	ALTER COLUMN search SET STORAGE MAIN;
CREATE INDEX comments_search ON comments USING GIN (search) WHERE deleted_at IS NULL;

-- A tag attached to a post whose row lists it already (the store writes
-- the list with the post) changes nothing; any other change of a post's
-- tags rewrites its list.
CREATE FUNCTION burg_post_tags_inserted() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	UPDATE posts p SET tag_names = burg_tag_names(p.id), tag_keys = burg_tag_keys(p.id)
	WHERE p.id IN (SELECT n.post_id FROM new_rows n JOIN posts q ON q.id = n.post_id
		WHERE position(' t' || n.tag_id || ' ' IN ' ' || q.tag_keys || ' ') = 0);
	RETURN NULL;
END
$$;
CREATE TRIGGER post_tags_search_insert AFTER INSERT ON post_tags
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION burg_post_tags_inserted();

CREATE FUNCTION burg_post_tags_deleted() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	UPDATE posts p SET tag_names = burg_tag_names(p.id), tag_keys = burg_tag_keys(p.id)
	WHERE p.id IN (SELECT DISTINCT post_id FROM old_rows) AND p.tag_keys IS DISTINCT FROM burg_tag_keys(p.id);
	RETURN NULL;
END
$$;
CREATE TRIGGER post_tags_search_delete AFTER DELETE ON post_tags
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION burg_post_tags_deleted();

-- Moving a post's tag to another (merging tags) or reordering them
-- rewrites its list too; a post_tags row never changes its post.
CREATE TRIGGER post_tags_search_update AFTER UPDATE ON post_tags
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION burg_post_tags_deleted();

CREATE FUNCTION burg_tag_renamed() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	UPDATE posts p SET tag_names = burg_tag_names(p.id)
	WHERE p.id IN (SELECT post_id FROM post_tags WHERE tag_id = NEW.id);
	RETURN NULL;
END
$$;
CREATE TRIGGER tags_search_rename AFTER UPDATE OF name ON tags
	FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION burg_tag_renamed();
