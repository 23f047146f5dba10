#!/usr/bin/env python3
# check-translations.py: every language in po/LINGUAS is complete
#
# Copyright 2026 The FitMyGPU authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-translations.py SOURCE_ROOT XGETTEXT MSGCMP
#        check-translations.py --write-pot OUTPUT SOURCE_ROOT XGETTEXT
#
# Extracts the strings of the files in po/POTFILES.in exactly as meson's
# fitmygpu-pot target does (the glib preset), then asks msgcmp whether each
# .po file translates every one of them. Fuzzy entries count as missing: a
# translator has to confirm them. build-aux/update-po.sh brings the .po
# files up to date and lists what is left.

import os
import subprocess
import sys
import tempfile

# meson's PRESET_ARGS['glib'] plus its own -k_ (mesonbuild/modules/i18n.py).
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments', '-k_',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format', '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]


def write_pot(root, xgettext, pot):
    po_dir = os.path.join(root, 'po')
    cmd = [xgettext, '--package-name=fitmygpu', '-f', os.path.join(po_dir, 'POTFILES.in'),
           '-D', root, '-o', pot] + XGETTEXT_ARGS
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0 or not os.path.isfile(pot):
        print(proc.stdout, file=sys.stderr)
        print('xgettext failed', file=sys.stderr)
        return False
    return True


def main(argv):
    if len(argv) == 5 and argv[1] == '--write-pot':
        return 0 if write_pot(argv[3], argv[4], argv[2]) else 1
    if len(argv) != 4:
        print('usage: check-translations.py SOURCE_ROOT XGETTEXT MSGCMP\n'
              '       check-translations.py --write-pot OUTPUT SOURCE_ROOT XGETTEXT', file=sys.stderr)
        return 2
    root, xgettext, msgcmp = argv[1:]
    po_dir = os.path.join(root, 'po')

    with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
        langs = [w for line in f if not line.lstrip().startswith('#') for w in line.split()]
    errors = []
    for required in ('de', 'fr'):
        if required not in langs:
            errors.append(f'po/LINGUAS lacks {required}')

    with tempfile.TemporaryDirectory(prefix='fitmygpu-pot-') as tmp:
        pot = os.path.join(tmp, 'fitmygpu.pot')
        if not write_pot(root, xgettext, pot):
            return 1

        for lang in langs:
            po = os.path.join(po_dir, lang + '.po')
            if not os.path.isfile(po):
                errors.append(f'po/{lang}.po does not exist')
                continue
            proc = subprocess.run([msgcmp, po, pot], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
            problems = [line for line in proc.stdout.splitlines()
                        if 'is not used' not in line and line.strip()]
            if proc.returncode != 0:
                errors.append(f'po/{lang}.po is incomplete; run build-aux/update-po.sh:\n  '
                              + '\n  '.join(problems))

    if errors:
        for e in errors:
            print(e, file=sys.stderr)
        return 1
    print(f'{", ".join(langs)}: every string is translated')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
