#!/usr/bin/env python3
# check-flatpak-manifest.py: the offline part of flatpak-builder-lint
#
# Copyright 2026 The FitMyGPU authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-flatpak-manifest.py MANIFEST METAINFO
#
# flatpak-builder and its linter cannot run offline, so this checks what can
# be checked from the file alone, following the Flathub requirements: strict
# JSON with a trailing newline, the key order of the manifest style guide, the
# app id everywhere, the exact permission set (no network, no filesystem), a
# bare command that the build installs into bin/, and one meson module built
# from this checkout.

import json
import os
import re
import sys
import xml.etree.ElementTree as ET

FINISH_ARGS = ['--share=ipc', '--socket=fallback-x11', '--socket=wayland', '--device=dri']

TOPLEVEL_ORDER = ['id', 'runtime', 'runtime-version', 'sdk', 'command',
                  'finish-args', 'cleanup', 'build-options', 'modules']
REQUIRED_TOPLEVEL = ['id', 'runtime', 'runtime-version', 'sdk', 'command', 'modules']
# name, buildsystem, ..., run-tests, config-opts, sources
MODULE_FIRST = ['name', 'buildsystem']
MODULE_LAST = ['run-tests', 'config-opts', 'sources']
# type, url, ..., tag, commit
SOURCE_FIRST = ['type', 'url']
SOURCE_LAST = ['tag', 'commit']

APP_ID_RE = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){2,3}'
                       r'\.[A-Za-z_][A-Za-z0-9_-]*$')

errors = []


def error(msg):
    errors.append(msg)


def reject_duplicates(pairs):
    keys = [k for k, _ in pairs]
    for k in set(keys):
        if keys.count(k) > 1:
            error(f'duplicate key "{k}"')
    return dict(pairs)


def check_order(keys, first, last, where):
    """Keys in @first must lead in that order, keys in @last must close in
    that order; anything else goes in between."""
    present_first = [k for k in first if k in keys]
    present_last = [k for k in last if k in keys]
    head = keys[:len(present_first)]
    tail = keys[len(keys) - len(present_last):] if present_last else []
    if head != present_first:
        error(f'{where}: keys must start with {present_first}, found {keys}')
    if tail != present_last:
        error(f'{where}: keys must end with {present_last}, found {keys}')


def installed_executables(manifest_dir):
    """The names of the executable() targets under src/ of the checkout the
    manifest builds that have install: true, which meson puts into bin/
    (the installed tree itself is checked by the install test)."""
    names = set()
    src = os.path.join(manifest_dir, '..', 'src')
    for dirpath, _, filenames in os.walk(src):
        if 'meson.build' not in filenames:
            continue
        with open(os.path.join(dirpath, 'meson.build'), encoding='utf-8') as f:
            text = re.sub(r'#[^\n]*', '', f.read())
        for m in re.finditer(r"\bexecutable\s*\(\s*'([^']+)'", text):
            # The arguments run to the matching parenthesis.
            depth, end = 1, m.end()
            while end < len(text) and depth > 0:
                depth += {'(': 1, ')': -1}.get(text[end], 0)
                end += 1
            if re.search(r'\binstall\s*:\s*true\b', text[m.end():end]):
                names.add(m.group(1))
    return names


