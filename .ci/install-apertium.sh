#!/bin/sh
# Installs Apertium and the Spanish–English pair that Burg's translate
# tests use (internal/translate). Safe to run again: it does nothing when
# both are already there. Debian/Ubuntu only; needs root or sudo.
set -eu

MODES_DIR=${APERTIUM_MODES_DIR:-/usr/share/apertium/modes}
PACKAGES="apertium apertium-eng-spa"

if command -v apertium >/dev/null 2>&1 && [ -f "$MODES_DIR/spa-eng.mode" ] && [ -f "$MODES_DIR/eng-spa.mode" ]; then
	echo "apertium and the spa-eng pair are already installed"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086 # PACKAGES is a word list
$SUDO apt-get install -y -q --no-install-recommends $PACKAGES

command -v apertium >/dev/null 2>&1 || { echo "apertium did not install" >&2; exit 1; }
[ -f "$MODES_DIR/spa-eng.mode" ] || { echo "the spa-eng pair did not install" >&2; exit 1; }
echo "installed: $(apertium -l | tr -s ' \n' ' ')"
