#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write visp as an in-tree patch series against Linux 6.12, and check it.

The series is made from the project's own files (their paths are kernel
paths already) and the few lines an in-tree driver adds to the kernel's
files: the meta formats in videodev2.h and their descriptions in
v4l2-ioctl.c, the control base in v4l2-controls.h, the vendor prefix, the
Kconfig and Makefile entries, the documentation indices and MAINTAINERS.
The base is Debian's linux-source-6.12, committed once into a git
repository in the cache; each run resets that repository and commits the
series onto it, then `git format-patch` writes it.

The driver and the simulator come in steps, each of which builds on its
own: the driver (the memory-to-memory ISP with its reset configuration),
its CSI-2 receiver for an inline camera, its parameters node with the
validator and its KUnit suite, its statistics node, the Request API; the
simulated SoC with the suites of its registers, device and model, then
its camera sensor with the suite of its renderer.

The driver's earlier steps are made from the project's files by removing
lines, never by writing any: series/<step>.diff holds the hunks that
take the step's feature out of the files of the steps up to it, applied
to the project's files newest step first (see STEPS). A hunk that adds a
line is refused, and one that no longer applies stops the run with the
step to refresh (--help says how). The Makefile and Kconfig of a
directory are never written twice: at each step they are the project's,
with the objects whose sources the series has added so far and the
options that build them. The MAINTAINERS entries grow with the files they
cover.

With --check, every patch is then checked on its own, in order: the tree
at that patch builds in-tree (W=1, the debug test kernel's configuration
with the visp options; a patch that changes no file the build reads is
not rebuilt) and its modules link: kbuild's single module targets
(dir/name.ko) run modpost on them, against the test kernel's vmlinux.o
and its modules that export symbols, and any modpost warning fails the
step, as does a change of what v4l2-ioctl.o exports or of what the
configuration builds that would make the test kernel's vmlinux.o stale;
the exported UAPI headers compile where it changes them,
and `checkpatch.pl --strict` finds nothing in the patch: every patch that
adds files also adds the MAINTAINERS lines that cover them. One
"PASS name" or "FAIL name" line per check.

The project files that are not part of a kernel submission stay out: the
userspace in tools/, the test harness, the project's Sphinx wrapper and the
reliability report that `make report` writes.
"""

import argparse
import concurrent.futures
import fcntl
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import time

T0 = time.monotonic()

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
TESTING = os.path.join(TOP, 'tools', 'testing', 'visp')
CACHE = os.environ.get('VISP_CACHE') or os.path.join(
    os.environ.get('XDG_CACHE_HOME') or os.path.expanduser('~/.cache'), 'visp')

# The options of the project (Makefile's VISP_CONFIG and VISP_KUNIT_CONFIG).
VISP_OPTIONS = ['VIDEO_VISP', 'VIDEO_VISP_SIM', 'VIDEO_VISP_SENSOR',
                'VIDEO_VISP_KUNIT_TEST', 'VIDEO_VISP_SIM_KUNIT_TEST']
# The menus of drivers/media/platform/Kconfig, off in the test kernel.
PLATFORM_MENUS = ['MEDIA_PLATFORM_DRIVERS', 'V4L_PLATFORM_DRIVERS']


def die(msg):
    print(f'patches: error: {msg}', file=sys.stderr)
    sys.exit(1)


def run(cmd, cwd=None, env=None, capture=False, check=True):
    res = subprocess.run(cmd, cwd=cwd, env=env, text=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE if capture else None,
                         stderr=subprocess.STDOUT if capture else None)
    if check and res.returncode:
        out = res.stdout or ''
        die(f'{" ".join(cmd)} failed ({res.returncode})\n{out[-3000:]}')
    return res


def git(tree, *args, **kw):
    return run(['git', '-C', tree] + list(args), **kw)


def project_file(path):
    with open(os.path.join(TOP, path)) as f:
        return f.read()


def tracked(prefix):
    out = run(['git', '-C', TOP, 'ls-files', prefix], capture=True).stdout
    return [p for p in out.split('\n') if p]


# --- edits of the kernel's own files ------------------------------------------

def insert_sorted(text, pattern, key, line, path):
    """Insert @line before the first line matching @pattern whose group 1
    sorts after @key (or after the last match)."""
    lines = text.split('\n')
    last = None
    for i, l in enumerate(lines):
        m = re.match(pattern, l)
        if not m:
            continue
        if m.group(1) > key:
            lines.insert(i, line)
            return '\n'.join(lines)
        last = i
    if last is None:
        die(f'{path}: no line matches {pattern}')
    lines.insert(last + 1, line)
    return '\n'.join(lines)


def insert_after(text, anchor, new, path):
    if anchor not in text:
        die(f'{path}: anchor not found: {anchor.strip()[:60]}')
    return text.replace(anchor, anchor + new, 1)


def uapi_values():
    """The fourccs and the control base, as the project's header holds them."""
    hdr = project_file('include/uapi/linux/media/visp-config.h')
    vals = {}
    for name in ('PARAMS', 'STATS'):
        m = re.search(r'#define V4L2_META_FMT_VISP_%s\s+(\(.*?\)\))\n' % name,
                      hdr, re.S)
        if not m:
            die(f'visp-config.h: no V4L2_META_FMT_VISP_{name}')
        vals[name] = re.findall(r"'(.)'", m.group(1))
    m = re.search(r'#define V4L2_CID_USER_VISP_BASE\s+\(0x00980900 \+ (0x[0-9a-f]+)\)', hdr)
    if not m:
        die('visp-config.h: no V4L2_CID_USER_VISP_BASE')
    vals['CID_OFFSET'] = m.group(1)
    return vals


def uapi_header_in_tree():
    """visp-config.h without its out-of-tree definitions: in tree the
    kernel's own headers hold them."""
    hdr = project_file('include/uapi/linux/media/visp-config.h')
    comment = re.search(r'\n/\*\n \* Out of tree:.*?\*/\n', hdr, re.S)
    if not comment:
        die('visp-config.h: the out-of-tree comment is gone')
    hdr = hdr[:comment.start()] + hdr[comment.end():]
    hdr, n = re.subn(r'#ifndef V4L2_(?:META_FMT|CID_USER)_VISP\w*\n.*?#endif\n',
                     '', hdr, flags=re.S)
    if n != 3:
        die(f'visp-config.h: {n} out-of-tree definitions, expected 3')
    return hdr.replace('#include <linux/types.h>\n',
                       '#include <linux/types.h>\n#include <linux/v4l2-controls.h>\n', 1)


