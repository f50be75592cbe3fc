package burg

import "context"

// SettingStore keeps site-wide values, such as the secret that signs
// cookies, shared by every instance.
type SettingStore interface {
	// Setting returns the value of key, creating it with def() when
	// absent; two instances racing get the same value.
	Setting(ctx context.Context, key string, def func() (string, error)) (string, error)
	// SetSetting stores the value of key, replacing any it had.
	SetSetting(ctx context.Context, key, value string) error
}
