#!/usr/bin/env python3
# run-validator.py: run a validator and fail on any complaint, not just errors
#
# Copyright 2026 The FitMyGPU authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-validator.py [--allow REGEX]... -- COMMAND [ARG...]
#
# desktop-file-validate exits 0 after printing hints, msgfmt after printing
# warnings; we want none of either. This fails when COMMAND exits non-zero or
# prints any line that no --allow regular expression matches in full.

import re
import subprocess
import sys


def main(argv):
    allow = []
    args = argv[1:]
    while args and args[0] != '--':
        if args[0] == '--allow' and len(args) > 1:
            allow.append(re.compile(args[1]))
            args = args[2:]
        else:
            print(f'unknown argument {args[0]}', file=sys.stderr)
            return 2
    if len(args) < 2:
        print('usage: run-validator.py [--allow REGEX]... -- COMMAND [ARG...]', file=sys.stderr)
        return 2
    command = args[1:]

    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    complaints = [line for line in proc.stdout.splitlines()
                  if line.strip() and not any(a.fullmatch(line.strip()) for a in allow)]
    print(proc.stdout, end='')
    if proc.returncode != 0:
        print(f'{command[0]} exited with status {proc.returncode}', file=sys.stderr)
        return 1
    if complaints:
        print(f'{command[0]} printed {len(complaints)} unexpected lines', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
