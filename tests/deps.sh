#!/bin/sh
# deps.sh build|test|pg|bench|browser|fuzz - make sure what tw needs is installed.
# As root on Debian the missing packages are installed with apt-get;
# otherwise, or with NO_DEPS set, the exact command is printed and we fail.
set -u
what=${1:-build}
missing=

need_pkg() {	# need_pkg DEBIAN-PACKAGE TEST-COMMAND...
	pkg=$1; shift
	"$@" >/dev/null 2>&1 || missing="$missing $pkg"
}

case $what in
build)
	need_pkg pkg-config command -v pkg-config
	for p in libcurl:libcurl4-openssl-dev libcjson:libcjson-dev \
	    oauth:liboauth-dev libmicrohttpd:libmicrohttpd-dev \
	    libutf8proc:libutf8proc-dev sqlite3:libsqlite3-dev libpq:libpq-dev \
	    libcrypto:libssl-dev nettle:nettle-dev \
	    libexttextcat:libexttextcat-dev; do
		need_pkg "${p#*:}" pkg-config --exists "${p%%:*}"
	done
	# the n-gram profiles lib/lang.c reads at run time
	need_pkg libexttextcat-data test -f /usr/share/libexttextcat/en.lm
	;;
test)
	need_pkg perl command -v prove
	# The tests use Debian's python3 (tests/lib.sh: TW_PYTHON), whatever
	# else is first on PATH.
	need_pkg python3 test -x /usr/bin/python3
	need_pkg python3-oauthlib /usr/bin/python3 -c 'import oauthlib'
	need_pkg python3-jsonschema /usr/bin/python3 -c 'import jsonschema'
	need_pkg jq command -v jq
	need_pkg mandoc command -v mandoc
	need_pkg curl command -v curl
	need_pkg tzdata test -f /usr/share/zoneinfo/Europe/London
	;;
pg)	# tests/pg.sh: a throwaway PostgreSQL server (pg_start, make check-pg)
	need_pkg postgresql sh -c \
	    'for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] &&
	    [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && exit 0; done; exit 1'
	need_pkg postgresql-client sh -c 'command -v psql && command -v createdb'
	;;
bench)
	need_pkg jq command -v jq
	need_pkg time test -x /usr/bin/time
	need_pkg python3 test -x /usr/bin/python3
	;;
fuzz)	# make fuzz: clang with libFuzzer's runtime
	need_pkg clang command -v clang
	need_pkg libclang-rt-14-dev sh -c \
	    'ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a'
	;;
browser)	# tests/svgshot.sh: headless screenshots, PNG decoded with zlib
	need_pkg chromium test -x /usr/bin/chromium
	need_pkg python3 test -x /usr/bin/python3
	;;
esac

[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
# NO_DEPS=1 (make NO_DEPS=1): a packager's build never runs apt-get.
if [ -z "${NO_DEPS:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "tw: installing$missing" >&2
	if ! DEBIAN_FRONTEND=noninteractive $cmd >/dev/null 2>&1; then
		apt-get update >/dev/null 2>&1
		DEBIAN_FRONTEND=noninteractive $cmd >&2 || {
			echo "tw: could not install:$missing" >&2; exit 1; }
	fi
	exit 0
fi
echo "tw: missing:$missing" >&2
echo "tw: run as root: $cmd" >&2
exit 1