def edit_vendor_prefixes(t):
    return insert_sorted(t, r'  "\^([a-z0-9-]+),\.\*":', 'visp',
                         '  "^visp,.*":\n    description: VISP image signal processor project',
                         'vendor-prefixes.yaml')


def edit_videodev2(t):
    v = uapi_values()
    fcc = lambda c: 'v4l2_fourcc(%s)' % ', '.join(f"'{x}'" for x in c)
    new = ('\n/* Vendor specific - used for the VISP image signal processor */\n'
           f'#define V4L2_META_FMT_VISP_PARAMS\t{fcc(v["PARAMS"])} /* VISP Parameters */\n'
           f'#define V4L2_META_FMT_VISP_STATS\t{fcc(v["STATS"])} /* VISP Statistics */\n')
    return insert_after(t, "#define V4L2_META_FMT_RPI_BE_CFG\tv4l2_fourcc('R', 'P', 'B', 'C')"
                        " /* PiSP BE configuration */\n", new, 'videodev2.h')


def edit_v4l2_ioctl(t):
    new = ('\tcase V4L2_META_FMT_VISP_PARAMS:\n\t\tdescr = "VISP ISP Parameters";\n\t\tbreak;\n'
           '\tcase V4L2_META_FMT_VISP_STATS:\n\t\tdescr = "VISP ISP Statistics";\n\t\tbreak;\n')
    return insert_after(t, '\tcase V4L2_META_FMT_RPI_BE_CFG:\tdescr = "RPi PiSP BE Config format"; break;\n',
                        new, 'v4l2-ioctl.c')


def edit_v4l2_controls(t):
    off = uapi_values()['CID_OFFSET']
    new = ('\n/*\n * The base for the VISP driver controls.\n'
           ' * We reserve 16 controls for this driver.\n */\n'
           f'#define V4L2_CID_USER_VISP_BASE\t\t\t(V4L2_CID_USER_BASE + {off})\n')
    return insert_after(t, '#define V4L2_CID_USER_THP7312_BASE\t\t(V4L2_CID_USER_BASE + 0x11c0)\n',
                        new, 'v4l2-controls.h')


def edit_toctree(*entries):
    def edit(t):
        for entry in entries:
            t = insert_sorted(t, r'\t([a-z][a-z0-9_/-]*)$', entry, '\t' + entry, 'toctree')
        return t
    return edit


def edit_toctree_spaces(entry):
    def edit(t):
        return insert_sorted(t, r'    (metafmt-[a-z0-9-]+)$', entry, '    ' + entry, 'toctree')
    return edit


def edit_platform_kconfig(t):
    return insert_sorted(t, r'source "drivers/media/platform/([a-z0-9-]+)/Kconfig"', 'visp',
                         'source "drivers/media/platform/visp/Kconfig"', 'platform/Kconfig')


def edit_platform_makefile(t):
    return insert_sorted(t, r'obj-y \+= ([a-z0-9-]+)/$', 'visp', 'obj-y += visp/',
                         'platform/Makefile')


def edit_test_kconfig(t):
    return insert_sorted(t, r'source "drivers/media/test-drivers/(vi[a-z0-9-]+)/Kconfig"',
                         'visp-sim', 'source "drivers/media/test-drivers/visp-sim/Kconfig"',
                         'test-drivers/Kconfig')


def edit_test_makefile(t):
    return insert_sorted(t, r'obj-\$\(CONFIG_(VIDEO_VI[A-Z0-9_]+)\) \+=', 'VIDEO_VISP_SIM',
                         'obj-$(CONFIG_VIDEO_VISP_SIM) += visp-sim/', 'test-drivers/Makefile')


def f_pattern(pat):
    """A MAINTAINERS F: pattern as a regular expression over paths: a
    trailing slash or a directory matches everything below it, a wildcard
    stays within its directory."""
    rx = ''.join('[^/]*' if c == '*' else '[^/]' if c == '?' else re.escape(c) for c in pat)
    return re.compile(rx + ('.*' if pat.endswith('/') else '(/.*)?') + '$')


def maintainers_entries(text):
    """The entries of @text whose name starts with VISP, as (name, lines)."""
    return [(m.group(1), m.group(0).rstrip('\n').split('\n'))
            for m in re.finditer(r'^(VISP [^\n]*)\n(?:[A-Z]:\t.*\n)+', text, re.M)]


def maintainers_in_tree(tree):
    """The project's VISP entries as the kernel's MAINTAINERS gets them at
    this point of the series: each with the file patterns that match
    something in @tree, and only if one does."""
    paths = git(tree, 'ls-files', capture=True).stdout.split('\n') + \
        git(tree, 'ls-files', '--others', capture=True).stdout.split('\n')
    out = []
    for name, lines in maintainers_entries(project_file('MAINTAINERS')):
        keep = [l for l in lines if not l.startswith('F:\t') or
                any(f_pattern(l[3:]).match(p) for p in paths if p)]
        if any(l.startswith('F:\t') for l in keep):
            out.append((name, '\n'.join(keep) + '\n'))
    return out


def update_maintainers(tree):
    path = os.path.join(tree, 'MAINTAINERS')
    with open(path) as f:
        text = f.read()
    for name, entry in maintainers_in_tree(tree):
        old = re.search(r'\n%s\n(?:[A-Z]:\t.*\n)+\n' % re.escape(name), text)
        if old:
            text = text[:old.start() + 1] + entry + '\n' + text[old.end():]
            continue
        # Sections are sorted by name; the list starts after the "Maintainers
        # List" heading's explanation, at the first "3C59X..." style entry.
        for h in re.finditer(r'\n\n([0-9A-Z][^\n]*)\n[A-Z]:\t', text):
            if h.group(1) > name:
                pos = h.start() + 2
                break
        else:
            die('MAINTAINERS: no place for the entry')
        text = text[:pos] + entry + '\n' + text[pos:]
    with open(path, 'w') as f:
        f.write(text)


