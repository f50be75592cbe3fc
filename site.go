package burg

import "context"

// SiteRecord is one record of a whole site as the store exports it: its
// type ("post", "comment"…, see docs/EXPORT.md) and its fields in a fixed
// order. Values are int64, string, bool, time.Time (UTC), []byte or nil.
type SiteRecord struct {
	Type   string
	Fields []SiteField
}

// SiteField is a field of a SiteRecord.
type SiteField struct {
	Name  string
	Value any
}

// Get returns the value of the named field, or nil.
func (r *SiteRecord) Get(name string) any {
	for _, f := range r.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return nil
}

// ExportOptions tune ExportSite.
type ExportOptions struct {
	// Secrets includes password hashes and the site's signing secret.
	Secrets bool
}

// SiteStore moves a whole site in and out: every record, ids and all.
type SiteStore interface {
	// ExportSite calls emit with every record of the site in one
	// consistent snapshot, in the order an import needs (what is referred
	// to before what refers to it), each type's records in the order of
	// their keys. Sessions and failed logins are not exported; password
	// hashes and the signing secret only with opt.Secrets.
	ExportSite(ctx context.Context, opt ExportOptions, emit func(*SiteRecord) error) error
	// ImportSite stores the records next returns, until it returns
	// (nil, nil), in one transaction, into a store that holds no site
	// yet (ECONFLICT otherwise). A record of an unknown type or with an
	// unknown field is EINVALID; next's error ends the import with
	// nothing stored.
	ImportSite(ctx context.Context, next func() (*SiteRecord, error)) error
	// SiteRecordTypes lists the record types in export order with their
	// fields, for checking files and documents against.
	SiteRecordTypes() []SiteRecordType
}

// SiteRecordType is one type of SiteRecord and its fields.
type SiteRecordType struct {
	Type   string
	Fields []string
}
