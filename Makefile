# tw - a Unix toolkit for customer care on X
#
#   make              build lib/libtw.a, lib/sandbox/libsandbox.a and cmd/tw-*
#   make check        run the test suite (last line: N passed, N failed)
#   make check-asan   the same suite under AddressSanitizer and UBSan
#   make check-pg     the same suite with every test's store on a throwaway
#                     PostgreSQL server (tests/pg.sh; TW_TEST_PG)
#   make demo         the whole care workflow against the built-in sandbox
#   make bench        benchmarks (not tests)
#   make lint         mandoc -Tlint and cppcheck
#   make hdrcheck     every header compiles alone (part of make check)
#   make layers       lib/sandbox's files call none above them, and libtw
#                     holds none of them (part of make check)
#   make fuzz         libFuzzer harnesses (tests/fuzz) built with clang into
#                     build-fuzz/, each run FUZZ_SECONDS (60) on its corpus;
#                     FUZZ_TARGETS="jscan query" picks some, FUZZ_MERGE=1
#                     merges what they found into tests/fuzz/NAME/.  make
#                     check replays every corpus (tests/fuzz/README).
#   make install      PREFIX, DESTDIR, BINDIR, MANDIR, KBDIR honoured
#   make NO_DEPS=1    never run apt-get (for packagers): a missing
#                     dependency is named, with the command, and fails
#
# B is the build directory (default: the source tree).  check-asan builds
# into build-asan/ and fuzz into build-fuzz/, so the ordinary objects are
# never mixed with theirs.

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

CC       ?= cc
CFLAGS   ?= -O2 -g
# libutf8proc: Unicode tables (NFC, grapheme clusters, widths) for
# counting text as X does and for terminal columns; not hand-maintained.
# SQLite: the embedded store (lib/store.c); libpq: its PostgreSQL backend
# (lib/storepg.c; TW_STORE=postgresql://...), its header at build time and
# libpq.so.5 opened at run time when a store on PostgreSQL is (not linked:
# its 27 libraries cost every program 11 ms at start).  nettle: SHA-256
# for the journal's chain and OAuth 2.0's PKCE (lib/digest.c; libcrypto,
# which needs a provider loaded at its first call, cost tw-case next 3
# ms).  libcrypto (OpenSSL): base64 and SHA-256 in tw-sandbox alone.
# Programs that never speak HTTP do not load libcurl or liboauth: the
# journal's SHA-256 lives apart from oauth.c (lib/digest.c), so that
# they do not drag in liboauth and its thirty libraries (12 ms a start).
# libexttextcat: n-gram language detection for records without "lang"
# (DMs), with the profiles libexttextcat-data installs (lib/lang.c).
PKGS      = libcurl libcjson oauth libmicrohttpd libutf8proc sqlite3 libpq \
            libcrypto nettle libexttextcat
# Warnings live apart from CFLAGS so a packager's CFLAGS cannot drop them.
# -Werror is the project's own checks' (make check, check-asan, CI), not
# forced on a packager's make with another compiler: WERROR= turns it off.
WARN      = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wno-format-nonliteral -Wpointer-arith -Wcast-qual \
            -Wvla -Wno-missing-field-initializers $(WERROR)
WERROR   ?=
DEPCFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
TEXTCATDIR = $(shell pkg-config --variable=pkgdatadir libexttextcat 2>/dev/null)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DTW_VERSION='"$(VERSION)"' -Ilib \
            $(if $(TEXTCATDIR),-DTW_TEXTCAT_DIR='"$(TEXTCATDIR)"') \
            $(DEPCFLAGS) $(WARN) $(CFLAGS)
# Each object's header dependencies, written by the compiler: touching a
# header rebuilds only the objects that include it.
DEPFLAGS  = -MMD -MP
LIBS      = $(shell pkg-config --libs libcurl libcjson oauth libutf8proc sqlite3 \
            nettle libexttextcat 2>/dev/null) -lm -pthread -ldl
MHDLIBS   = $(shell pkg-config --libs libmicrohttpd 2>/dev/null)
CRYPTOLIBS = $(shell pkg-config --libs libcrypto 2>/dev/null)

