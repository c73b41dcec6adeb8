#!/bin/sh
# tests/pg.sh start|restart|stop DIR - a throwaway PostgreSQL server for
# the tests, from Debian's packages (tests/deps.sh pg).
#
#   sh tests/pg.sh start DIR     a new cluster in DIR/data (initdb), started
#                                and listening only on a Unix socket in DIR
#                                (no TCP); once it accepts connections,
#                                prints one line: DIR, the socket directory
#                                (absolute).  Its log: DIR/log.
#   sh tests/pg.sh restart DIR   stop it and start it again: the same data,
#                                the same socket (prints DIR)
#   sh tests/pg.sh stop DIR      stop it (pg_ctl stop -m fast), remove DIR
#                                (only a DIR that start made; kept, its
#                                server stopped, when TW_KEEP is set: start
#                                starts it again)
#   sh tests/pg.sh bindir        where initdb, pg_ctl and postgres are
#
# The superuser role is "tw" and the port 5432, on a socket of the
# server's own, so servers in different DIRs coexist:
#	psql -h DIR -U tw postgres
#	TW_STORE='postgresql:///DBNAME?host=DIR&user=tw'
# Local connections are trusted; with TW_PG_PASSWORD=SECRET in the
# environment at start, they need tw's password, SECRET (scram-sha-256).
# The password never goes on a command line.
#
# PostgreSQL refuses to run as root.  Run as root (as CI does), this
# script creates the system user twtest when it is absent (no home, no
# shell) and runs initdb, pg_ctl and so the server as twtest; DIR is made
# twtest's, mode 0755 (the cluster in DIR/data is 0700).  twtest must be
# able to search every directory above DIR: a "mktemp -d" of root's is
# mode 0700, so use that directory itself as DIR (its parent, /tmp, is
# searchable), or chmod 0711 it first and use a directory inside it (as
# tests/lib.sh's pg_start does with $T/pg).  Not root, the server runs as
# you.
#
# DIR's absolute path: only letters, digits and / . _ + - (it goes into
# URIs and postgresql.conf as it is), and short enough for a socket
# (DIR/.s.PGSQL.5432 in 107 bytes).
#
# Tuned for tests, not speed at any price: the server's fsync stays on
# (only initdb skips syncing, --no-sync: a crash throws the cluster away
# anyway); shared_buffers 16MB, max_connections 100, no parallel query
# workers (small /dev/shm in containers); C locale, UTF8, UTC.
# TW_PG_BINDIR overrides where the server's programs are found.
set -u
osuser=twtest
me=${0##*/}

die() { echo "tw $me: $*" >&2; exit 1; }

# bindir: the newest /usr/lib/postgresql/*/bin (Debian), or initdb's
# directory on PATH, with all of initdb, pg_ctl and postgres.
bindir() {
	for d in ${TW_PG_BINDIR:-} \
	    $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5nr) \
	    "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")"; do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] &&
		    { echo "$d"; return 0; }
	done
	return 1
}

root=0
[ "$(id -u)" = 0 ] && root=1

# as USER CMD...: run CMD as USER (setpriv: no PAM session, no login);
# not root, as ourselves.
as() {
	_u=$1; shift
	if [ "$root" = 1 ]; then
		setpriv --reuid="$_u" --regid="$(id -g "$_u")" --clear-groups -- "$@"
	else
		"$@"
	fi
}

# ensure_user: the system user twtest exists (two tests may race to
# create it: the loser sees it made).
ensure_user() {
	_i=0
	while ! id -u "$osuser" >/dev/null 2>&1; do
		command -v useradd >/dev/null 2>&1 ||
		    die "no useradd to create the user $osuser (Debian's passwd)"
		_err=$(useradd --system --user-group --no-create-home \
		    --home-dir /nonexistent --shell /usr/sbin/nologin "$osuser" 2>&1) &&
		    break
		_i=$((_i + 1))
		[ $_i -lt 50 ] || die "could not create the user $osuser: $_err"
		sleep 0.1
	done
}

# searchable USER DIR: USER can reach DIR; if not, names the first
# directory on the way that USER cannot search.
searchable() {
	as "$1" test -x "$2" && return 0
	_p=
	_ifs=$IFS; IFS=/; set -f
	for _c in $2; do
		[ -n "$_c" ] || continue
		_p=$_p/$_c
		if ! as "$1" test -x "$_p"; then
			echo "$_p ($(stat -c '%U:%G %a' "$_p"))"
			break
		fi
	done
	IFS=$_ifs; set +f
	return 1
}

# owner: the user the cluster in $dir runs as.
owner() {
	if [ "$root" = 1 ]; then stat -c %U "$dir/data"; else id -un; fi
}

logtail() { tail -n 20 "$dir/log" 2>/dev/null | sed 's/^/  log: /' >&2; }

