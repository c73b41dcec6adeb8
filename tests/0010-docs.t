#!/bin/sh
# Each program's option table (PROG --tw-options) against its --help, its
# man page (SYNOPSIS and the option list) and the completion files, in
# both directions; every man page is clean under mandoc -Tlint.
. "${0%/*}/lib.sh"

progs=$(cd "$TW_BUILD/cmd" && ls tw-* | grep -v '\.' | sort)

# Options named in a man page's option list (.It Fl ...), one per line,
# as "-a --account" / "-n -" / "- --no-wait".
man_items() {
	awk '
	/^\.Sh / { sec = $2 }
	sec == "DESCRIPTION" && /^\.It Fl / {
		s = "-"; l = "-"
		for (i = 2; i <= NF; i++) if ($i == "Fl") {
			t = $(i + 1); gsub(/\\/, "", t)
			if (t ~ /^-/) { if (l == "-") l = "-" t }
			else if (s == "-") s = "-" t
		}
		print s " " l
	}' "$1" | sort -u
}

# Options named in SYNOPSIS: short letters (grouped or not) and longs.
man_synopsis() {
	awk '
	/^\.Sh / { sec = $2 }
	sec == "SYNOPSIS" {
		for (i = 1; i <= NF; i++) if ($i == "Fl" || $i == ".Fl") {
			t = $(i + 1); gsub(/\\/, "", t)
			if (t ~ /^-/) print "-" t
			else for (j = 1; j <= length(t); j++) print "-" substr(t, j, 1)
		}
	}' "$1" | sort -u
}

for p in $progs; do
	bin=$TW_BUILD/cmd/$p
	table=$("$bin" --tw-options | grep -v '^@' | grep -v -e '^-h	' -e '^-V	')
	want=$(printf '%s\n' "$table" | awk -F'\t' '{ print $1 " " $2 }' | sort -u)

	is "$p --version" "$p (tw) $(sed -n 's/^VERSION *= *//p' "$TW_SRC/Makefile")" \
	    "$("$bin" --version)"

	help=$("$bin" --help)
	missing=$(printf '%s\n' "$table" | while IFS='	' read -r s l a h; do
		[ "$s" != - ] && ! printf '%s\n' "$help" | grep -q -- "$s\\b" && echo "$s"
		[ "$l" != - ] && ! printf '%s\n' "$help" | grep -q -- "$l\\b" && echo "$l"
	done)
	is "$p --help names every option" "" "$missing"

	page=$TW_SRC/man/$p.1
	if [ ! -f "$page" ]; then
		fail "$p.1 exists"; fail "$p.1 option list"; fail "$p.1 synopsis"
		continue
	fi
	lint=$(mandoc -Tlint -W warning "$page" 2>&1)
	is "$p.1 is clean under mandoc -Tlint" "" "$lint"

	got=$(man_items "$page")
	is "$p.1 option list matches the option table" "$want" "$got"

	syn=$(man_synopsis "$page")
	notin=$(printf '%s\n' "$table" | while IFS='	' read -r s l a h; do
		if [ "$s" != - ]; then printf '%s\n' "$syn" | grep -qx -- "$s" || echo "$s"
		else printf '%s\n' "$syn" | grep -qx -- "$l" || echo "$l"; fi
	done)
	extra=$(printf '%s\n' "$syn" | while read -r o; do
		[ -n "$o" ] || continue
		printf '%s\n' "$want" | tr ' ' '\n' | grep -qx -- "$o" || echo "$o"
	done)
	is "$p.1 SYNOPSIS names every option and no other" "" "$notin$extra"
done

# One meaning per option across the suite: a letter stands for one long
# name and one kind of argument in every program that has it, and a long
# name for one letter (or none) and one kind of argument.  Old spellings
# (accepted with a warning for one release) are not in the tables.
# Allowed: nothing.
for p in $progs; do
	"$TW_BUILD/cmd/$p" --tw-options | grep -v -e '^@' -e '^-h	' -e '^-V	' |
	    awk -F'\t' -v p="$p" '{ print p "\t" $1 "\t" $2 "\t" $3 }'
done >"$T/alltables"
clash=$(awk -F'\t' '
	$2 != "-" { k = $2; v = $3 " " $4; if (k in L && L[k] != v) bad[k] = bad[k] " " p[k] ":" L[k] " " $1 ":" v; L[k] = v; p[k] = $1 }
	$3 != "-" { k = $3; v = $2 " " $4; if (k in N && N[k] != v) bad[k] = bad[k] " " q[k] ":" N[k] " " $1 ":" v; N[k] = v; q[k] = $1 }
	END { for (k in bad) print k ":" bad[k] }' "$T/alltables" | sort)
is "every option letter and long name means one thing in every program" "" "$clash"

# The completion files are exactly what the option tables generate.
mkdir -p "$T/comp"
sh "$TW_SRC/completions/gen" "$TW_BUILD" "$T/comp"
for f in tw.bash _tw tw.fish; do
	d=$(diff -u "$TW_SRC/completions/$f" "$T/comp/$f" 2>&1 | head -20)
	is "completions/$f matches the option tables (make completions)" "" "$d"
done

lint=$(mandoc -Tlint -W warning "$TW_SRC"/man/*.5 "$TW_SRC"/man/*.7 2>&1)
is "section 5 and 7 pages are clean under mandoc -Tlint" "" "$lint"

# The bash completion works: options, sources, accounts.
if command -v bash >/dev/null; then
	printf '[account sandbox]\n[account other]\n' >"$T/comp.cfg"
	got=$(TW_CONFIG=$T/comp.cfg bash -c '. "$1"
		COMP_WORDS=(tw-fetch --s); COMP_CWORD=1; _tw; echo "${COMPREPLY[*]}"
		COMP_WORDS=(tw-fetch me); COMP_CWORD=1; _tw; echo "${COMPREPLY[*]}"
		COMP_WORDS=(tw-fetch -a ""); COMP_CWORD=2; _tw; echo "${COMPREPLY[*]}"' \
	    _ "$TW_SRC/completions/tw.bash")
	is "bash completes options, sources and account names" "--state --since --since-id
mentions
sandbox other" "$got"
else
	skip "bash is not installed"
fi
done_testing
