package app

import (
	"context"
	"fmt"
	"io"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/sitefile"
)

// SiteExport is what ExportSite wrote.
type SiteExport struct {
	Records int64
	ByType  map[string]int64
}

// ExportSite writes the whole site to w in Burg's export format
// (docs/EXPORT.md), as one consistent snapshot, streaming: the operator
// only. schema is the store's last migration, for the header; secrets
// adds password hashes and the signing secret.
func (a *App) ExportSite(ctx context.Context, x Actor, w io.Writer, schema int, secrets bool) (*SiteExport, error) {
	if !x.Operator {
		return nil, burg.Errorf(burg.EFORBIDDEN, "Only the operator exports the site.")
	}
	sw, err := sitefile.NewWriter(w, sitefile.Header{Schema: schema, Secrets: secrets})
	if err != nil {
		return nil, err
	}
	out := &SiteExport{ByType: map[string]int64{}}
	err = a.store.ExportSite(ctx, burg.ExportOptions{Secrets: secrets}, func(r *burg.SiteRecord) error {
		out.ByType[r.Type]++
		return sw.Write(r)
	})
	if err != nil {
		return nil, err
	}
	if err := sw.Close(); err != nil {
		return nil, err
	}
	out.Records = sw.Records()
	return out, nil
}

// SiteImport is what ImportSite read.
type SiteImport struct {
	Header  sitefile.Header
	Records int64
	ByType  map[string]int64
	// Skipped counts records of types this Burg keeps no place for yet
	// (sitefile.Reserved), by type.
	Skipped map[string]int
}

// ImportSite reads a whole site in Burg's export format from r into an
// empty store, in one transaction: a file that is cut short or damaged
// anywhere leaves the store as it was. The operator only. schema is the
// store's last migration: a file from another schema is refused, as its
// records would not fit. One EventAll is published at the end.
func (a *App) ImportSite(ctx context.Context, x Actor, r io.Reader, schema int) (*SiteImport, error) {
	if !x.Operator {
		return nil, burg.Errorf(burg.EFORBIDDEN, "Only the operator imports a site.")
	}
	sr, h, err := sitefile.NewReader(r)
	if err != nil {
		return nil, err
	}
	if h.Schema != schema {
		return nil, burg.Errorf(burg.EINVALID,
			"The file was exported by a Burg whose database was at migration %d; this one is at %d. Import it with the Burg that wrote it, then upgrade.",
			h.Schema, schema)
	}
	out := &SiteImport{Header: h, ByType: map[string]int64{}}
	err = a.store.ImportSite(ctx, func() (*burg.SiteRecord, error) {
		rec, err := sr.Next()
		if rec != nil {
			out.ByType[rec.Type]++
		}
		return rec, err
	})
	out.Records, out.Skipped = sr.Records(), sr.Skipped
	if err != nil {
		if code := burg.ErrorCode(err); code == burg.EINVALID {
			msg := burg.ErrorMessage(err)
			if !strings.HasPrefix(msg, "line ") {
				msg = fmt.Sprintf("line %d: %s", sr.Line(), msg)
			}
			return out, burg.Errorf(code, "%s Nothing was imported.", msg)
		}
		return out, err
	}
	a.publish(ctx, burg.Event{Kind: burg.EventAll})
	return out, nil
}
