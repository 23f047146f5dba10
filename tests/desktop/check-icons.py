#!/usr/bin/env python3
# check-icons.py: the app icons follow the GNOME and Flathub icon rules
#
# Copyright 2026 The FitMyGPU authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-icons.py APP_ID ICONS_DIR
#
# The full-colour icon is a 128×128 SVG in hicolor/scalable/apps with no
# raster images, no text (fonts differ between systems) and no filters
# (a baked-in shadow is a Flathub quality failure). The symbolic icon is a
# 16×16 SVG in hicolor/symbolic/apps drawn only in #2e3436 fills, which GTK
# recolours to the theme's foreground.

import os
import re
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
FORBIDDEN = ('image', 'text', 'filter', 'feGaussianBlur', 'feDropShadow', 'foreignObject', 'script')
SYMBOLIC_COLOR = '#2e3436'

errors = []


def local(tag):
    return tag.split('}', 1)[-1]


def colours(elem):
    """The paint values an element sets, through attributes or style."""
    found = {}
    for prop in ('fill', 'stroke'):
        if prop in elem.attrib:
            found[prop] = elem.attrib[prop].strip().lower()
    for decl in elem.attrib.get('style', '').split(';'):
        if ':' in decl:
            prop, value = (s.strip().lower() for s in decl.split(':', 1))
            if prop in ('fill', 'stroke'):
                found[prop] = value
    return found


def check(path, size, symbolic):
    name = os.path.basename(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        errors.append(f'{name}: {e}')
        return
    if root.tag != SVG + 'svg':
        errors.append(f'{name}: the root element is not an SVG <svg>')
        return
    for attr in ('width', 'height'):
        if root.get(attr) != str(size):
            errors.append(f'{name}: {attr} must be {size}, not {root.get(attr)}')
    if root.get('viewBox', '').split() != ['0', '0', str(size), str(size)]:
        errors.append(f'{name}: the viewBox must be 0 0 {size} {size}')

    shapes = 0
    for elem in root.iter():
        tag = local(elem.tag)
        if tag in FORBIDDEN:
            errors.append(f'{name}: <{tag}> is not allowed in an app icon')
        if tag in ('path', 'rect', 'circle', 'ellipse', 'polygon'):
            shapes += 1
        if any(k.endswith('href') and not v.startswith('#') for k, v in elem.attrib.items()):
            errors.append(f'{name}: <{tag}> links to an external resource')
        if symbolic:
            for prop, value in colours(elem).items():
                if prop == 'stroke' and value != 'none':
                    errors.append(f'{name}: <{tag}> has a stroke; symbolic icons are filled paths')
                if prop == 'fill' and value not in ('none', SYMBOLIC_COLOR):
                    errors.append(f'{name}: <{tag}> is filled with {value}, not {SYMBOLIC_COLOR}')
    if shapes == 0:
        errors.append(f'{name}: draws nothing')

    if not symbolic:
        with open(path, encoding='utf-8') as f:
            palette = set(c.lower() for c in re.findall(r'#[0-9a-fA-F]{6}\b', f.read()))
        if len(palette) < 3:
            errors.append(f'{name}: a full-colour icon with {len(palette)} colours')


def main(argv):
    if len(argv) != 3:
        print('usage: check-icons.py APP_ID ICONS_DIR', file=sys.stderr)
        return 2
    app_id, icons = argv[1], argv[2]
    check(os.path.join(icons, 'hicolor', 'scalable', 'apps', app_id + '.svg'), 128, False)
    check(os.path.join(icons, 'hicolor', 'symbolic', 'apps', app_id + '-symbolic.svg'), 16, True)
    for dirpath, _, filenames in os.walk(os.path.join(icons, 'hicolor')):
        for f in filenames:
            rel = os.path.relpath(os.path.join(dirpath, f), icons)
            if 'scalable' in rel.split(os.sep) and not f.endswith('.svg'):
                errors.append(f'{rel}: only SVG files belong in scalable/')
            if os.path.basename(dirpath) == 'apps' and not f.startswith(app_id):
                errors.append(f'{rel}: Flatpak exports only icons named after {app_id}')
    if errors:
        for e in errors:
            print(e, file=sys.stderr)
        return 1
    print('icons: ok')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
