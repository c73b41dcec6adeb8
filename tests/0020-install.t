#!/bin/sh
# make install and make uninstall honour PREFIX and DESTDIR: programs, man
# pages, completions and the sample knowledge base go in, and all of them
# come out again.
. "${0%/*}/lib.sh"

root=$T/root
progs=$(cd "$TW_BUILD/cmd" && ls tw-* | grep -v '\.')
make -s -C "$TW_SRC" B="$TW_BUILD" install-files PREFIX=/opt/tw DESTDIR="$root" \
    >"$T/install.out" 2>&1
is "make install exits 0" 0 $?
missing=
for p in $progs; do
	[ -x "$root/opt/tw/bin/$p" ] || missing="$missing bin/$p"
	[ -f "$root/opt/tw/share/man/man1/$p.1" ] || missing="$missing man1/$p.1"
	[ -f "$root/opt/tw/share/bash-completion/completions/$p" ] || missing="$missing bash/$p"
	[ -f "$root/opt/tw/share/fish/vendor_completions.d/$p.fish" ] || missing="$missing fish/$p"
done
is "programs, man pages and completions installed" "" "$missing"
ok "tw(7) and the section 5 pages installed" test -f "$root/opt/tw/share/man/man7/tw.7" \
    -a -f "$root/opt/tw/share/man/man5/tw-record.5" -a -f "$root/opt/tw/share/man/man5/tw-config.5"
nkb=$(ls "$TW_SRC"/lib/sandbox/kb/*.md | wc -l)
is "the sample knowledge base installed (tw-kb(5))" "$nkb" \
    "$(ls "$root/opt/tw/share/tw/kb/"*.md 2>/dev/null | wc -l)"
ok "tw-suggest reads the installed knowledge base" sh -c \
    "echo '{\"type\":\"tweet\",\"text\":\"lost my bag\"}' |
    '$root/opt/tw/bin/tw-suggest' -K '$root/opt/tw/share/tw/kb' -k 1 |
    grep -q '\"id\":\"lost-bag\"'"
ok "zsh completion installed" test -f "$root/opt/tw/share/zsh/site-functions/_tw"
p1=$(echo "$progs" | head -n 1)
is "an installed program runs" "$p1 (tw)" "$("$root/opt/tw/bin/$p1" --version | cut -d' ' -f1,2)"
make -s -C "$TW_SRC" B="$TW_BUILD" uninstall PREFIX=/opt/tw DESTDIR="$root" >"$T/un.out" 2>&1
is "make uninstall exits 0" 0 $?
left=$(find "$root" -type f | sed "s|$root||")
is "uninstall removes every file" "" "$left"
done_testing
