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

With --check, every patch is then checked on its own, in order: the tree
at that patch builds in-tree (W=1, the debug test kernel's configuration
with the visp options; a patch that changes no file the build reads is
not rebuilt), the exported UAPI headers compile where it changes them,
and `checkpatch.pl --strict` finds nothing in the patch. One "PASS name"
or "FAIL name" line per check.

The project files that are not part of a kernel submission stay out: the
userspace in tools/, the test harness, the project's Sphinx wrapper and the
reliability report that `make report` writes.
"""

import argparse
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


def die(msg):
    print(f'patches: error: {msg}', file=sys.stderr)
    sys.exit(1)


def run(cmd, cwd=None, env=None, capture=False, check=True):
    res = subprocess.run(cmd, cwd=cwd, env=env, text=True,
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


def maintainers_entry(tree):
    """The project's VISP ISP DRIVER entry, keeping the file patterns that
    match something in @tree."""
    text = project_file('MAINTAINERS')
    m = re.search(r'\n(VISP ISP DRIVER\n(?:[A-Z]:\t.*\n)+)', text)
    if not m:
        die('MAINTAINERS: no VISP ISP DRIVER entry')
    out = []
    for line in m.group(1).rstrip('\n').split('\n'):
        if line.startswith('F:\t'):
            pat = line[3:]
            if pat.endswith('/'):
                present = os.path.isdir(os.path.join(tree, pat))
            elif '*' in pat:
                d, base = os.path.split(pat)
                rx = re.compile(re.escape(base).replace(r'\*', '.*') + '$')
                present = os.path.isdir(os.path.join(tree, d)) and any(
                    rx.match(f) for f in os.listdir(os.path.join(tree, d)))
            else:
                present = os.path.exists(os.path.join(tree, pat))
            if not present:
                continue
        out.append(line)
    return '\n'.join(out) + '\n'


def update_maintainers(tree):
    path = os.path.join(tree, 'MAINTAINERS')
    with open(path) as f:
        text = f.read()
    entry = maintainers_entry(tree)
    old = re.search(r'\nVISP ISP DRIVER\n(?:[A-Z]:\t.*\n)+\n', text)
    if old:
        text = text[:old.start() + 1] + entry + '\n' + text[old.end():]
    else:
        # Sections are sorted by name; the list starts after the "Maintainers
        # List" heading's explanation, at the first "3C59X..." style entry.
        heads = [m for m in re.finditer(r'\n\n([0-9A-Z][^\n]*)\n[A-Z]:\t', text)]
        for h in heads:
            if h.group(1) > 'VISP ISP DRIVER':
                pos = h.start() + 2
                break
        else:
            die('MAINTAINERS: no place for the entry')
        text = text[:pos] + entry + '\n' + text[pos:]
    with open(path, 'w') as f:
        f.write(text)


# --- the series ---------------------------------------------------------------

DRIVER_FILES = tracked('drivers/media/platform/visp/') + \
    ['include/media/visp-regs.h', 'include/trace/events/visp.h']
SIM_FILES = tracked('drivers/media/test-drivers/visp-sim/')
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
         files=['Documentation/devicetree/bindings/media/visp,visp-isp.yaml'],
         maintainers=True),
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
                    edit_toctree_spaces('metafmt-visp')},
         maintainers=True),
    dict(subject='media: visp: Add VISP image signal processor driver',
         body='''Add a driver for the VISP image signal processor. It processes raw
Bayer frames read from memory, or received from a camera sensor through
its MIPI CSI-2 receiver, into two scaled YUV or RGB outputs and a
statistics buffer, and takes its per-frame processing parameters from a
metadata output node.

The media graph has the raw input and the CSI-2 receiver, the ISP
subdevice, a resizer subdevice for each output, the main and self path
capture nodes and the parameters and statistics nodes. A job is formed
from one buffer of each streaming node; its parameters buffer is copied
and validated when it is queued, and only a valid one is translated to
register writes. The driver handles clocks, the reset, the power domain
through runtime PM with autosuspend, system sleep, frame error reporting
and a watchdog that recovers a hung ISP.

Tracepoints mark each buffer and job for measuring the driver's cost per
frame. A KUnit suite checks the parameters validation and translation.''',
         files=DRIVER_FILES,
         edits={'drivers/media/platform/Kconfig': edit_platform_kconfig,
                'drivers/media/platform/Makefile': edit_platform_makefile},
         maintainers=True),
    dict(subject='media: visp-sim: Add a simulated VISP and camera sensor',
         body='''Add visp-sim, a platform driver that simulates the VISP image
signal processor of the previous patch, and visp-sensor, a simulated
camera sensor behind its CSI-2 receiver, so that the driver and its
userspace can be developed and tested without the hardware.

visp-sim provides the register file, the interrupt, the clocks, the
reset and the power domain, and processes each frame with a bit-exact
model of the pipeline, with optional timing and injected faults.
visp-sensor renders a scene at the rate its blanking sets and applies
the exposure and gain delays of a real sensor. KUnit suites cover the
registers, the model and the renderer.''',
         files=SIM_FILES,
         edits={'drivers/media/test-drivers/Kconfig': edit_test_kconfig,
                'drivers/media/test-drivers/Makefile': edit_test_makefile},
         maintainers=True),
    dict(subject='Documentation: media: Add VISP documentation',
         body='''Document the VISP hardware, its registers and timing and the
reference model in the driver API guide, and the driver, its media
graph, a walkthrough and the simulator in the admin guide.''',
         files=DOC_FILES,
         edits={'Documentation/admin-guide/media/v4l-drivers.rst':
                    edit_toctree('visp', 'visp-sim'),
                'Documentation/driver-api/media/drivers/index.rst': edit_toctree('visp/index')},
         maintainers=True),
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
    paths = set()
    for patch in SERIES:
        paths.update(patch.get('edits', {}))
        if patch.get('maintainers'):
            paths.add('MAINTAINERS')
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
    for patch in SERIES:
        for path in patch.get('files', []):
            write(tree, path, project_file(path))
            if os.access(os.path.join(TOP, path), os.X_OK):
                os.chmod(os.path.join(tree, path), 0o755)
        for path, gen in patch.get('generated', {}).items():
            write(tree, path, gen())
        for path, edit in patch.get('edits', {}).items():
            with open(os.path.join(tree, path)) as f:
                text = f.read()
            write(tree, path, edit(text))
        if patch.get('maintainers'):
            update_maintainers(tree)
        git(tree, 'add', '-A', '-f')
        msg = f'{patch["subject"]}\n\n{patch["body"]}\n\nSigned-off-by: {name} <{mail}>\n'
        subprocess.run(['git', '-C', tree, 'commit', '-q', '-F', '-'],
                       input=msg, text=True, env=env, check=True)
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
    for opt in VISP_OPTIONS:
        cfg = re.sub(rf'^(# )?CONFIG_{opt}[ =].*\n', '', cfg, flags=re.M)
        cfg += f'CONFIG_{opt}=m\n'
    return cfg


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


def sync_tree(tree, commit, btree):
    """Make @btree the kernel source with the series applied up to @commit."""
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
    ok = True
    for commit, patch in zip(commits, patches):
        name = os.path.basename(patch)[:-len('.patch')]
        sync_tree(tree, commit, btree)
        changed = git(tree, 'diff-tree', '--no-commit-id', '--name-only', '-r', commit,
                      capture=True).stdout.split()
        # A patch that changes no file kbuild reads (documentation, bindings,
        # MAINTAINERS) builds as the tree before it: not rebuilt.
        if all(p.startswith('Documentation/') or p == 'MAINTAINERS' for p in changed):
            print(f'patches: {name}: no file the build reads changed', file=sys.stderr)
            continue
        with open(os.path.join(build, '.config'), 'w') as f:
            f.write(cfg)
        res = run(make + ['olddefconfig'], env=env, capture=True, check=False)
        targets = ['drivers/media/v4l2-core/v4l2-ioctl.o']
        for d in ('drivers/media/platform/visp/', 'drivers/media/test-drivers/visp-sim/'):
            if os.path.isdir(os.path.join(btree, d)):
                targets.append(d)
        if res.returncode == 0:
            res = run(make + ['W=1'] + targets, env=env, capture=True, check=False)
        warn = re.findall(r'^.*(?:warning|error):.*$', res.stdout or '', re.M)
        ok &= result(res.returncode == 0 and not warn, f'patches.build.{name}',
                     res.stdout)
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
    for patch in patches:
        name = os.path.basename(patch)[:-len('.patch')]
        res = run([os.path.join(btree, 'scripts', 'checkpatch.pl'), '--strict',
                   '--show-types', patch], cwd=btree, capture=True, check=False)
        found = re.findall(r'^(?:ERROR|WARNING|CHECK):.*$', res.stdout, re.M)
        ok &= result(res.returncode == 0 and not found, f'patches.checkpatch.{name}',
                     res.stdout)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-o', '--out', default=os.path.join(TOP, 'out', 'patches'),
                    help='directory of the series (default out/patches)')
    ap.add_argument('--check', action='store_true',
                    help='build each patch in-tree and run checkpatch on it')
    ap.add_argument('-j', '--jobs', type=int, default=os.cpu_count())
    args = ap.parse_args()
    kdir = test_kernel()
    src, ver = kernel_source()
    tree = os.path.join(TOP, 'out', 'patches-git')
    base_tree(src, ver, tree)
    patches = make_series(tree, args.out)
    print(f'patches: {len(patches)} patches against linux-source-6.12 {ver} in {args.out}',
          file=sys.stderr)
    if args.check and not check_series(tree, patches, args.jobs, kdir, src, ver):
        sys.exit(1)


if __name__ == '__main__':
    main()
