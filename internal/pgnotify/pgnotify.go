// Package pgnotify carries short messages between the instances of Burg
// that serve one PostgreSQL database, through LISTEN and NOTIFY: a
// Notifier sends, a Listener on a connection of its own receives, and
// reconnects with backoff when the connection breaks.
//
// Messages go to a channel named for the database schema the URL selects
// (its search_path), so that sites kept in different schemas of one
// database do not hear each other. A notification is delivered to every
// listener of the channel, the sender's own included, and is lost for a
// listener that is not connected when it is sent: a Listener therefore
// says when it has connected again, so that its owner can assume it missed
// something.
package pgnotify

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the Notifier's pool
)

// MaxPayload is the longest payload PostgreSQL carries (8000 bytes less
// room for the channel name).
const MaxPayload = 7900

// channelFor names the channel of a schema. A hash keeps the name a valid,
// short identifier whatever the schema is called.
func channelFor(schema string) string {
	sum := sha256.Sum256([]byte(schema))
	return "burg_events_" + hex.EncodeToString(sum[:8])
}

// currentChannel asks the server which schema the connection works in
// and returns the channel of that schema.
func currentChannel(ctx context.Context, q interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}) (string, error) {
	var schema *string
	if err := q.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return "", fmt.Errorf("current schema: %w", err)
	}
	if schema == nil {
		return channelFor(""), nil
	}
	return channelFor(*schema), nil
}

// Notifier sends messages to the Listeners of its database and schema. It
// is safe for concurrent use.
type Notifier struct {
	db      *sql.DB
	channel string
}

// NewNotifier returns a notifier for the PostgreSQL database at dsn. It
// connects once to learn the schema, then keeps a small pool that
// reconnects by itself.
func NewNotifier(ctx context.Context, dsn string) (*Notifier, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("notifier: %w", err)
	}
	channel, err := currentChannel(ctx, conn)
	conn.Close(context.WithoutCancel(ctx))
	if err != nil {
		return nil, fmt.Errorf("notifier: %w", err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("notifier: %w", err)
	}
	db.SetMaxOpenConns(2)
	db.SetMaxIdleConns(2)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return &Notifier{db: db, channel: channel}, nil
}

// Notify sends payload to every listener, this process's included.
func (n *Notifier) Notify(ctx context.Context, payload string) error {
	if len(payload) > MaxPayload {
		return fmt.Errorf("notify: payload of %d bytes is too long", len(payload))
	}
	if _, err := n.db.ExecContext(ctx, "SELECT pg_notify($1, $2)", n.channel, payload); err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	return nil
}

// Close closes the notifier's connections.
func (n *Notifier) Close() error { return n.db.Close() }

// ListenerOptions tune a Listener. The zero value is ready to use.
type ListenerOptions struct {
	// Logger reports lost and regained connections; none when nil.
	Logger *slog.Logger
	// Reconnected is called after the connection was lost and is back,
	// before any notification that follows: whatever was sent in between
	// is lost.
	Reconnected func()
	// MinBackoff and MaxBackoff bound the wait between attempts to
	// reconnect: it starts at MinBackoff (100ms) and doubles up to
	// MaxBackoff (10s).
	MinBackoff, MaxBackoff time.Duration
	// Ping is how long the connection may stay silent before it is
	// checked (1 minute), so that a connection a firewall dropped is
	// found out.
	Ping time.Duration
}

// Listener receives the messages of its database and schema on a
// connection of its own.
type Listener struct {
	dsn    string
	handle func(payload string)
	opt    ListenerOptions

	conn    *pgx.Conn
	channel string
}

// NewListener returns a listener that calls handle with each payload, one
// at a time, in the order they were sent.
func NewListener(dsn string, handle func(payload string), opt ListenerOptions) *Listener {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = 100 * time.Millisecond
	}
	if opt.MaxBackoff < opt.MinBackoff {
		opt.MaxBackoff = max(10*time.Second, opt.MinBackoff)
	}
	if opt.Ping <= 0 {
		opt.Ping = time.Minute
	}
	return &Listener{dsn: dsn, handle: handle, opt: opt}
}

// Connect connects and starts listening. Calling it before Run makes sure
// that nothing sent after it returns is missed; Run connects by itself
// otherwise.
func (l *Listener) Connect(ctx context.Context) error {
	if l.conn != nil {
		return nil
	}
	conn, err := pgx.Connect(ctx, l.dsn)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	channel, err := currentChannel(ctx, conn)
	if err == nil {
		_, err = conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize())
	}
	if err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return fmt.Errorf("listen: %w", err)
	}
	l.conn, l.channel = conn, channel
	return nil
}

// Run hands each notification to handle until ctx ends, reconnecting
// whenever the connection breaks. It closes the connection as it returns.
func (l *Listener) Run(ctx context.Context) {
	defer l.close()
	backoff := l.opt.MinBackoff
	lost := false
	for ctx.Err() == nil {
		if l.conn == nil {
			if err := l.Connect(ctx); err != nil {
				if ctx.Err() != nil {
					return
				}
				if !lost {
					l.opt.Logger.Error("listen for events", "err", err)
				}
				lost = true
				wait := backoff/2 + rand.N(backoff/2+1)
				backoff = min(2*backoff, l.opt.MaxBackoff)
				select {
				case <-ctx.Done():
					return
				case <-time.After(wait):
				}
				continue
			}
			backoff = l.opt.MinBackoff
			if lost {
				lost = false
				l.opt.Logger.Info("listening for events again")
				if l.opt.Reconnected != nil {
					l.opt.Reconnected()
				}
			}
		}
		if err := l.wait(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			l.opt.Logger.Error("listen for events", "err", err)
			lost = true
			l.close()
		}
	}
}

// wait receives notifications until the connection has been silent for
// opt.Ping, then checks that it is alive.
func (l *Listener) wait(ctx context.Context) error {
	wctx, cancel := context.WithTimeout(ctx, l.opt.Ping)
	n, err := l.conn.WaitForNotification(wctx)
	cancel()
	switch {
	case err == nil:
		if n.Channel == l.channel {
			l.handle(n.Payload)
		}
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, context.DeadlineExceeded) || wctx.Err() != nil:
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := l.conn.Ping(pctx); err != nil {
			return fmt.Errorf("ping: %w", err)
		}
		return nil
	default:
		return err
	}
}

func (l *Listener) close() {
	if l.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		l.conn.Close(ctx)
		cancel()
		l.conn = nil
	}
}
