#!/usr/bin/env python3
# check-potfiles.py: po/POTFILES.in lists every file with translatable strings
#
# Copyright 2026 The FitMyGPU authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-potfiles.py SOURCE_ROOT
#        check-potfiles.py --write SOURCE_ROOT
#        check-potfiles.py --format-macros SOURCE_ROOT
#
# A string is only translated if xgettext sees its file, and xgettext only
# sees what POTFILES.in lists, so a forgotten file silently ships English.
# This fails when a file under src/, ui/ or data/ that holds translatable
# strings is missing from POTFILES.in, when POTFILES.in lists a file that
# does not exist, and when the list is not sorted or has duplicates.
#
# With --write it rewrites po/POTFILES.in instead: its comments, then the
# sorted union of the listed files that exist and the files found.
#
# With --format-macros it instead fails on translatable strings glued to a
# GLib format macro, _("%" G_GUINT64_FORMAT " bytes"): xgettext cannot expand
# the macro, so it extracts only "%" and the message is never translated.
# Use PRIu64 from <inttypes.h>, which xgettext and gettext understand, or
# format the number into a string first.

import os
import re
import sys

SCANNED_DIRS = ('src', 'ui', 'data')

# The gettext calls of <glib/gi18n.h> and the glib preset of meson's i18n
# module. The house style puts a space before the parenthesis, so allow
# whitespace, and refuse identifiers that merely end in an underscore.
C_CALL = re.compile(r'(?<![A-Za-z0-9_])'
                    r'(?:_|N_|C_|NC_|Q_|g_dgettext|g_dcgettext|g_dngettext'
                    r'|g_dpgettext|g_dpgettext2|gettext|ngettext|dgettext|dngettext)'
                    r'\s*\(')
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*["\'](?:yes|true|1)["\']', re.I)

# Data files whose every visible string is translatable by construction.
DATA_SUFFIXES = ('.desktop.in', '.desktop.in.in',
                 '.metainfo.xml.in', '.metainfo.xml.in.in',
                 '.appdata.xml.in', '.appdata.xml.in.in',
                 '.gschema.xml')


def strip_c_comments(text):
    """Drops comments and string contents so that `_ ()` in a comment or a
    string literal does not count."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            end = text.find('*/', i + 2)
            i = n if end < 0 else end + 2
            out.append(' ')
        elif text.startswith('//', i):
            end = text.find('\n', i)
            i = n if end < 0 else end
        elif c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


# A gettext call and the string literals and macros that make up its
# message: _ ("a" MACRO "b"), C_ ("context", "a" MACRO).
LITERALS = r'(?:"(?:[^"\\\n]|\\.)*"|[A-Z][A-Z0-9_]*)'
GLUED_CALL = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_)\s*\(\s*'
                        + LITERALS + r'(?:\s*' + LITERALS + r')*'
                        + r'(?:\s*,\s*' + LITERALS + r'(?:\s*' + LITERALS + r')*)?')
GLIB_FORMAT_MACRO = re.compile(r'\bG_[A-Z0-9_]*(?:FORMAT|MODIFIER)\b')


def strip_comments_only(text):
    """Drops comments but keeps string literals."""
    return re.sub(r'/\*.*?\*/|//[^\n]*', ' ', text, flags=re.S)


def glued_format_macros(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        text = strip_comments_only(f.read())
    for m in GLUED_CALL.finditer(text):
        macro = GLIB_FORMAT_MACRO.search(m.group(0))
        if macro:
            line = text.count('\n', 0, m.start()) + 1
            yield line, macro.group(0)


def check_format_macros(root):
    problems = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(('.c', '.h')):
                    path = os.path.join(dirpath, name)
                    for line, macro in glued_format_macros(path):
                        problems.append(f'{os.path.relpath(path, root)}:{line}: a translatable '
                                        f'string uses {macro}, which xgettext cannot see through; '
                                        f'use PRIu64/PRId64 from <inttypes.h> or format the '
                                        f'number first')
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    print('no translatable string is glued to a GLib format macro')
    return 0


def needs_translation(path):
    name = os.path.basename(path)
    if name.endswith(DATA_SUFFIXES):
        return True
    if name.endswith(('.c', '.h')):
        with open(path, encoding='utf-8', errors='replace') as f:
            return C_CALL.search(strip_c_comments(f.read())) is not None
    if name.endswith('.ui'):
        with open(path, encoding='utf-8', errors='replace') as f:
            return UI_TRANSLATABLE.search(f.read()) is not None
    return False


def read_potfiles(path):
    entries = []
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            # xgettext allows "[type: gettext/glade]" prefixes; we use none.
            entries.append((lineno, line))
    return entries


def find_translatable(root):
    found = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if needs_translation(path):
                    found.append(os.path.relpath(path, root))
    return found


def write_potfiles(root):
    potfiles = os.path.join(root, 'po', 'POTFILES.in')
    with open(potfiles, encoding='utf-8') as f:
        header = [line for line in f if line.startswith('#')]
    listed = {e for _, e in read_potfiles(potfiles) if os.path.isfile(os.path.join(root, e))}
    entries = sorted(listed | set(find_translatable(root)))
    tmp = potfiles + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.writelines(header)
        f.writelines(e + '\n' for e in entries)
    os.replace(tmp, potfiles)
    print(f'po/POTFILES.in: {len(entries)} files')
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == '--format-macros':
        return check_format_macros(os.path.abspath(argv[2]))
    if len(argv) == 3 and argv[1] == '--write':
        return write_potfiles(os.path.abspath(argv[2]))
    if len(argv) != 2:
        print('usage: check-potfiles.py [--write | --format-macros] SOURCE_ROOT', file=sys.stderr)
        return 2
    root = os.path.abspath(argv[1])
    potfiles = os.path.join(root, 'po', 'POTFILES.in')
    errors = []

    entries = read_potfiles(potfiles)
    listed = [e for _, e in entries]
    if not listed:
        errors.append('po/POTFILES.in lists no file at all')

    for lineno, entry in entries:
        if os.path.isabs(entry) or '..' in entry.split('/'):
            errors.append(f'po/POTFILES.in:{lineno}: {entry}: must be relative to the source root')
        elif not os.path.isfile(os.path.join(root, entry)):
            errors.append(f'po/POTFILES.in:{lineno}: {entry}: no such file')

    seen = set()
    for lineno, entry in entries:
        if entry in seen:
            errors.append(f'po/POTFILES.in:{lineno}: {entry}: listed twice')
        seen.add(entry)

    if listed != sorted(listed):
        for (lineno, a), (_, b) in zip(entries, entries[1:]):
            if b < a:
                errors.append(f'po/POTFILES.in:{lineno + 1}: {b}: not sorted (comes after {a})')
                break

    found = find_translatable(root)
    missing = [f for f in found if f not in seen]
    for f in missing:
        errors.append(f'{f}: has translatable strings but is missing from po/POTFILES.in')

    if errors:
        for e in errors:
            print(e, file=sys.stderr)
        existing = {e for e in listed if os.path.isfile(os.path.join(root, e))}
        if missing or existing != set(listed):
            print('\nThe sorted list should read:', file=sys.stderr)
            for f in sorted(existing | set(missing)):
                print('  ' + f, file=sys.stderr)
        return 1

    print(f'po/POTFILES.in lists all {len(found)} files with translatable strings')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