# --- earlier states of the driver's files ---------------------------------------

SERIES_DIR = os.path.join(TESTING, 'series')
REFRESH = '''Refreshing the steps: when a change of the driver makes a hunk of
series/<step>.diff no longer apply, `patches.py` says which one. Then

  tools/testing/visp/patches.py --export out/steps

writes the driver's directory at each step (out/steps/<step>/...); the
tree of the step before the one whose diff failed is a copy of the tree
after it. Delete from it the lines of the failed step's feature (deleting
only: the series writes no line the project does not have), build it if
you like (make -C <kernel build> M=...), then

  tools/testing/visp/patches.py --import out/steps

writes every series/<step>.diff again from the trees, and
`patches.py --check` checks that each step builds.'''
# The driver's steps, oldest first: each of the later ones has a file
# series/<step>.diff that removes its feature from the files of the steps
# up to it. The project's files are the last step. The CSI-2 receiver
# comes right after the memory-to-memory ISP, as the other input of the
# same job code; the parameters and statistics nodes and the Request API
# then apply to both inputs (the Request API to the memory one only).
STEPS = ('core', 'csi', 'params', 'stats', 'request')


def parse_removal(step):
    """The hunks of series/<step>.diff as {path: [(line, old, new)]}, or
    {path: None} for a file the step adds ("+++ /dev/null", without its
    lines). A hunk that adds a line is refused: every line of the series
    is a line of the project."""
    name = f'series/{step}.diff'
    with open(os.path.join(SERIES_DIR, step + '.diff')) as f:
        lines = f.read().split('\n')
    files, path, hunk = {}, None, None
    for n, line in enumerate(lines, 1):
        if line.startswith('--- '):
            path = line[4:].split('\t')[0]
            path = path[2:] if path.startswith('a/') else path
            continue
        if line.startswith('+++ '):
            if line[4:].split('\t')[0] == '/dev/null':
                files[path] = None
            else:
                files.setdefault(path, [])
            continue
        m = re.match(r'@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@', line)
        if m:
            hunk = (int(m.group(1)), [], [])
            if files.get(path) is not None:
                files[path].append(hunk)
            continue
        if line.startswith('+'):
            die(f'{name}:{n}: the hunk adds a line; the series only removes '
                'the later steps\' lines from the project\'s files')
        if line[:1] in (' ', '-') and hunk:
            hunk[1].append(line[1:])
            if line[0] == ' ':
                hunk[2].append(line[1:])
    return files


def apply_removal(step, texts):
    """Remove step @step's lines from @texts ({path: text}) in place."""
    for path, hunks in parse_removal(step).items():
        if path not in texts or texts[path] is None:
            die(f'series/{step}.diff: {path} is not in the tree; refresh the '
                f'step (patches.py --help, "Refreshing the steps")')
        if hunks is None:
            texts[path] = None
            continue
        lines = texts[path].split('\n')
        offset = 0
        for start, old, new in hunks:
            # At the place the hunk names, or the nearest one that matches.
            want = start - 1 + offset
            at = [i for i in range(len(lines) - len(old) + 1)
                  if lines[i:i + len(old)] == old]
            if not at:
                die(f'series/{step}.diff: the hunk at line {start} of {path} no '
                    f'longer applies; refresh the step (patches.py --help, '
                    '"Refreshing the steps")')
            i = min(at, key=lambda i: abs(i - want))
            lines[i:i + len(old)] = new
            offset = i - (start - 1) + len(new) - len(old)
        texts[path] = '\n'.join(lines)


def step_trees():
    """The driver's files at each step, newest first: {step: {path: text}}
    for the files the steps change (None where a step has not added the
    file yet); a file no step changes is the project's at every step."""
    paths = set()
    for step in STEPS[1:]:
        paths.update(parse_removal(step))
    texts = {p: project_file(p) for p in sorted(paths)}
    trees = {STEPS[-1]: dict(texts)}
    for i in range(len(STEPS) - 1, 0, -1):
        apply_removal(STEPS[i], texts)
        trees[STEPS[i - 1]] = dict(texts)
    return trees


STEP_TEXTS = {}


def source(path):
    """The text of the project's file @path at the step the series is at
    (None when the step has not added it yet)."""
    return STEP_TEXTS[path] if path in STEP_TEXTS else project_file(path)


def export_steps(outdir):
    """Write the driver's files at each step to @outdir/<step>/: each
    step's tree from the one after it with the step's diff applied; when a
    diff no longer applies, the tree of the step after it, to remove the
    feature's lines from again."""
    trees = {STEPS[-1]: {p: project_file(p) for p in tracked(KBUILD_DIRS[0])}}
    for i in range(len(STEPS) - 1, 0, -1):
        texts = dict(trees[STEPS[i]])
        try:
            apply_removal(STEPS[i], texts)
        except SystemExit:
            print(f'patches: {STEPS[i]}.diff does not apply: {STEPS[i - 1]}/ is '
                  f'a copy of {STEPS[i]}/', file=sys.stderr)
            texts = dict(trees[STEPS[i]])
        trees[STEPS[i - 1]] = texts
    shutil.rmtree(outdir, ignore_errors=True)
    for step, texts in trees.items():
        for path, text in texts.items():
            if text is not None:
                write(os.path.join(outdir, step), path, text)
    print(f'patches: the steps {", ".join(STEPS)} in {outdir}', file=sys.stderr)


def import_steps(indir):
    """Write series/<step>.diff from the trees of @indir (export_steps()):
    the lines each step's tree has that the one before it has not."""
    for i in range(1, len(STEPS)):
        new, old = os.path.join(indir, STEPS[i]), os.path.join(indir, STEPS[i - 1])
        out = []
        for path in sorted(set(tracked(KBUILD_DIRS[0]))):
            a, b = os.path.join(new, path), os.path.join(old, path)
            if not os.path.exists(a):
                if os.path.exists(b):
                    die(f'{b} is not in {STEPS[i]}/: a step only removes lines')
                continue
            if not os.path.exists(b):
                # A file the step adds: its name, not a copy of its lines.
                out.append(f'--- a/{path}\n+++ /dev/null\n')
                continue
            res = run(['diff', '-u', '--label', 'a/' + path, '--label', 'b/' + path, a, b],
                      capture=True, check=False)
            if res.returncode > 1:
                die(f'diff {a} {b} failed')
            out.append(res.stdout)
        with open(os.path.join(SERIES_DIR, STEPS[i] + '.diff'), 'w') as f:
            f.write(''.join(out))
        parse_removal(STEPS[i])
    print(f'patches: {", ".join(s + ".diff" for s in STEPS[1:])} written from {indir}',
          file=sys.stderr)


