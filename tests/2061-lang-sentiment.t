#!/bin/sh
# tw-triage: sentiment and intent in es fr de pt it ja (tw's own care
# lexicons, lib/lexicon/care_LANG.txt): the issue's three examples,
# negation, intensifiers, elongation and emoji per language, question and
# request cues, and accuracy per language on tests/fixtures/lang.
#
# Both the labelled sets and the lexicons were written by the same
# person, the lexicons after the sets and with them in view, so the
# figures on tests/fixtures/lang/*.tsv flatter the lexicons;
# tests/fixtures/lang/untuned/ was written after the lexicons and never
# used to change them, and shows what a message with unlisted words gets
# (neutral).  Floors: measured minus two (minus one on the untuned sets).
# All of it is the lexicons' (--no-model); the care model, tw-triage's
# default, is tests/2070-sentiment-model.t's, and its figures on these
# sets are printed at the end.
. "${0%/*}/lib.sh"

# score LANG TEXT, label LANG TEXT, intent LANG TEXT
tri() { jq -nc --arg l "$1" --arg t "$2" '{type: "dm", id: "1",
    direction: "in", lang: $l, text: $t}' | tw-triage -A --no-model; }
score() { tri "$1" "$2" | jq -r .triage.sentiment.score; }
label() { tri "$1" "$2" | jq -r .triage.sentiment.label; }
intent() { tri "$1" "$2" | jq -r .triage.intent; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }
# cmp_ok NAME A B: A > B
more() { if gt "$2" "$3"; then pass "$1 ($2 > $3)"; else fail "$1" "$2 is not > $3"; fi; }

# The issue's examples (DMs: no lang, detected first).
dm() { jq -nc --arg t "$1" '{type: "dm", id: "1", direction: "in", text: $t}' |
    tw-triage -A --no-model | jq -r '"\(.lang) \(.triage.sentiment.label)"'; }
is "Danke für die schnelle Hilfe: positive" "de positive" \
    "$(dm 'Danke für die schnelle Hilfe')"
is "mi maleta no llegó: negative (lang es given)" "negative" \
    "$(label es 'mi maleta no llegó')"
is "annulé… aucun remboursement: negative" "fr negative" \
    "$(dm 'Vol annulé… aucun remboursement')"

# Per language: negation flips, an intensifier raises, elongation
# raises, an angry emoji lowers.
for c in \
    "es|el servicio fue bueno|el servicio no fue bueno|el servicio fue muy bueno|graciaaas|gracias|retraso" \
    "fr|le service était bon|le service n'était pas bon|le service était très bon|merciiii|merci|retard" \
    "de|der Service war gut|der Service war nicht gut|der Service war sehr gut|dankeee|danke|Verspätung" \
    "pt|o serviço foi bom|o serviço não foi bom|o serviço foi muito bom|obrigadooo|obrigado|atraso" \
    "it|il servizio era buono|il servizio non era buono|il servizio era molto buono|grazieee|grazie|ritardo" \
    "ja|サービスは良いです|サービスは良くないです|サービスはとても良いです|ありがとう！！！|ありがとう|遅延"; do
	IFS='|' read -r l pos neg boost elong plain bad <<E
$c
E
	p=$(score "$l" "$pos") n=$(score "$l" "$neg")
	if gt "$p" 0 && gt 0 "$n"; then pass "$l: negation flips ($p, $n)"
	else fail "$l: negation flips" "$pos: $p" "$neg: $n"; fi
	more "$l: an intensifier raises" "$(score "$l" "$boost")" "$p"
	more "$l: elongation or !!! raises" "$(score "$l" "$elong")" "$(score "$l" "$plain")"
	more "$l: an angry emoji lowers" "$(score "$l" "$bad")" "$(score "$l" "$bad 😡")"
done
is "ja: negation after the noun: 問題なく is not a problem" "positive" \
    "$(label ja '問題なく動いています')"
is "fr: ne ... jamais is one negation" "negative" \
    "$(label fr "ma valise n'est jamais arrivée")"
is "es: a negation used by its phrase does not carry on" "negative" \
    "$(label es 'nadie me atiende, una vergüenza')"
is "fr: elided words are found (l'appli)" "positive" \
    "$(label fr "j'adore l'appli")"
is "a language without a lexicon: English (emoji still count)" "negative" \
    "$(label nl 'vertraging 😡')"

# Intent cues.
is "es: a question word first" "question" "$(intent es 'cómo cambio mi reserva')"
is "de: bitte is a request" "request" "$(intent de 'bitte rufen Sie mich an')"
is "fr: s'il vous plaît is a request" "request" "$(intent fr "rappelez-moi s'il vous plaît")"
is "ja: ますか is a question" "question" "$(intent ja '荷物は何時に届きますか')"
is "ja: お願いします is a request" "request" "$(intent ja '折り返しお願いします')"
is "pt: a complaint" "complaint" "$(intent pt 'minha mala não chegou')"
is "it: praise" "praise" "$(intent it 'grazie mille, tutto perfetto')"

# Accuracy per language: label agreement on the labelled sets.
acc() {	# acc FILE LANG [--model]: how many of FILE's labels tw-triage gives
	grep -v '^#' "$1" | jq -Rc --arg l "$2" 'split("\t") | {type: "dm",
	    id: "1", lang: $l, label: .[0], text: .[1]}' |
	    tw-triage -A "${3:---no-model}" |
	    jq -r 'select(.label == .triage.sentiment.label[0:3]) | .id' |
	    wc -l
}
# Measured 2026-12-05: tuned-on sets of 40, untuned sets of 15.
for lf in en:34:14 es:40:8 fr:39:10 de:39:9 pt:40:9 it:39:9 ja:40:10; do
	IFS=: read -r l a u <<E
$lf
E
	got=$(acc "$FIXTURES/lang/$l.tsv" "$l")
	diag "$l: $got/40 on tests/fixtures/lang/$l.tsv"
	if [ "$got" -ge $((a - 2)) ]; then pass "$l: $got/40 >= $((a - 2))"
	else fail "$l: $got/40 >= $((a - 2))"; fi
	got=$(acc "$FIXTURES/lang/untuned/$l.tsv" "$l")
	diag "$l: $got/15 on tests/fixtures/lang/untuned/$l.tsv"
	if [ "$got" -ge $((u - 1)) ]; then pass "$l untuned: $got/15 >= $((u - 1))"
	else fail "$l untuned: $got/15 >= $((u - 1))"; fi
done
# a language with a region is scored with its primary language's words
is "pt-BR scores as pt" "$(score pt 'péssimo atendimento, minha mala sumiu')" \
    "$(score pt-BR 'péssimo atendimento, minha mala sumiu')"
is "es_419 scores as es" "$(score es 'mi maleta no llegó')" "$(score es_419 'mi maleta no llegó')"
label es-MX 'mi maleta no llegó' >"$T/l"
is "and is negative" negative "$(cat "$T/l")"
for l in en es fr de pt it ja; do
	diag "$l, the care model: $(acc "$FIXTURES/lang/$l.tsv" $l --model)/40," \
	    "$(acc "$FIXTURES/lang/untuned/$l.tsv" $l --model)/15 untuned"
done
done_testing
