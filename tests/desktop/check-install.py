#!/usr/bin/env python3
# check-install.py: `meson install` puts every file where the desktop expects it
#
# Copyright 2026 The FitMyGPU authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-install.py MESON BUILD_DIR [--gui] PATH...
#
# Installs the build into a temporary DESTDIR and checks that each PATH (an
# absolute installed path, prefix included) is there, is a non-empty regular
# file, and that the executables are executable. --gui adds nothing by
# itself; it is printed so a failure log says which kind of build it was.

import os
import shutil
import subprocess
import sys
import tempfile


def main(argv):
    if len(argv) < 4:
        print('usage: check-install.py MESON BUILD_DIR [--gui] PATH...', file=sys.stderr)
        return 2
    meson, build_dir = argv[1], argv[2]
    rest = argv[3:]
    gui = '--gui' in rest
    paths = [p for p in rest if p != '--gui']

    destdir = tempfile.mkdtemp(prefix='fitmygpu-install-')
    try:
        # --no-rebuild: meson test has built everything already, and a
        # rebuild from inside a test would race with the running ninja.
        cmd = [meson, 'install', '-C', build_dir, '--destdir', destdir, '--no-rebuild', '--quiet']
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            print(' '.join(cmd), file=sys.stderr)
            print(proc.stdout, file=sys.stderr)
            print(f'meson install failed with status {proc.returncode}', file=sys.stderr)
            return 1

        errors = []
        for path in paths:
            if not os.path.isabs(path):
                errors.append(f'{path}: expected an absolute installed path')
                continue
            installed = os.path.join(destdir, path.lstrip('/'))
            if not os.path.isfile(installed):
                errors.append(f'{path}: not installed')
            elif os.path.getsize(installed) == 0:
                errors.append(f'{path}: installed but empty')
            elif os.path.basename(os.path.dirname(path)) == 'bin' and not os.access(installed, os.X_OK):
                errors.append(f'{path}: installed but not executable')

        # A stray absolute path in an install rule would escape DESTDIR and
        # land in the real system; meson puts it under DESTDIR anyway, so
        # look for anything outside the prefix.
        prefix = os.path.commonpath([p for p in paths if os.path.isabs(p)] or ['/'])
        for dirpath, _, filenames in os.walk(destdir):
            for name in filenames:
                rel = '/' + os.path.relpath(os.path.join(dirpath, name), destdir)
                if not rel.startswith(prefix.rstrip('/') + '/'):
                    errors.append(f'{rel}: installed outside the prefix {prefix}')

        kind = 'GUI and CLI' if gui else 'CLI only'
        if errors:
            for e in errors:
                print(e, file=sys.stderr)
            print(f'{len(errors)} problems in the installed tree ({kind} build)', file=sys.stderr)
            return 1
        print(f'all {len(paths)} files installed ({kind} build)')
        return 0
    finally:
        shutil.rmtree(destdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
