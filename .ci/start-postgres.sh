#!/usr/bin/env bash
# Starts a local PostgreSQL for Burg's store tests and prints the variables
# that point the tests at it:
#
#	eval "$(bash .ci/start-postgres.sh)"
#	go test ./internal/sqlstore/...
#
# It installs PostgreSQL (Debian/Ubuntu packages) when missing, creates a
# cluster when there is none, starts it, waits until it accepts
# connections, and creates the test role and database when missing. Running
# it again changes nothing. Progress goes to stderr; only the export lines
# go to stdout.
#
# Settings (environment): BURG_PG_USER (burg), BURG_PG_PASSWORD (burg),
# BURG_PG_DB (burg_test), BURG_PG_WAIT seconds to wait for the server (60).
set -euo pipefail

user=${BURG_PG_USER:-burg}
password=${BURG_PG_PASSWORD:-burg}
db=${BURG_PG_DB:-burg_test}
wait_secs=${BURG_PG_WAIT:-60}

log() { printf 'start-postgres: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

for v in "$user" "$db"; do
	[[ $v =~ ^[a-z_][a-z0-9_]*$ ]] || die "name $v must be lower-case letters, digits and underscores"
done
[[ $password =~ ^[A-Za-z0-9_.-]+$ ]] || die "password must be letters, digits, _ . or -"
[[ $wait_secs =~ ^[0-9]+$ ]] || die "BURG_PG_WAIT must be a number of seconds"

# as_root and as_postgres run a command with the rights it needs, whether
# the script runs as root or as a user with sudo.
as_root() {
	if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}
as_postgres() {
	if [[ $EUID -eq 0 ]]; then
		runuser -u postgres -- "$@"
	else
		sudo -u postgres "$@"
	fi
}
cd /tmp # psql as postgres warns when it cannot read the current directory

server_installed() {
	command -v pg_lsclusters >/dev/null 2>&1 && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

if server_installed; then
	log "postgresql is installed"
else
	log "installing postgresql"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
	server_installed || die "postgresql did not install"
fi

# The first cluster pg_lsclusters lists: version, name, port, status.
read_cluster() {
	pg_lsclusters -h 2>/dev/null | awk 'NR == 1 { print $1, $2, $3, $4 }'
}

cluster=$(read_cluster)
if [[ -z $cluster ]]; then
	version=
	for bin in /usr/lib/postgresql/*/bin/postgres; do
		v=${bin#/usr/lib/postgresql/}
		v=${v%%/*}
		if [[ -z $version ]] || ((v > version)); then version=$v; fi
	done
	log "creating cluster $version/main"
	as_root pg_createcluster "$version" main >&2
	cluster=$(read_cluster)
	[[ -n $cluster ]] || die "no cluster after pg_createcluster"
fi
read -r version name port status <<<"$cluster"

if [[ $status == online* ]]; then
	log "cluster $version/$name is online on port $port"
else
	log "starting cluster $version/$name on port $port"
	as_root pg_ctlcluster "$version" "$name" start >&2
fi

log "waiting for connections on 127.0.0.1:$port"
for ((i = 0; ; i++)); do
	if pg_isready -q -h 127.0.0.1 -p "$port"; then
		break
	fi
	if ((i >= wait_secs)); then
		die "postgresql is not ready after ${wait_secs}s; see /var/log/postgresql/postgresql-$version-$name.log"
	fi
	sleep 1
done

psql_admin() {
	as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@"
}

if [[ $(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$user'") == 1 ]]; then
	log "role $user exists"
else
	log "creating role $user"
	psql_admin -c "CREATE ROLE \"$user\" LOGIN PASSWORD '$password'"
fi

if [[ $(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'") == 1 ]]; then
	log "database $db exists"
else
	log "creating database $db"
	psql_admin -c "CREATE DATABASE \"$db\" OWNER \"$user\""
fi

url="postgres://$user:$password@127.0.0.1:$port/$db?sslmode=disable"
if ! PGPASSWORD=$password psql -X -q -h 127.0.0.1 -p "$port" -U "$user" -d "$db" -tAc 'SELECT 1' >/dev/null; then
	die "cannot connect as $user to $db; check the password of role $user and pg_hba.conf"
fi
log "ready: $url"
printf "export BURG_TEST_DATABASE_URL='%s'\n" "$url"
