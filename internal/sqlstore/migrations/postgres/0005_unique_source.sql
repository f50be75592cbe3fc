-- A source is posted once: two live posts may not share a source URL, even
-- when two posters submit it at the same moment.
CREATE UNIQUE INDEX posts_live_source_url ON posts (source_url) WHERE source_url <> '' AND deleted_at IS NULL;