# --- kbuild files at each step --------------------------------------------------

def wrap_objects(head, objs):
    """The statement @head (e.g. 'visp-y :=') @objs, wrapped before column
    80 with its continuation lines aligned after @head, as the project's
    Makefiles are."""
    indent = len(head) + 1
    pad = '\t' * (indent // 8) + ' ' * (indent % 8)
    out, cur = [], head
    for o in objs:
        if cur not in (head, pad) and len((cur + ' ' + o + ' \\').expandtabs()) > 80:
            out.append(cur + ' \\')
            cur = pad + o
        else:
            cur += ('' if cur == pad else ' ') + o
    return out + [cur]


def kbuild_makefile(text, present):
    """The Makefile @text with only the objects whose sources are in
    @present (the file names of its directory), without the paragraphs of
    the modules left with none; and the CONFIG_ symbols of the modules it
    still builds."""
    out, symbols = [], set()
    for para in text.rstrip('\n').split('\n\n'):
        # Statements: their lines joined across continuations.
        stmts, cur = [], []
        for line in para.split('\n'):
            cur.append(line)
            if not line.endswith('\\'):
                stmts.append(cur)
                cur = []
        lines, mods, built = [], [], set()
        for st in stmts:
            joined = ' '.join(l.rstrip('\\').strip() for l in st)
            m = re.match(r'obj-\$\(CONFIG_(\w+)\)\s*\+=\s*([\w-]+)\.o$', joined)
            if m:
                mods.append((m.group(1), m.group(2)))
            m = re.match(r'(([\w-]+)-(?:y|objs)\s*:?=)\s*(.*)$', joined)
            if m and not joined.startswith('obj-'):
                objs = m.group(3).split()
                left = [o for o in objs if o[:-2] + '.c' in present]
                if left:
                    built.add(m.group(2))
                    st = st if left == objs else wrap_objects(m.group(1), left)
                else:
                    st = []
            lines += st
        if mods:
            mods = [(sym, mod) for sym, mod in mods if mod in built or mod + '.c' in present]
            if not mods:
                continue
            symbols.update(sym for sym, _ in mods)
        out.append('\n'.join(lines))
    return '\n\n'.join(out) + '\n', symbols


def kbuild_kconfig(text, symbols):
    """The Kconfig @text with the config entries of @symbols only."""
    blocks = re.split(r'\n(?=config )', text.rstrip('\n'))
    keep = [blocks[0]] + [b for b in blocks[1:]
                          if re.match(r'config (\w+)', b).group(1) in symbols]
    return '\n'.join(b.rstrip('\n') + '\n' for b in keep)


KBUILD_DIRS = ('drivers/media/platform/visp/', 'drivers/media/test-drivers/visp-sim/')


def update_kbuild(tree):
    """Write the Makefile and Kconfig of each visp directory in @tree: the
    project's own, with only the objects whose sources the series has added
    so far, and the options that build them."""
    for d in KBUILD_DIRS:
        full = os.path.join(tree, d)
        if not os.path.isdir(full):
            continue
        present = set(os.listdir(full))
        mk, symbols = kbuild_makefile(source(d + 'Makefile'), present)
        write(tree, d + 'Makefile', mk)
        write(tree, d + 'Kconfig', kbuild_kconfig(source(d + 'Kconfig'), symbols))


# --- the series ---------------------------------------------------------------

def split_files(files, *groups):
    """@files split by the file name patterns of each of @groups, in order:
    a file goes to the first group that matches it, the files no group
    matches to a last list."""
    out = [[] for _ in groups] + [[]]
    for path in files:
        name = os.path.basename(path)
        i = next((i for i, g in enumerate(groups)
                  if any(fnmatch.fnmatchcase(name, pat) for pat in g)), len(groups))
        out[i].append(path)
    return out


# The camera sensor and lens of the simulator, with the KUnit suite of its
# renderer (visp-sensor.h, which the SoC includes to describe the camera in
# its firmware graph, is the SoC's).
SENSOR = ('visp-sensor-*',)
# The Makefile and Kconfig of a directory are written at each step from the
# project's, with what the series has added so far (update_kbuild()).
KBUILD = ('Makefile', 'Kconfig')

_, DRIVER_FILES = split_files(tracked('drivers/media/platform/visp/'), KBUILD)
DRIVER_FILES += ['include/media/visp-regs.h', 'include/trace/events/visp.h']
SENSOR_FILES, _, SIM_FILES = split_files(
    tracked('drivers/media/test-drivers/visp-sim/'), SENSOR, KBUILD)
SIM_FILES += ['include/trace/events/visp_sim.h']
DOC_FILES = [p for p in tracked('Documentation/admin-guide/media/')
             if not p.endswith('visp-reliability.rst')] + \
    tracked('Documentation/driver-api/media/drivers/visp/')

SERIES = [
    dict(subject='dt-bindings: vendor-prefixes: Add VISP',
         body='''Add the vendor prefix of the VISP project, whose image signal
processor the following patches describe and support.''',
         edits={'Documentation/devicetree/bindings/vendor-prefixes.yaml': edit_vendor_prefixes}),
    dict(subject='media: dt-bindings: Add VISP image signal processor',
         body='''Describe the VISP image signal processor: one register window, one
interrupt, its core, AXI and APB clocks, a reset, a power domain, and an
optional port for the MIPI CSI-2 receiver that feeds it a camera's
frames.''',
         files=['Documentation/devicetree/bindings/media/visp,visp-isp.yaml']),
    dict(subject='media: uapi: Add VISP parameters and statistics formats',
         body='''Add the meta formats of the VISP parameters and statistics buffers,
the base of the driver's controls and the header that documents both
buffers.

The parameters buffer is a list of blocks, one per hardware block, with
the buffer and block headers of the generic V4L2 ISP parameters format;
the kernel validates every field before the hardware sees it. The
statistics buffer holds the AWB, AE and AF statistics of a frame and a
bitmask of the units that produced them.

The control base is picked clear of the ranges that drivers have taken
sequentially, as the out-of-tree driver has used it already.''',
         files=['Documentation/userspace-api/media/v4l/metafmt-visp.rst'],
         generated={'include/uapi/linux/media/visp-config.h': uapi_header_in_tree},
         edits={'include/uapi/linux/videodev2.h': edit_videodev2,
                'drivers/media/v4l2-core/v4l2-ioctl.c': edit_v4l2_ioctl,
                'include/uapi/linux/v4l2-controls.h': edit_v4l2_controls,
                'Documentation/userspace-api/media/v4l/meta-formats.rst':
                    edit_toctree_spaces('metafmt-visp')}),
    dict(subject='media: visp: Add VISP image signal processor driver',
         step='core',
         body='''Add a driver for the VISP image signal processor. It processes raw
Bayer frames read from memory into two scaled YUV or RGB outputs.

The media graph has the raw input node, the ISP subdevice, a resizer
subdevice for each output and the main and self path capture nodes. A
job is formed from one buffer of each streaming node. The processing
blocks keep their reset configuration but for the colour space
conversion, which follows the formats of the capture nodes; the ISP
subdevice reports the blocks the driver can program in a read-only
control. The driver handles clocks, the reset, the power domain through
runtime PM with autosuspend, system sleep, frame error reporting and a
watchdog that recovers a hung ISP. Tracepoints mark each buffer and job
for measuring the driver's cost per frame.

The ISP subdevice has its parameters sink and statistics source pads
already; the next patches add the inline input from a camera, the
parameters and statistics nodes behind those pads, and then the Request
API.''',
         files=DRIVER_FILES,
         edits={'drivers/media/platform/Kconfig': edit_platform_kconfig,
                'drivers/media/platform/Makefile': edit_platform_makefile}),
    dict(subject='media: visp: Add the CSI-2 receiver for inline processing',
         step='csi',
         body='''The VISP has a MIPI CSI-2 receiver that feeds the ISP a camera
sensor's frames directly, without a round trip through memory. Add
visp-csi, the subdevice of the receiver, when the firmware graph has an
endpoint on its port: an async notifier binds the sensor of the endpoint
and links it to the receiver, whose source pad gets a link to the video
sink pad of the ISP beside the one of the raw input node; one of the two
is enabled at a time.

With the receiver's link enabled, a job has no input buffer: its START
arms the pipeline, whose frame starts with the next frame the receiver
takes. The first capture or metadata node to stream starts the ISP, the
receiver and the camera, the last one to stop stops them. The buffers
take the number the receiver gave the camera frame as their sequence and
the start of the frame as their timestamp, so a frame the ISP had no job
for leaves a gap in the sequence. The receiver reports frame starts as
V4L2_EVENT_FRAME_SYNC on its subdevice node, and counts its CSI-2
errors in debugfs.

A camera unbound while it streams fails the queues of the streaming
nodes, which leave the media pipeline at once, as it holds the camera's
pads.''',
         files=DRIVER_FILES),
    dict(subject='media: visp: Add the parameters output node',
         step='params',
         body='''Add visp-params, the metadata output node that takes the processing
parameters of each frame in the V4L2_META_FMT_VISP_PARAMS format: a list
of blocks, one per hardware block, with the headers of the generic V4L2
ISP parameters format.

While the node streams, a job takes one of its buffers. A parameters
buffer is copied and validated when it is queued, every field of every
block; an invalid one is refused with -EINVAL and a debug message saying
what is wrong, and only a valid one changes the configuration that the
driver translates to register writes. The validation rules are in
visp-params-core.c, which userspace tools build too, so that they apply
the same rules as the kernel.

A KUnit suite checks each rule of the validation with a valid and an
invalid case, and the register values each valid block is translated to;
it needs neither the hardware nor a simulator.''',
         files=DRIVER_FILES),
    dict(subject='media: visp: Add the statistics capture node',
         step='stats',
         body='''Add visp-stats, the metadata capture node of the statistics the ISP
writes for each frame: the AWB, AE and AF statistics and a bitmask of
the units that produced them, in the V4L2_META_FMT_VISP_STATS format.

The node is linked to the statistics source pad of the ISP; while the
link is enabled, a job takes a statistics buffer too and the ISP writes
it with the frame. A buffer whose header is not the one the ISP writes
for the frame is given back with an error, and counted in debugfs.''',
         files=DRIVER_FILES),
    dict(subject='media: visp: Support the Request API',
         step='request',
         body='''On the memory input path, let the buffers of one frame be queued in a
media request: the job formed from a request takes exactly the buffers
of that request, wherever they are in their queues, so that a
parameters buffer applies to the frame of the input buffer it was queued
with rather than to the frame that queue order gives it.

A request holds one input buffer and at most one buffer of each other
node; a path without a buffer in the request is off for the frame, and
without a parameters buffer the configuration stays that of the previous
frame. Requests carry no controls. As vb2 does for a queue, the device
takes buffers either in requests or without one until its nodes give
them all back, and refuses the other mode with -EBUSY.''',
         files=DRIVER_FILES),
    dict(subject='media: visp-sim: Add a simulated SoC with a VISP',
         body='''Add visp-sim, a platform driver that simulates a system on chip with
the VISP image signal processor of the previous patches, so that the
driver and its userspace can be developed and tested without the
hardware, as netdevsim is for network drivers.

visp-sim provides the register file, the interrupt, the clocks, the
reset and the power domain of the ISP, and the platform device the VISP
driver binds to. It processes each frame with a bit-exact model of the
pipeline, optionally in the time the hardware would take, and can inject
faults through debugfs. Its CSI-2 receiver takes the frames of the
camera that the next patch adds.

KUnit suites cover the register file (shadow registers and their
commit, interrupts, soft reset, power loss and access errors), the
simulated SoC as the VISP driver uses it (register map, clocks, reset,
power domain, interrupt, frames and DMA, faults) and the geometry of the
reference model's formats.''',
         files=SIM_FILES,
         edits={'drivers/media/test-drivers/Kconfig': edit_test_kconfig,
                'drivers/media/test-drivers/Makefile': edit_test_makefile}),
    dict(subject='media: visp-sim: Add a simulated camera sensor and lens',
         body='''Add visp-sensor, the drivers of the camera module of the simulated
SoC: a raw Bayer sensor with two CSI-2 lanes, which sends its frames to
the CSI-2 receiver of the ISP, and a voice coil motor focus lens. The
sensor renders a scene at the rate its blanking sets and applies the
exposure and gain delays of a real sensor, so that the ISP's inline path
and the 3A algorithms can be tested against a camera.

The simulator's KUnit module gains a suite for the renderer. It compiles
a copy of the renderer, so the tests do not depend on the sensor module;
when the sensor is built in, they can only be built as a module.''',
         files=SENSOR_FILES),
    dict(subject='Documentation: media: Add VISP documentation',
         body='''Document the VISP hardware, its registers and timing and the
reference model in the driver API guide, and the driver, its media
graph, a walkthrough and the simulator in the admin guide.''',
         files=DOC_FILES,
         edits={'Documentation/admin-guide/media/v4l-drivers.rst':
                    edit_toctree('visp', 'visp-sim'),
                'Documentation/driver-api/media/drivers/index.rst': edit_toctree('visp/index')}),
]


def author():
    name = run(['git', '-C', TOP, 'config', 'user.name'], capture=True, check=False).stdout.strip()
    mail = run(['git', '-C', TOP, 'config', 'user.email'], capture=True, check=False).stdout.strip()
    return (name or 'The VISP authors'), (mail or 'visp@example.org')


def kernel_source():
    """The extracted linux-source-6.12 of the test kernel, and its version."""
    ver = run(['dpkg-query', '-W', '-f=${Version}', 'linux-source-6.12'],
              capture=True).stdout.strip()
    src = os.path.join(CACHE, 'src', f'linux-source-6.12-{ver}')
    if not os.path.exists(os.path.join(src, '.done')):
        die(f'{src} is not extracted (tools/testing/visp/kernel.sh does it)')
    return src, ver


def edited_paths():
    paths = {'MAINTAINERS'}
    for patch in SERIES:
        paths.update(patch.get('edits', {}))
    return sorted(paths)


def base_tree(src, ver, tree):
    """A git repository holding the kernel files the series edits, as
    linux-source-6.12 has them, tagged 'base'. The patches only touch these
    files and new ones, so `git format-patch` writes the same series as it
    would from the whole kernel's history."""
    shutil.rmtree(tree, ignore_errors=True)
    for path in edited_paths():
        with open(os.path.join(src, path)) as f:
            write(tree, path, f.read())
    git(tree, 'init', '-q')
    git(tree, 'add', '-A', '-f')
    git(tree, '-c', 'user.name=visp', '-c', 'user.email=visp@example.org',
        'commit', '-q', '-m', f'Linux {ver} (Debian linux-source-6.12), the files visp edits')
    git(tree, 'tag', 'base')


def write(tree, path, text):
    full = os.path.join(tree, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, 'w') as f:
        f.write(text)


def make_series(tree, outdir):
    git(tree, 'checkout', '-q', '-b', 'visp', 'base')
    name, mail = author()
    date = run(['git', '-C', TOP, 'log', '-1', '--format=%cI'], capture=True).stdout.strip()
    env = dict(os.environ, GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=mail,
               GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=mail,
               GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    trees = step_trees()
    for patch in SERIES:
        STEP_TEXTS.clear()
        STEP_TEXTS.update(trees[patch.get('step', STEPS[-1])])
        for path in patch.get('files', []):
            text = source(path)
            if text is None:
                continue
            write(tree, path, text)
            if os.access(os.path.join(TOP, path), os.X_OK):
                os.chmod(os.path.join(tree, path), 0o755)
        update_kbuild(tree)
        for path, gen in patch.get('generated', {}).items():
            write(tree, path, gen())
        for path, edit in patch.get('edits', {}).items():
            with open(os.path.join(tree, path)) as f:
                text = f.read()
            write(tree, path, edit(text))
        update_maintainers(tree)
        git(tree, 'add', '-A', '-f')
        msg = f'{patch["subject"]}\n\n{patch["body"]}\n\nSigned-off-by: {name} <{mail}>\n'
        subprocess.run(['git', '-C', tree, 'commit', '-q', '-F', '-'],
                       input=msg, text=True, env=env, check=True)
    # With the whole series, the kbuild files are the project's own.
    for d in KBUILD_DIRS:
        for name in KBUILD:
            with open(os.path.join(tree, d, name)) as f:
                if f.read() != project_file(d + name):
                    die(f'{d}{name}: the series ends with another one than the project\'s')
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    git(tree, 'format-patch', '-q', '--no-signature', '-o', outdir, 'base..visp')
    return sorted(os.path.join(outdir, p) for p in os.listdir(outdir))


# --- checks -------------------------------------------------------------------

def result(ok, name, log=None):
    print(f'{"PASS" if ok else "FAIL"} {name}', flush=True)
    print(f'patches: {name} at {time.monotonic() - T0:.0f} s', file=sys.stderr)
    if not ok and log:
        print('\n'.join('  ' + l for l in log.strip().split('\n')[-40:]))
    return ok


def test_kernel():
    """The debug test kernel's build directory; kernel.sh extracts its
    source and builds it if the cache has neither."""
    res = subprocess.run([os.path.join(TESTING, 'kernel.sh')], text=True,
                         stdout=subprocess.PIPE)
    if res.returncode:
        die('the test kernel did not build (tools/testing/visp/kernel.sh)')
    return res.stdout.strip().split('\n')[-1]


def kernel_config(kdir, build):
    """The debug test kernel's .config with the project's options."""
    os.makedirs(build, exist_ok=True)
    with open(os.path.join(kdir, '.config')) as f:
        cfg = f.read()
    # The menus the driver's Kconfig is in (the test kernel has no
    # platform media drivers), then the project's options.
    for opt, val in [(o, 'y') for o in PLATFORM_MENUS] + [(o, 'm') for o in VISP_OPTIONS]:
        cfg = re.sub(rf'^(# )?CONFIG_{opt}[ =].*\n', '', cfg, flags=re.M)
        cfg += f'CONFIG_{opt}={val}\n'
    return cfg


def options_missing(btree, build):
    """The options of the visp Kconfig files of @btree that the build's
    configuration does not build as modules: a step whose driver is not
    configured would build nothing and pass."""
    with open(os.path.join(build, '.config')) as f:
        cfg = f.read()
    missing = []
    for d in KBUILD_DIRS:
        path = os.path.join(btree, d, 'Kconfig')
        if os.path.exists(path):
            with open(path) as f:
                missing += [o for o in re.findall(r'^config (\w+)', f.read(), re.M)
                            if f'\nCONFIG_{o}=m\n' not in cfg]
    return missing


# The built-in object the series changes (its meta formats' descriptions).
# Each step builds it; its exports must be those of the test kernel's, as
# modpost resolves the modules' symbols against that kernel's vmlinux.o.
BUILTIN_EDITED = ('drivers/media/v4l2-core/v4l2-ioctl.o',)


def modpost_inputs(kdir, build):
    """What modpost resolves the visp modules' symbols against, as in a
    whole in-tree build: the test kernel's vmlinux.o, copied into the
    build directory (in a tree, modpost reads vmlinux.o; no Module.symvers
    can be given to it), and the modules of the test kernel that export
    symbols, as make goals (dir/name.ko): each step links them beside the
    visp modules, from the series' tree, where their sources are the test
    kernel's, so that modpost reads their exports too."""
    src, dst = os.path.join(kdir, 'vmlinux.o'), os.path.join(build, 'vmlinux.o')
    st = os.stat(src)
    if not os.path.exists(dst) or (os.stat(dst).st_size, os.stat(dst).st_mtime_ns) != \
            (st.st_size, st.st_mtime_ns):
        shutil.copy2(src, dst + '.tmp')
        os.replace(dst + '.tmp', dst)
    with open(os.path.join(kdir, 'Module.symvers')) as f:
        mods = {line.split('\t')[2] for line in f if line.count('\t') >= 3}
    return sorted(m + '.ko' for m in mods - {'vmlinux'})


def step_modules(btree):
    """The visp modules of the tree @btree as make goals (dir/name.ko)."""
    kos = []
    for d in KBUILD_DIRS:
        path = os.path.join(btree, d, 'Makefile')
        if os.path.exists(path):
            with open(path) as f:
                kos += [d + m + '.ko' for m in
                        re.findall(r'^obj-\$\(CONFIG_\w+\)\s*\+=\s*([\w-]+)\.o$', f.read(), re.M)]
    return kos


def exports(obj):
    """The exports of the object @obj: the symbols and the bytes (license,
    namespace) of its .export_symbol section."""
    syms = run(['nm', obj], capture=True).stdout
    data = run(['readelf', '-x', '.export_symbol', obj], capture=True, check=False).stdout
    return sorted(l for l in syms.split('\n') if ' __export_symbol_' in l), data


def config_drift(kdir, build):
    """The code that the series' configuration builds otherwise than the
    test kernel's (the options set to y or m in one of them and not alike
    in the other), but for the options kernel_config() sets: exports that
    the test kernel's vmlinux.o and modules do not have, or have and the
    series' build does not. (Values such as the toolchain's versions build
    no other code.)"""
    def options(path):
        with open(path) as f:
            return dict(re.findall(r'^(CONFIG_\w+)=([ym])$', f.read(), re.M))
    a, b = options(os.path.join(kdir, '.config')), options(os.path.join(build, '.config'))
    ours = {'CONFIG_' + o for o in VISP_OPTIONS + PLATFORM_MENUS}
    return sorted(o for o in set(a) | set(b) if o not in ours and a.get(o) != b.get(o))


def cache_lock():
    """Hold the lock of the series' build in the cache until the process
    exits. Every checkout shares the hard-linked source and the build
    directory there (build_tree(), check_series()): two runs at once would
    build in each other's trees, so a second run waits its turn."""
    os.makedirs(os.path.join(CACHE, 'patches'), exist_ok=True)
    lock = open(os.path.join(CACHE, 'patches', '.lock'), 'w')
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f'patches: waiting for another run, which holds {lock.name}', file=sys.stderr)
        fcntl.flock(lock, fcntl.LOCK_EX)
    return lock


def build_tree(src, ver):
    """A copy of linux-source-6.12 made of hard links, to build the series
    in: sync_tree() replaces (never rewrites in place) the files the series
    touches, so the cached source itself is never modified."""
    btree = os.path.join(CACHE, 'patches', f'linux-{ver}')
    if not os.path.exists(btree + '.done'):
        shutil.rmtree(btree, ignore_errors=True)
        os.makedirs(os.path.dirname(btree), exist_ok=True)
        run(['cp', '-al', src, btree])
        os.unlink(os.path.join(btree, '.done'))
        open(btree + '.done', 'w').close()
    return btree


def sync_tree(tree, commit, btree, prev=None):
    """Make @btree the kernel source with the series applied up to @commit;
    if it is at @prev already, only the files that differ are looked at."""
    if prev:
        paths = git(tree, 'diff', '--name-only', prev, commit, capture=True).stdout.split()
    else:
        paths = git(tree, 'ls-tree', '-r', '--name-only', 'visp', capture=True).stdout.split()
    for path in paths:
        res = run(['git', '-C', tree, 'show', f'{commit}:{path}'], capture=True, check=False)
        dst = os.path.join(btree, path)
        new = None if res.returncode else res.stdout
        old = open(dst).read() if os.path.exists(dst) else None
        if new == old:
            continue
        if os.path.exists(dst):
            os.unlink(dst)
        if new is not None:
            write(btree, path, new)
            mode = git(tree, 'ls-tree', commit, path, capture=True).stdout.split()[0]
            if mode == '100755':
                os.chmod(dst, 0o755)


def check_series(tree, patches, jobs, kdir, src, ver):
    btree = build_tree(src, ver)
    build = os.path.join(CACHE, 'patches', 'build')
    cfg = kernel_config(kdir, build)
    env = dict(os.environ, CCACHE_DIR=os.path.join(CACHE, 'ccache'),
               CCACHE_BASEDIR=btree, CCACHE_NOHASHDIR='1',
               KBUILD_BUILD_TIMESTAMP='2024-01-01', KBUILD_BUILD_USER='visp',
               KBUILD_BUILD_HOST='visp')
    commits = git(tree, 'rev-list', '--reverse', 'base..visp', capture=True).stdout.split()
    make = ['make', '-s', '-C', btree, f'O={build}', 'ARCH=x86_64', 'CC=ccache gcc',
            f'-j{jobs}']
    deps = modpost_inputs(kdir, build)
    ok = True
    configured = False
    prev = None
    for commit, patch in zip(commits, patches):
        name = os.path.basename(patch)[:-len('.patch')]
        sync_tree(tree, commit, btree, prev)
        prev = commit
        changed = git(tree, 'diff-tree', '--no-commit-id', '--name-only', '-r', commit,
                      capture=True).stdout.split()
        # A patch that changes no file kbuild reads (documentation, bindings,
        # MAINTAINERS) builds as the tree before it: not rebuilt.
        if all(p.startswith('Documentation/') or p == 'MAINTAINERS' for p in changed):
            print(f'patches: {name}: no file the build reads changed', file=sys.stderr)
            continue
        # The configuration follows the Kconfig files: written again when
        # the patch changes one of them (or at the first build), and
        # completed by the build's own syncconfig, which drops the visp
        # options that the tree does not have yet (a separate olddefconfig
        # would parse every Kconfig file once more, 12 s).
        if not configured or any(os.path.basename(p) == 'Kconfig' for p in changed):
            with open(os.path.join(build, '.config'), 'w') as f:
                f.write(cfg)
            configured = True
        targets = list(BUILTIN_EDITED)
        for d in KBUILD_DIRS:
            if os.path.isdir(os.path.join(btree, d)):
                targets.append(d)
        # The modules linked as well: for single module targets (dir/name.ko)
        # kbuild runs modpost on them, here against the test kernel's
        # vmlinux.o and its modules that export symbols, then links the .ko.
        targets += step_modules(btree) + deps
        res = run(make + ['W=1'] + targets, env=env, capture=True, check=False)
        log = res.stdout or ''
        # modpost's own (W=1 adds its check for MODULE_DESCRIPTION) included.
        warn = re.findall(r'^.*(?:warning|error):.*$|^(?:WARNING|ERROR): modpost: .*$',
                          log, re.M)
        problems = [f'CONFIG_{o} is not set: nothing of it was built'
                    for o in options_missing(btree, build)]
        drift = config_drift(kdir, build)
        if drift:
            problems.append('the configuration differs from the test kernel\'s, whose '
                            f'vmlinux.o and modules modpost reads: {" ".join(drift)}')
        for obj in BUILTIN_EDITED:
            if res.returncode == 0 and exports(os.path.join(build, obj)) != \
                    exports(os.path.join(kdir, obj)):
                problems.append(f'{obj} exports otherwise than in the test kernel, whose '
                                'vmlinux.o modpost reads')
        ok &= result(res.returncode == 0 and not warn and not problems,
                     f'patches.build.{name}', log + ''.join('\n' + p for p in problems))
        # The exported headers, compiled as userspace includes them.
        if not any(p.startswith('include/uapi/') for p in changed):
            continue
        res = run(make + ['headers'], env=env, capture=True, check=False)
        if res.returncode == 0:
            res = subprocess.run(
                ['gcc', '-fsyntax-only', '-Wall', '-Werror', '-x', 'c',
                 '-I', os.path.join(build, 'usr', 'include'), '-'],
                input='#include <linux/media/visp-config.h>\n#include <linux/videodev2.h>\n'
                      'unsigned int v[] = { V4L2_META_FMT_VISP_PARAMS, '
                      'V4L2_META_FMT_VISP_STATS, V4L2_CID_VISP_SUPPORTED_PARAMS_BLOCKS };\n',
                text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        ok &= result(res.returncode == 0, f'patches.headers.{name}', res.stdout)
    # checkpatch reads the tree (the binding a compatible string names, the
    # vendor prefixes): run it with the whole series applied.
    # -j of them at a time: checkpatch.pl is one process, 15 s on a driver.
    names = [os.path.basename(p)[:-len('.patch')] for p in patches]
    cmds = [[os.path.join(btree, 'scripts', 'checkpatch.pl'), '--strict', '--show-types',
             patch] for patch in patches]
    with concurrent.futures.ThreadPoolExecutor(max(jobs, 1)) as pool:
        runs = [pool.submit(run, cmd, cwd=btree, capture=True, check=False) for cmd in cmds]
    for name, job in zip(names, runs):
        res = job.result()
        found = re.findall(r'^(?:ERROR|WARNING|CHECK):.*$', res.stdout, re.M)
        ok &= result(res.returncode == 0 and not found, f'patches.checkpatch.{name}',
                     res.stdout)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                 epilog=REFRESH,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('-o', '--out', default=os.path.join(TOP, 'out', 'patches'),
                    help='directory of the series (default out/patches)')
    ap.add_argument('--check', action='store_true',
                    help='build each patch in-tree and run checkpatch on it')
    ap.add_argument('-j', '--jobs', type=int, default=os.cpu_count())
    ap.add_argument('--export', metavar='DIR',
                    help='write the driver\'s files at each step to DIR/<step>/ and stop')
    ap.add_argument('--import', dest='import_dir', metavar='DIR',
                    help='write series/*.diff from the trees of DIR/<step>/ and stop')
    args = ap.parse_args()
    if args.export:
        return export_steps(args.export)
    if args.import_dir:
        return import_steps(args.import_dir)
    # git format-patch runs in the series' repository: a relative -o would
    # land there, and --check would then check no patch at all.
    args.out = os.path.abspath(args.out)
    lock = cache_lock() if args.check else None
    kdir = test_kernel()
    src, ver = kernel_source()
    tree = os.path.join(TOP, 'out', 'patches-git')
    base_tree(src, ver, tree)
    patches = make_series(tree, args.out)
    print(f'patches: {len(patches)} patches against linux-source-6.12 {ver} in {args.out}',
          file=sys.stderr)
    if args.check and not check_series(tree, patches, args.jobs, kdir, src, ver):
        sys.exit(1)
    del lock


if __name__ == '__main__':
    main()
