#!/usr/bin/env python3
# check-metainfo.py: Flathub's metainfo rules that appstreamcli 0.16 misses
#
# Copyright 2026 The FitMyGPU authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-metainfo.py METAINFO DESKTOP_FILE SOURCE_ROOT VERSION [--screenshots]
#
# appstreamcli validate checks the syntax; Flathub's linter and quality
# guidelines check more, and cannot run offline. Without --screenshots this
# checks the text, the ids, the release, the branding and the URLs; with
# --screenshots it checks that every screenshot the metainfo points at exists
# in data/screenshots/ (build-aux/screenshots.sh makes them) and is a PNG of
# a sensible size.

import datetime
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
REPO = 'fitmygpu/FitMyGPU'
RAW_PREFIX = f'https://raw.githubusercontent.com/{REPO}/'

errors = []


def error(msg):
    errors.append(msg)


def untranslated(parent, tag):
    return [e for e in parent.findall(tag) if XML_LANG not in e.attrib]


def text_of(elem):
    return ' '.join(''.join(elem.itertext()).split())


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b'\x89PNG\r\n\x1a\n' or head[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', head[16:24])


def check_text(root, desktop_id):
    app_id = root.findtext('id', '').strip()
    if root.get('type') != 'desktop-application':
        error('the component type must be desktop-application')

    names = untranslated(root, 'name')
    if len(names) != 1 or not (0 < len(text_of(names[0])) < 20):
        error('one untranslated <name> shorter than 20 characters is needed')

    summaries = untranslated(root, 'summary')
    if len(summaries) != 1:
        error('one untranslated <summary> is needed')
    else:
        summary = text_of(summaries[0])
        if not 10 <= len(summary) <= 35:
            error(f'the summary "{summary}" has {len(summary)} characters, not 10 to 35')
        if summary.endswith('.'):
            error('the summary ends with a full stop')
        if summary[:1] != summary[:1].upper():
            error('the summary must start with a capital letter')

    description = root.find('description')
    paragraphs = untranslated(description, 'p') if description is not None else []
    if not paragraphs or len(text_of(paragraphs[0])) < 80:
        error('the first description paragraph must have at least 80 characters')
    if description is None or not description.findall('ul/li'):
        error('the description should list the features')

    dev = root.findall('developer_name')
    if not dev or not text_of(dev[0]):
        error('<developer_name> is missing (appstream 0.16 does not know <developer>)')

    for tag, value in (('metadata_license', 'CC0-1.0'), ('project_license', 'GPL-3.0-or-later')):
        if root.findtext(tag, '').strip() != value:
            error(f'<{tag}> must be {value}')

    launchable = root.find('launchable[@type="desktop-id"]')
    if launchable is None or launchable.text.strip() != desktop_id:
        error(f'<launchable type="desktop-id"> must name {desktop_id}')
    if desktop_id != app_id + '.desktop':
        error(f'the desktop file {desktop_id} is not named after the app id {app_id}')

    binaries = {b.text.strip() for b in root.findall('provides/binary')}
    if binaries != {'fitmygpu', 'fitmygpu-cli'}:
        error(f'<provides> must list the binaries fitmygpu and fitmygpu-cli, not {sorted(binaries)}')

    translation = root.find('translation[@type="gettext"]')
    if translation is None or translation.text.strip() != 'fitmygpu':
        error('<translation type="gettext">fitmygpu</translation> is missing')

    urls = {u.get('type'): u.text.strip() for u in root.findall('url')}
    for kind in ('homepage', 'bugtracker', 'vcs-browser'):
        if not urls.get(kind, '').startswith(f'https://github.com/{REPO}'):
            error(f'<url type="{kind}"> must point at https://github.com/{REPO}')

    rating = root.find('content_rating')
    if rating is None or rating.get('type') != 'oars-1.1':
        error('<content_rating type="oars-1.1"/> is missing')

    colors = root.findall('branding/color[@type="primary"]')
    schemes = {c.get('scheme_preference'): c.text.strip().lower() for c in colors}
    if set(schemes) != {'light', 'dark'}:
        error('<branding> needs one primary colour for light and one for dark')
    elif schemes['light'] == schemes['dark']:
        error('the light and dark brand colours must differ')
    for c in schemes.values():
        if not re.fullmatch(r'#[0-9a-f]{6}', c):
            error(f'the brand colour {c} is not #rrggbb')

    length = root.find('requires/display_length')
    if length is None or length.get('compare') != 'ge' or int(length.text) < 360:
        error('<requires><display_length compare="ge"> of at least 360 is missing')
    controls = {c.text.strip() for c in root.findall('supports/control')}
    if not {'keyboard', 'pointing'} <= controls:
        error('<supports> must list keyboard and pointing')

    releases = root.findall('releases/release')
    if not releases:
        error('<releases> is empty')
    today = datetime.date.today()
    for release in releases:
        version, date = release.get('version'), release.get('date', '')
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError:
            error(f'release {version}: "{date}" is not an ISO date')
            continue
        if day > today:
            error(f'release {version} is dated {date}, in the future')
        if release.find('description/p') is None:
            error(f'release {version} has no description')
    if releases and releases[0].get('version') != PROJECT_VERSION:
        error(f'the newest release is {releases[0].get("version")}, but meson says {PROJECT_VERSION}')
    dates = [r.get('date', '') for r in releases]
    if dates != sorted(dates, reverse=True):
        error('releases must be listed newest first')

    shots = root.findall('screenshots/screenshot')
    if not shots:
        error('at least one screenshot is needed')
    if len([s for s in shots if s.get('type') == 'default']) != 1:
        error('exactly one screenshot must be the default')
    for shot in shots:
        image = shot.findtext('image', '').strip()
        if not re.match(re.escape(RAW_PREFIX) + r'(v[0-9][0-9.]*|[0-9a-f]{40})/', image):
            error(f'{image}: screenshots must be pinned to a release tag')
        if not image.endswith('.png'):
            error(f'{image}: screenshots must be PNG')
        captions = untranslated(shot, 'caption')
        if len(captions) != 1:
            error(f'{image}: one caption is needed')
        else:
            caption = text_of(captions[0])
            if not caption or caption.endswith('.') or '. ' in caption:
                error(f'{image}: the caption "{caption}" must be one sentence without a full stop')


def check_screenshots(root, source_root):
    tag = f'v{PROJECT_VERSION}/'
    for shot in root.findall('screenshots/screenshot'):
        image = shot.findtext('image', '').strip()
        if not image.startswith(RAW_PREFIX + tag):
            error(f'{image}: expected the tag {tag[:-1]} of this version')
            continue
        rel = image[len(RAW_PREFIX + tag):]
        path = os.path.join(source_root, rel)
        if not rel.startswith('data/screenshots/') or not os.path.isfile(path):
            error(f'{rel}: the screenshot is missing; run build-aux/screenshots.sh')
            continue
        size = png_size(path)
        if size is None:
            error(f'{rel}: not a PNG file')
        elif not (360 <= size[0] <= 2000 and 300 <= size[1] <= 1400):
            error(f'{rel}: {size[0]}×{size[1]} is outside 360×300 … 2000×1400')
        elif os.path.getsize(path) < 10000:
            error(f'{rel}: {os.path.getsize(path)} bytes is too small for a real window')


PROJECT_VERSION = None


def main(argv):
    global PROJECT_VERSION
    args = [a for a in argv[1:] if a != '--screenshots']
    if len(args) != 4:
        print('usage: check-metainfo.py METAINFO DESKTOP_FILE SOURCE_ROOT VERSION [--screenshots]',
              file=sys.stderr)
        return 2
    metainfo, desktop, source_root, PROJECT_VERSION = args
    try:
        root = ET.parse(metainfo).getroot()
    except (OSError, ET.ParseError) as e:
        print(f'{metainfo}: {e}', file=sys.stderr)
        return 1
    if '--screenshots' in argv:
        check_screenshots(root, source_root)
    else:
        check_text(root, os.path.basename(desktop))
    if errors:
        for e in errors:
            print(f'{os.path.basename(metainfo)}: {e}', file=sys.stderr)
        return 1
    print(f'{os.path.basename(metainfo)}: ok')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