# running: the cluster's postmaster is alive.
running() {
	[ -f "$dir/data/postmaster.pid" ] &&
	    as "$(owner)" "$bin/pg_ctl" status -D "$dir/data" >/dev/null 2>&1
}

server_start() {
	_err=$(as "$(owner)" "$bin/pg_ctl" start -D "$dir/data" -l "$dir/log" \
	    -w -t 120 -s 2>&1 >/dev/null) ||
	    { echo "$_err" >&2; logtail; die "the server did not start (log: $dir/log)"; }
	# pg_ctl -w has seen it ready; check it answers on its socket.
	_i=0
	until "$bin/pg_isready" -q -h "$dir" -p 5432 -U tw -d postgres; do
		_i=$((_i + 1))
		[ $_i -lt 300 ] || { logtail; die "the server does not accept connections"; }
		sleep 0.1
	done
	echo "$dir"
}

server_stop() {
	running || return 0
	_o=$(owner)
	as "$_o" "$bin/pg_ctl" stop -D "$dir/data" -m fast -w -t 60 -s >/dev/null 2>&1 ||
	    as "$_o" "$bin/pg_ctl" stop -D "$dir/data" -m immediate -w -t 30 -s >/dev/null 2>&1
	! running || { logtail; die "could not stop the server in $dir (kept)"; }
}

cmd=${1:-}
case $cmd in
bindir)	bindir; exit ;;
start|restart|stop) [ $# -eq 2 ] || die "usage: $me start|restart|stop DIR" ;;
*)	die "usage: $me start|restart|stop DIR, or $me bindir" ;;
esac
bin=$(bindir) || die "no PostgreSQL server (initdb, pg_ctl, postgres): as root, sh tests/deps.sh pg installs it"
cd / || exit 1		# as twtest, our working directory may be out of reach

dir=$2
if [ "$cmd" = stop ]; then
	[ -e "$dir" ] || exit 0
	dir=$(cd "$dir" && pwd -P) || exit 1
	# only what start made (its mark)
	[ -f "$dir/.tw-pg" ] || die "$dir was not made by $me start: not removed"
	server_stop
	[ -n "${TW_KEEP:-}" ] || rm -rf "$dir"
	exit 0
fi

if [ "$cmd" = restart ]; then
	[ -f "$dir/data/PG_VERSION" ] || die "no cluster in $dir"
	dir=$(cd "$dir" && pwd -P) || exit 1
	server_stop
	server_start
	exit 0
fi

# start
mkdir -p "$dir" 2>/dev/null; dir=$(cd "$dir" 2>/dev/null && pwd -P) ||
    die "cannot make the directory $2"
if [ -f "$dir/data/PG_VERSION" ] && [ -f "$dir/.tw-pg" ]; then
	running && die "a server already runs in $dir"	# made: start it again
	server_start
	exit 0
fi
if [ -f "$dir/.tw-pg" ]; then		# what a failed start left: start afresh
	find "$dir" -mindepth 1 -delete || exit 1
fi
[ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
: >"$dir/.tw-pg" || exit 1	# ours: stop may remove it
case $dir in
*[!A-Za-z0-9/._+-]*) die "$dir: use a path of letters, digits and / . _ + - only" ;;
esac
[ $((${#dir} + 14)) -le 107 ] || die "$dir: too long for a socket path (107 bytes)"

if [ "$root" = 1 ]; then
	ensure_user
	chown "$osuser:" "$dir" || exit 1
	u=$osuser
else
	u=$(id -un)
fi
chmod 0755 "$dir" || exit 1
blocked=$(searchable "$u" "$dir") ||
    die "$u cannot reach $dir: $blocked is not searchable by it (chmod o+x it, or use a directory of its own under /tmp)"
as "$u" touch "$dir/log" || exit 1

auth=trust pwopt=
if [ -n "${TW_PG_PASSWORD:-}" ]; then
	auth=scram-sha-256
	(umask 077; printf '%s\n' "$TW_PG_PASSWORD" >"$dir/pwfile") || exit 1
	[ "$root" = 0 ] || chown "$osuser:" "$dir/pwfile" || exit 1
	pwopt=--pwfile=$dir/pwfile
fi
as "$u" "$bin/initdb" -D "$dir/data" -U tw --no-locale -E UTF8 --no-sync \
    --auth-local=$auth --auth-host=reject $pwopt --no-instructions \
    >>"$dir/log" 2>&1
st=$?
rm -f "$dir/pwfile"
[ $st -eq 0 ] || { logtail; die "initdb failed (log: $dir/log)"; }

cat >>"$dir/data/postgresql.conf" <<EOF

# tests/pg.sh: a throwaway server for the tests
listen_addresses = ''
unix_socket_directories = '$dir'
port = 5432
max_connections = 100
shared_buffers = 16MB
max_parallel_workers_per_gather = 0
fsync = on
timezone = 'UTC'
log_timezone = 'UTC'
lc_messages = 'C'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
EOF
server_start