B        ?= .
LIBSRC    = $(sort $(wildcard lib/*.c))
LIBOBJ    = $(LIBSRC:%.c=$(B)/%.o)
# lib/sandbox: the local X API server's library, linked into tw-sandbox
# only (libtw never holds it, nor needs libmicrohttpd).  Its files in
# their layers, bottom-up (lib/sandbox/README): a file calls only files
# before it in this order, never one above it (make layers).
SB_STORE  = sblog sbseed sbstore sbstate
SB_PAGES  = sbanswer sbrender sbparam
SB_API    = sboauth sbauth sbmedia sbrules sbstream sbcomp sbpost sbapi
SB_HTTP   = sbmhd sbdoor sbserve
SBSRC     = $(patsubst %,lib/sandbox/%.c,$(SB_STORE) $(SB_PAGES) $(SB_API) $(SB_HTTP))
SBOBJ     = $(SBSRC:%.c=$(B)/%.o)
SBLIB     = $(B)/lib/sandbox/libsandbox.a
CMDSRC    = $(sort $(wildcard cmd/tw-*.c))
PROGS     = $(CMDSRC:%.c=$(B)/%)
UNITSRC   = $(sort $(wildcard tests/unit/*.c))
UNITS     = $(UNITSRC:%.c=$(B)/%)
# tests/fuzz: one harness per NAME.c; replay.c is the main without libFuzzer
FUZZSRC   = $(filter-out tests/fuzz/replay.c,$(sort $(wildcard tests/fuzz/*.c)))
FUZZNAMES = $(FUZZSRC:tests/fuzz/%.c=%)
REPLAYS   = $(FUZZSRC:%.c=$(B)/%-replay)
HDRS      = $(wildcard lib/*.h lib/sandbox/*.h)
MAN1      = $(wildcard man/*.1)
MAN5      = $(wildcard man/*.5)
MAN7      = $(wildcard man/*.7)
# tw-kb(5)'s sample knowledge base (the sandbox's airline), for tw-suggest
KBDIR    ?= $(PREFIX)/share/tw/kb
KBFILES   = $(wildcard lib/sandbox/kb/*.md)

all: deps $(B)/lib/libtw.a $(SBLIB) $(PROGS)

# Build dependencies: found with pkg-config; installed when we are root,
# otherwise (or with NO_DEPS=1) the exact command is printed.
deps:
	@NO_DEPS=$(NO_DEPS) sh tests/deps.sh build

# Order-only: with -j the compiles wait until deps has installed what
# they need, yet objects are not rebuilt each time deps runs.
# Objects are rebuilt when the flags change (make check adds -Werror).
$(B)/.flags: FORCE
	@mkdir -p $(@D)
	@echo $(CC) $(ALL_CFLAGS) $(LDFLAGS) | cmp -s - $@ 2>/dev/null || \
	    echo $(CC) $(ALL_CFLAGS) $(LDFLAGS) >$@
FORCE:

$(B)/lib/%.o: lib/%.c $(B)/.flags | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

# An archive is made afresh when its list of members changes, so a file
# moved out of lib/ leaves no stale member behind in libtw.a.
$(B)/lib/.members: FORCE
	@mkdir -p $(@D)
	@echo $(LIBOBJ) | cmp -s - $@ 2>/dev/null || echo $(LIBOBJ) >$@

$(B)/lib/libtw.a: $(LIBOBJ) $(B)/lib/.members
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(SBLIB): $(SBOBJ)
	rm -f $@
	$(AR) rcs $@ $(SBOBJ)

$(B)/cmd/tw-sandbox: cmd/tw-sandbox.c $(SBLIB) $(B)/lib/libtw.a $(B)/.flags | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(LDFLAGS) -o $@ $< $(SBLIB) $(B)/lib/libtw.a $(MHDLIBS) $(CRYPTOLIBS) $(LIBS)

$(B)/cmd/%: cmd/%.c $(B)/lib/libtw.a $(B)/.flags | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(LDFLAGS) -o $@ $< $(B)/lib/libtw.a $(LIBS)

$(B)/tests/unit/%: tests/unit/%.c $(B)/lib/libtw.a $(B)/.flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(B)/lib/libtw.a $(LIBS)

-include $(LIBOBJ:.o=.d) $(SBOBJ:.o=.d) $(PROGS:=.d) $(UNITS:=.d)

# Every header compiles on its own: it includes what it uses.
hdrcheck: | deps
	@mkdir -p $(B)/hdrcheck
	@for h in $(HDRS); do \
	    printf '#include "%s"\n' "$${h#lib/}" >$(B)/hdrcheck/one.c; \
	    $(CC) $(ALL_CFLAGS) -Werror -fsyntax-only $(B)/hdrcheck/one.c || \
	    { echo "hdrcheck: $$h does not compile on its own" >&2; exit 1; }; \
	done; echo "hdrcheck: $(words $(HDRS)) headers compile on their own"
	@rm -rf $(B)/hdrcheck

# No function over FUNC_MAX lines in lib/ and cmd/ (generated tables
# excepted); the longest are listed.
FUNC_MAX = 120
funclen:
	@sh tests/funclen $(FUNC_MAX) $(wildcard lib/*.c lib/*/*.c cmd/*.c)

# The sandbox's layers hold: no file calls one above it, and libtw.a has
# no sandbox or libmicrohttpd symbol.
layers: $(B)/lib/libtw.a $(SBOBJ)
	@sh tests/layers $(B)/lib/libtw.a $(SBOBJ)

# A harness with replay.c: runs it over the files of its corpus.
$(B)/tests/fuzz/%-replay: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h \
    $(B)/lib/libtw.a $(B)/.flags $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz $(LDFLAGS) -o $@ $< tests/fuzz/replay.c \
	    $(FUZZLIBS) $(B)/lib/libtw.a $(LIBS)

# The sandbox's harness calls lib/sandbox's endpoints (not its HTTP glue:
# no libmicrohttpd), so it links their archive too.
FUZZ_SANDBOX = $(B)/tests/fuzz/sandbox $(B)/tests/fuzz/sandbox-replay
$(FUZZ_SANDBOX): $(SBLIB)
$(FUZZ_SANDBOX): FUZZLIBS = $(SBLIB) $(CRYPTOLIBS)

units: all $(UNITS) $(REPLAYS)

# The project's own checks build with -Werror.  The PostgreSQL server
# (deps.sh pg) is installed as root; not root, without it, the tests that
# need one are skipped.
check: check-build
	@TW_BUILD=$(abspath $(B)) sh tests/run

check-build:
	@$(MAKE) --no-print-directory WERROR=-Werror all units hdrcheck funclen \
	    layers
	@NO_DEPS=$(NO_DEPS) sh tests/deps.sh test
	@NO_DEPS=$(NO_DEPS) sh tests/deps.sh pg || [ "$$(id -u)" != 0 ]

# The suite again, every test file with a database of its own (tests/lib.sh)
# on one server for the whole run, stopped however the run ends.
check-pg: check-build
	@NO_DEPS=$(NO_DEPS) sh tests/deps.sh pg
	@d=$$(mktemp -d "$${TMPDIR:-/tmp}/tw-pg.XXXXXX") || exit 2; \
	trap 'sh tests/pg.sh stop "$$d"' EXIT; trap 'exit 130' INT TERM HUP; \
	sock=$$(sh tests/pg.sh start "$$d") || exit 2; \
	echo "check-pg: PostgreSQL on $$sock"; \
	TW_TEST_PG=$$sock TW_BUILD=$(abspath $(B)) sh tests/run

ASAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
             -fno-sanitize-recover=undefined
check-asan:
	@$(MAKE) --no-print-directory B=build-asan CFLAGS='$(ASAN_FLAGS)' \
	    LDFLAGS='-fsanitize=address,undefined' check

# Fuzzing (tests/fuzz/README): clang's libFuzzer with ASan and UBSan, the
# library instrumented too, in build-fuzz/.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS   = -O1 -g -fno-omit-frame-pointer \
                -fsanitize=fuzzer-no-link,address,undefined \
                -fno-sanitize-recover=undefined
fuzz-build:
	@NO_DEPS=$(NO_DEPS) sh tests/deps.sh fuzz
	@$(MAKE) --no-print-directory B=build-fuzz CC='$(FUZZ_CC)' WERROR=-Werror \
	    CFLAGS='$(FUZZ_CFLAGS)' LDFLAGS='-fsanitize=address,undefined' \
	    fuzzers

fuzzers: deps $(FUZZNAMES:%=$(B)/tests/fuzz/%) $(REPLAYS)

$(B)/tests/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(B)/lib/libtw.a $(B)/.flags \
    $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -fsanitize=fuzzer $(LDFLAGS) -o $@ $< \
	    $(FUZZLIBS) $(B)/lib/libtw.a $(LIBS)

fuzz: fuzz-build
	@FUZZ_SECONDS='$(FUZZ_SECONDS)' FUZZ_MERGE='$(FUZZ_MERGE)' \
	    sh tests/fuzz/run build-fuzz $(FUZZ_TARGETS)

# Regenerate the completion files from the programs' option tables.
completions: all
	sh completions/gen $(B) completions

demo: all
	@sh tests/demo.sh $(abspath $(B))

bench: all $(B)/bench/claims
	@sh bench/run $(abspath $(B))

# bench/case-team.sh's agents that hold their connection
$(B)/bench/claims: bench/claims.c $(B)/lib/libtw.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ bench/claims.c $(B)/lib/libtw.a $(LIBS)

lint:
	mandoc -Tlint -W warning man/*.[157]
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	    --inline-suppr -D__GNUC__ -Ilib \
	    $$(pkg-config --cflags-only-I libcjson) lib cmd

install: all
	@$(MAKE) --no-print-directory install-files

install-files:
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR) \
	    $(DESTDIR)$(KBDIR)
	install -m 0755 $(PROGS) $(DESTDIR)$(BINDIR)/
	install -m 0644 $(KBFILES) $(DESTDIR)$(KBDIR)/
	install -m 0644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(MAN7) $(DESTDIR)$(MANDIR)/man7/
	for p in $(PROGS); do n=$${p##*/}; \
	    install -m 0644 completions/tw.bash $(DESTDIR)$(BASHCOMPDIR)/$$n; done
	install -m 0644 completions/_tw $(DESTDIR)$(ZSHCOMPDIR)/_tw
	for p in $(PROGS); do n=$${p##*/}; \
	    install -m 0644 completions/tw.fish $(DESTDIR)$(FISHCOMPDIR)/$$n.fish; done

uninstall:
	for p in $(PROGS); do n=$${p##*/}; \
	    rm -f $(DESTDIR)$(BINDIR)/$$n $(DESTDIR)$(BASHCOMPDIR)/$$n \
	          $(DESTDIR)$(FISHCOMPDIR)/$$n.fish; done
	for m in $(MAN1); do rm -f $(DESTDIR)$(MANDIR)/man1/$${m##*/}; done
	for m in $(MAN5); do rm -f $(DESTDIR)$(MANDIR)/man5/$${m##*/}; done
	for m in $(MAN7); do rm -f $(DESTDIR)$(MANDIR)/man7/$${m##*/}; done
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_tw
	for k in $(KBFILES); do rm -f $(DESTDIR)$(KBDIR)/$${k##*/}; done
	rmdir $(DESTDIR)$(KBDIR) $(DESTDIR)$(PREFIX)/share/tw 2>/dev/null || true

clean:
	rm -f .flags lib/.members lib/*.o lib/*.d lib/libtw.a lib/sandbox/*.o \
	    lib/sandbox/*.d lib/sandbox/libsandbox.a $(CMDSRC:%.c=%) \
	    $(CMDSRC:%.c=%.d) $(UNITSRC:%.c=%) $(UNITSRC:%.c=%.d) \
	    $(FUZZSRC:%.c=%-replay) $(FUZZSRC:%.c=%-replay.d) bench/claims
	rm -rf build-asan build-fuzz bench/out

.PHONY: FORCE all deps units completions check check-build check-pg install-files check-asan demo bench lint install uninstall clean hdrcheck funclen layers \
    fuzz fuzz-build fuzzers
