// Burg: small scripts that enhance pages that already work without them.