def main(argv):
    if len(argv) != 3:
        print('usage: check-flatpak-manifest.py MANIFEST METAINFO', file=sys.stderr)
        return 2
    manifest_path, metainfo_path = argv[1], argv[2]

    with open(manifest_path, 'rb') as f:
        raw = f.read()
    if not raw.endswith(b'\n') or raw.endswith(b'\n\n'):
        error('the manifest must end with exactly one newline')
    if b'\t' in raw:
        error('the manifest is indented with tabs; use spaces')
    try:
        text = raw.decode('utf-8')
        manifest = json.loads(text, object_pairs_hook=reject_duplicates)
    except (UnicodeDecodeError, ValueError) as e:
        error(f'not valid JSON: {e}')
        manifest = None
    if not isinstance(manifest, dict):
        error('the manifest is not a JSON object')
        return report()

    keys = list(manifest)
    for k in REQUIRED_TOPLEVEL:
        if k not in manifest:
            error(f'missing required key "{k}"')
    unknown = [k for k in keys if k not in TOPLEVEL_ORDER]
    if unknown:
        error(f'keys outside the expected set {TOPLEVEL_ORDER}: {unknown}')
    known = [k for k in keys if k in TOPLEVEL_ORDER]
    if known != sorted(known, key=TOPLEVEL_ORDER.index):
        error(f'top-level keys are not in the order {TOPLEVEL_ORDER}: {keys}')
    if 'branch' in manifest:
        error('"branch" belongs outside the manifest (toplevel-unnecessary-branch)')

    app_id = manifest.get('id', '')
    if not APP_ID_RE.match(app_id) or len(app_id.split('.')) < 4:
        error(f'"{app_id}" is not a valid code-hosting app id (4 or 5 components)')
    file_id = os.path.basename(manifest_path)
    if file_id.endswith('.json'):
        file_id = file_id[:-len('.json')]
    if file_id != app_id:
        error(f'the manifest file is named "{file_id}.json" but the id is "{app_id}"')

    try:
        metainfo_id = ET.parse(metainfo_path).getroot().findtext('id', '').strip()
    except (OSError, ET.ParseError) as e:
        error(f'cannot read the metainfo {metainfo_path}: {e}')
        metainfo_id = None
    if metainfo_id is not None and metainfo_id != app_id:
        error(f'the metainfo id "{metainfo_id}" differs from the manifest id "{app_id}"')

    if manifest.get('runtime') != 'org.gnome.Platform':
        error(f'runtime must be org.gnome.Platform, not {manifest.get("runtime")!r}')
    if manifest.get('sdk') != 'org.gnome.Sdk':
        error(f'sdk must be org.gnome.Sdk, not {manifest.get("sdk")!r}')
    version = manifest.get('runtime-version')
    if not isinstance(version, str) or not re.fullmatch(r'[0-9]+', version) or int(version) < 50:
        error(f'runtime-version must be a string naming GNOME 50 or newer, not {version!r}')

    command = manifest.get('command')
    if not isinstance(command, str) or not command or '/' in command:
        error(f'command must be a bare binary name (toplevel-command-is-path), not {command!r}')
    else:
        binaries = installed_executables(os.path.dirname(os.path.abspath(manifest_path)))
        if command not in binaries:
            error(f'command "{command}" is not an installed executable of this project '
                  f'(found {sorted(binaries)})')

    finish_args = manifest.get('finish-args')
    if not isinstance(finish_args, list):
        error('finish-args must be a list')
        finish_args = []
    if sorted(finish_args) != sorted(FINISH_ARGS) or len(finish_args) != len(FINISH_ARGS):
        error(f'finish-args must be exactly {FINISH_ARGS}, found {finish_args}')
    for arg in finish_args:
        if arg.startswith('--share=network'):
            error('the app is offline: no --share=network')
        if arg.startswith(('--filesystem', '--talk-name', '--system-talk-name', '--own-name')):
            error(f'{arg}: files go through the portals; no filesystem or D-Bus permission')
        if arg in ('--socket=x11', '--device=all'):
            error(f'{arg}: broader than needed')

    cleanup = manifest.get('cleanup', [])
    for path in ('/include', '/lib/pkgconfig', '/share/man'):
        if path not in cleanup:
            error(f'cleanup should drop {path}')

    modules = manifest.get('modules')
    if not isinstance(modules, list) or len(modules) != 1 or not isinstance(modules[0], dict):
        error('modules must hold exactly one module, ours (everything else is in the GNOME SDK)')
        return report()
    module = modules[0]
    check_order(list(module), MODULE_FIRST, MODULE_LAST, 'module')
    if module.get('name') != 'fitmygpu':
        error(f'the module must be named fitmygpu, not {module.get("name")!r}')
    if module.get('buildsystem') != 'meson':
        error('the module must be built with meson')
    opts = module.get('config-opts', [])
    if module.get('run-tests', False) and '-Dtests=false' in opts:
        error('run-tests is true but -Dtests=false builds no tests')
    sources = module.get('sources')
    if not isinstance(sources, list) or len(sources) != 1:
        error('the module must have exactly one source')
    else:
        source = sources[0]
        check_order(list(source), SOURCE_FIRST, SOURCE_LAST, 'source')
        if source.get('type') != 'dir' or source.get('path') != '..':
            error('the source must be {"type": "dir", "path": ".."}: this checkout')
        else:
            root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(manifest_path)),
                                                 source['path']))
            if not os.path.isfile(os.path.join(root, 'meson.build')):
                error(f'{root} has no meson.build')

    return report()


def report():
    if errors:
        for e in errors:
            print(f'flatpak manifest: {e}', file=sys.stderr)
        return 1
    print('flatpak manifest: ok')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
