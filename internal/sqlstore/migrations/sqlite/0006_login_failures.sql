-- Failed logins, counted by every instance to throttle guessing.
CREATE TABLE login_failures (
	id       INTEGER PRIMARY KEY,
	nick_key TEXT NOT NULL,
	ip       TEXT NOT NULL,
	at       TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_nick_at ON login_failures (nick_key, at);
CREATE INDEX login_failures_ip_at ON login_failures (ip, at);
CREATE INDEX login_failures_at ON login_failures (at);
