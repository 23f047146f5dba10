#!/usr/bin/env python3
# check-manpage.py: fitmygpu-cli(1) is well-formed and matches the program
#
# Copyright 2026 The FitMyGPU authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-manpage.py MANPAGE FITMYGPU_CLI [GROFF]
#
# A man page drifts from the program as soon as someone adds an option. This
# asks every command for its --help and fails when an option the program
# accepts is not documented, when the page documents an option no command
# accepts, or when a documented command is unknown. With GROFF it also
# formats the page with all warnings on and fails on any warning.

import re
import subprocess
import sys

COMMANDS = ['estimate', 'report', 'models', 'gpus', 'show', 'detect', 'inspect']
ENVIRONMENT = ['FITMYGPU_SYSFS_ROOT', 'FITMYGPU_PROC_ROOT', 'FITMYGPU_NVML_LIBRARY', 'XDG_DATA_HOME']
SECTIONS = ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'OPTIONS', 'EXIT STATUS',
            'ENVIRONMENT', 'FILES']

HELP_OPTION = re.compile(r'^\s+(?:-([A-Za-z0-9]), )?--([a-z0-9][a-z0-9-]*)', re.M)
FONT_ESCAPE = re.compile(r'\\f[BIRP]')


def main(argv):
    if len(argv) not in (3, 4):
        print('usage: check-manpage.py MANPAGE FITMYGPU_CLI [GROFF]', file=sys.stderr)
        return 2
    manpage, cli = argv[1], argv[2]
    groff = argv[3] if len(argv) == 4 else None
    errors = []

    with open(manpage, encoding='utf-8') as f:
        source = f.read()
    # Troff escapes the hyphens of options as \-; compare plain text.
    plain = FONT_ESCAPE.sub('', source.replace('\\-', '-'))

    sections = re.findall(r'^\.SH\s+"?([^"\n]+)"?\s*$', source, re.M)
    for name in SECTIONS:
        if name not in sections:
            errors.append(f'the section {name} is missing')
    for var in ENVIRONMENT:
        if not re.search(r'^\.B\s+' + var + r'\s*$', source, re.M):
            errors.append(f'the environment variable {var} is not documented')
    if not re.search(r'^\.B\s+0$.*^\.B\s+1$.*^\.B\s+2$', source, re.M | re.S):
        errors.append('the exit statuses 0, 1 and 2 are not documented')

    documented = set(re.findall(r'--([a-z0-9][a-z0-9-]*)', plain))
    accepted = set()
    for command in COMMANDS:
        if not re.search(r'^\.B\s+' + command + r'\s*$', source, re.M):
            errors.append(f'the command {command} is not documented')
        proc = subprocess.run([cli, command, '--help'], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            errors.append(f'`fitmygpu-cli {command} --help` exited with {proc.returncode}: '
                          f'{proc.stdout.strip()[:200]}')
            continue
        pairs = [(short, long) for short, long in HELP_OPTION.findall(proc.stdout)
                 if not long.startswith('help')]
        options = {long for _, long in pairs}
        if not options:
            errors.append(f'`fitmygpu-cli {command} --help` lists no options')
        for option in sorted(options - documented):
            errors.append(f'{command}: --{option} is accepted but not documented')
        for short, long in pairs:
            if short and not re.search(rf'^-{short}, --{long}\b', plain, re.M):
                errors.append(f'{command}: -{short} is the short form of --{long} '
                              f'but the page does not say so')
        accepted |= options

    proc = subprocess.run([cli, '--version'], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    if proc.returncode == 0:
        accepted.add('version')

    for option in sorted(documented - accepted - {'help'}):
        errors.append(f'--{option} is documented but no command accepts it')

    if groff:
        proc = subprocess.run([groff, '-man', '-ww', '-z', manpage], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0 or proc.stdout.strip():
            errors.append(f'groff reports: {proc.stdout.strip()}')

    if errors:
        for e in errors:
            print(f'{manpage}: {e}', file=sys.stderr)
        return 1
    print(f'{manpage}: {len(accepted)} options, all documented')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
