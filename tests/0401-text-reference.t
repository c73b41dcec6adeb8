#!/bin/sh
# 0401-text-reference: tw_text_parse() against the reference
# implementation, twitter-text's parseTweet() (npm package twitter-text),
# on random texts mixing ASCII, URLs, CJK, emoji, combining marks and
# invalid characters.  Needs node and the package; skipped otherwise.
#
#   TW_TWITTER_TEXT   a node_modules directory holding twitter-text
#                     (e.g. after: cd /tmp/tt && npm install twitter-text)
#   TW_TEXT_SEED      the random seed (default 1); TW_TEXT_N texts (2000)
. ./lib.sh

command -v node >/dev/null 2>&1 || skip_all "node is not installed"
# Without TW_TWITTER_TEXT, fetch the package once from the npm registry
# into the build directory (nothing is written to the source tree).
if [ -z "${TW_TWITTER_TEXT:-}" ] && command -v npm >/dev/null 2>&1; then
	cache=$TW_BUILD/.cache/twitter-text
	if [ ! -d "$cache/node_modules/twitter-text" ]; then
		mkdir -p "$cache" &&
		(cd "$cache" && npm install --silent --no-audit --no-fund \
		    twitter-text@3.1.0 >/dev/null 2>&1) || true
	fi
	TW_TWITTER_TEXT=$cache/node_modules
fi
NODE_PATH=${TW_TWITTER_TEXT:-}${NODE_PATH:+:$NODE_PATH}
export NODE_PATH
node -e 'require("twitter-text")' >/dev/null 2>&1 ||
	skip_all "npm package twitter-text not found (set TW_TWITTER_TEXT)"
[ -x "$TW_BUILD/tests/unit/textcount" ] || skip_all "textcount not built"

tmp=$T
# gen.js SEED N CONFIG: N random texts (JSON lines) in texts, and what
# parseTweet() says about each in want.
cat >"$tmp/gen.js" <<'EOF'
const tt = require('twitter-text');
const fs = require('fs');
let seed = (+process.argv[2]) >>> 0;
const n = +process.argv[3], cfg = tt.configs[process.argv[4]];
function rnd() {        /* mulberry32 */
	seed = (seed + 0x6d2b79f5) >>> 0;
	let t = seed;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = a => a[Math.floor(rnd() * a.length)];
const ascii = ['a', 'hello', 'Thanks', 'order', '42', ' ', ' ', ' ', '.',
	',', '!', '?', '-', '_', '/', ':', '#', '@', '(', ')', '$', '\n',
	'"', "'", '&', '=', '+', '~', '*'];
const urls = ['http://', 'https://', 'HTTPS://', 'www.', 'example',
	'.com', '.co.jp', '.io', '.xyz', '.foo', '.rf', '.рф', '.みんな',
	't.co/', 'abc123', '/path', '/a_b-c', '?q=1&x=y', ':8080', '#frag',
	'.', '(x)', '/wiki/Foo_(bar)', 'bit.ly', 'xn--p1ai', 'xn--',
	'sub_dom.', 'a-b.', '-a.', 'ä', 'é', 'ы', 'ſ', 'T.CO/', '@user/'];
const cjk = ['東', '京', '日本語', 'の', 'テスト', '한국어', '，', '。',
	'Ａ', '\u3000', '中文'];
const emoji = ['😀', '👩‍👩‍👧', '👨‍👩‍👧‍👦', '🇫🇷', '🇫', '🇿🇿', '1️⃣',
	'1⃣', '#⃣', '❤️', '❤', '❤︎', '👋🏽', '🏽', '🏳️‍🌈', '🏴󠁧󠁢󠁥󠁮󠁧󠁿',
	'☺', '☺️', '©', '©️', '™️', '\u200d', '\ufe0f', '\ufe0e', '🏃‍♀️',
	'🏃🏽‍♂️', '👩🏽‍💻', '👁‍🗨', '👁️‍🗨️', '😀\u200d😀', '🧕🏾', '🤪',
	'🦰', '👨‍🦰', '🥰', '🫠', '⛹️‍♀️', '🕵🏻‍♂️', '✌🏿', '☝'];
const marks = ['\u0301', '\u0308', 'A\u030a', 'e\u0301', '\ufb2c',
	'\u1112\u1161\u11ab', '\u0915\u093f', '\u05e9\u05bc', 'ﬁ', 'Å'];
const odd = ['\u202a', '\u202c', '\u2066', '\u2069', '\u200e', '\ufeff',
	'\ufffe', '\uffff', '\u200b', '\u2000', '\u2028', '\u061c', '＠',
	'＃', '\u00a0', '\t'];
const kinds = [ascii, ascii, ascii, urls, urls, cjk, emoji, emoji, marks,
	odd];
const texts = [], want = [];
for (let i = 0; i < n; i++) {
	const len = rnd() < 0.1 ? 100 + Math.floor(rnd() * 300) :
	    Math.floor(rnd() * 40);
	let s = '';
	for (let k = 0; k < len; k++)
		s += pick(pick(kinds));
	const r = tt.parseTweet(s, cfg);
	texts.push(JSON.stringify(s));
	want.push([r.weightedLength, r.valid, r.permillage, r.validRangeEnd,
	    r.displayRangeEnd].join(' '));
}
fs.writeFileSync('texts', texts.join('\n') + '\n');
fs.writeFileSync('want', want.join('\n') + '\n');
EOF

seed=${TW_TEXT_SEED:-1}
n=${TW_TEXT_N:-2000}
for c in version3 version2; do
	flag=; [ $c = version2 ] && flag=-2
	if ! (cd "$tmp" && node gen.js "$seed" "$n" $c); then
		fail "$c: generating texts with twitter-text"
		continue
	fi
	"$TW_BUILD/tests/unit/textcount" $flag <"$tmp/texts" >"$tmp/got"
	paste -d '\t' "$tmp/want" "$tmp/got" "$tmp/texts" |
		awk -F '\t' '$1 != $2' >"$tmp/diff"
	bad=$(wc -l <"$tmp/diff")
	ok "$c: $n random texts (seed $seed) count as twitter-text counts" \
		[ "$bad" -eq 0 ]
	[ "$bad" -eq 0 ] || { diag "$bad differ (want, got, text):"
		head -n 10 "$tmp/diff" | while IFS= read -r l; do diag "$l"; done; }
done
done_testing
