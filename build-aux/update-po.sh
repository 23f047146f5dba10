#!/bin/sh
# update-po.sh: bring every translation up to date with the sources
#
# Copyright 2026 The FitMyGPU authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: build-aux/update-po.sh [--check]
#
# 1. Adds the files with translatable strings that po/POTFILES.in misses
#    (tests/desktop/check-potfiles.py --write) and shows the change.
# 2. Extracts the strings into a template, exactly as meson's fitmygpu-pot
#    target does (tests/desktop/check-translations.py holds the arguments).
# 3. Merges the template into each language of po/LINGUAS (msgmerge keeps
#    the previous msgid of fuzzy entries, so translators see what changed)
#    and drops obsolete entries.
# 4. Reports translated, fuzzy and untranslated counts per language.
#
# With --check it exits 1 when any language has fuzzy or untranslated
# entries. Needs no build folder, only python3 and gettext.

set -eu

check=no
case "${1-}" in
  --check) check=yes ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
python=$(command -v python3 || command -v python)

cp po/POTFILES.in "${TMPDIR:-/tmp}/POTFILES.in.$$"
"$python" tests/desktop/check-potfiles.py --write .
diff -u "${TMPDIR:-/tmp}/POTFILES.in.$$" po/POTFILES.in || true
rm -f "${TMPDIR:-/tmp}/POTFILES.in.$$"
"$python" tests/desktop/check-potfiles.py .

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pot="$tmp/fitmygpu.pot"
"$python" tests/desktop/check-translations.py --write-pot "$pot" . xgettext

incomplete=0
# LINGUAS may hold several languages on a line, so split words, not lines.
# shellcheck disable=SC2013
for lang in $(sed -e 's/#.*//' po/LINGUAS); do
  po="po/$lang.po"
  if [ -f "$po" ]; then
    msgmerge --quiet --previous --update --backup=none "$po" "$pot"
  else
    msginit --no-translator --locale="$lang.UTF-8" --input="$pot" --output-file="$po"
    # msginit in the C locale declares ASCII, and msgfmt then rejects UTF-8.
    sed -i -e 's/charset=ASCII/charset=UTF-8/' "$po"
  fi
  msgattrib --no-obsolete --output-file="$po" "$po"

  # msgfmt prints "N translated messages, N fuzzy translations, N untranslated messages."
  stats=$(LC_ALL=C msgfmt --check --check-format --statistics -o /dev/null "$po" 2>&1)
  printf '%s: %s\n' "$lang" "$stats"
  case "$stats" in
    *fuzzy*|*untranslated*) incomplete=$((incomplete + 1)) ;;
  esac
done

if [ "$incomplete" -gt 0 ]; then
  echo "$incomplete languages need work; list the entries with: msgattrib --only-fuzzy po/LANG.po; msgattrib --untranslated po/LANG.po"
  if [ "$check" = yes ]; then
    exit 1
  fi
fi
