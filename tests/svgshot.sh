#!/bin/sh
# svgshot.sh [-d] SVG PNG - render SVG in headless Chromium, screenshot it into
# PNG and check the picture is not blank: at least 3 distinct colours and
# at least 1% of the pixels not the background (the most common colour).
# The window is the SVG root's width x height (1200x900 without them).
# With -d, as a viewer that prefers a dark colour scheme (Chromium's
# --force-dark-mode: prefers-color-scheme is dark).
# Prints one "svgshot: ..." line; exit 0 if it rendered, 1 if not.
set -u
set -f	# $root and $stat below are split into words, never globbed
dark=
[ "${1:-}" = -d ] && { dark=--force-dark-mode; shift; }
[ $# -eq 2 ] || { echo "usage: svgshot.sh [-d] SVG PNG" >&2; exit 2; }
svg=$1 png=$2
here=$(dirname "$0")
die() { echo "svgshot: $*" >&2; exit 1; }

sh "$here/deps.sh" browser || die "chromium is not installed"
[ -f "$svg" ] && [ -r "$svg" ] || die "$svg: no such file"

abs=$(cd "$(dirname "$svg")" && pwd)/$(basename "$svg")
url=file://$(printf '%s' "$abs" | sed 's/%/%25/g; s/ /%20/g; s/#/%23/g; s/?/%3F/g')

tmp=$(mktemp -d "${TMPDIR:-/tmp}/svgshot.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# A malformed file or one not in the SVG namespace would show Chromium's
# (not blank) error or XML tree page, so check that first; the root's
# width/height size the window if they are plain numbers (or px).
root=$(/usr/bin/python3 -c 'import sys, xml.dom.minidom
r = xml.dom.minidom.parse(sys.argv[1]).documentElement
if (r.namespaceURI, r.localName) != ("http://www.w3.org/2000/svg", "svg"):
    sys.exit("the root is not <svg xmlns=\"http://www.w3.org/2000/svg\">")
print(r.getAttribute("width") or "-", r.getAttribute("height") or "-")
' "$svg" 2>"$tmp/err") || die "$svg is not an SVG document: $(tail -n 1 "$tmp/err")"
set -- $root
w=${1%px} h=${2%px}
w=${w%%.*} h=${h%%.*}
case $w in ''|0*|*[!0-9]*) w=;; esac
case $h in ''|0*|*[!0-9]*) h=;; esac
[ -n "$w" ] && [ -n "$h" ] || { w=1200 h=900; }

rm -f "$png"
timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
    --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$tmp/profile" \
    --hide-scrollbars --window-size="$w,$h" --screenshot="$png" $dark "$url" \
    >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] || [ ! -s "$png" ]; then
	[ "$rc" -eq 124 ] && why="timed out after 60s" || why="exit $rc"
	echo "svgshot: chromium failed ($why, no $png); its stderr ends:" >&2
	# less the D-Bus chatter (no bus here) and a Debian launcher warning
	grep -v -e ':ERROR:dbus/' -e 'unexpected operator' "$tmp/out" |
	    tail -n 8 | sed 's/^/svgshot:   /' >&2
	exit 1
fi

stat=$(/usr/bin/python3 "$here/pngstat.py" "$png") || die "cannot read $png"
set -- $stat
pw=$1 ph=$2 colours=$3 nonbg=$4
total=$((pw * ph))
[ "$total" -gt 0 ] || die "$png is empty (${pw}x$ph)"
tenths=$(( (nonbg * 2000 / total + 1) / 2 ))	# per mille, rounded
line="${pw}x$ph png, $colours distinct colours, $((tenths / 10)).$((tenths % 10))% non-background pixels"
if [ "$colours" -lt 3 ] || [ $((nonbg * 100)) -lt "$total" ]; then
	die "blank rendering of $svg: $line"
fi
echo "svgshot: $line"
