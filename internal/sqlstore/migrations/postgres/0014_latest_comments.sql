-- The newest live comments, which every page's Latest Comments box
-- reads: a state's comments by id, walked from the newest down, so that
-- taking twenty reads twenty rows however many comments the archive
-- holds. comments_state orders a state's comments by time, not id, and
-- left the box sorting every live comment of twenty years.
CREATE INDEX comments_state_id ON comments (state, id);
