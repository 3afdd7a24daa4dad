#!/bin/sh
# Keep the message catalogues in step with the code:
#   1. extract every message id used in gen/ into gen/locale/gen.pot,
#   2. merge new ids into the Vietnamese and English catalogues (gen/locale/*/LC_MESSAGES/gen.po),
#   3. compile them to the .mo files the program reads.
# After step 2, write the texts of new ids (msgstr "") in both .po files, then run this again.
# tests/test_messages.py fails when an id is missing, untranslated or not compiled.
set -eu
cd "$(dirname "$0")/.."
pybabel -q extract -F babel.cfg -k t -k N_ -k finding:2 --no-default-keywords --no-location \
    --sort-output --omit-header -o gen/locale/gen.pot gen
for lang in vi en; do
    pybabel -q update -i gen/locale/gen.pot -d gen/locale -D gen -l "$lang" --no-fuzzy-matching \
        --ignore-obsolete
done
# The creation date would change at every run and make every merge of two branches conflict.
for po in gen/locale/*/LC_MESSAGES/gen.po; do
    sed -i.bak 's/^"POT-Creation-Date: .*\\n"$/"POT-Creation-Date: 2026-01-01 00:00+0000\\n"/' "$po" && rm -f "$po.bak"
done
pybabel -q compile -d gen/locale -D gen --statistics
