#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run visp tests in a QEMU guest and report every result by name.

usage: vmtest.py [--kernel debug|stock|cma] [--modules DIR] [--out DIR]
                 [--env NAME=VALUE]... [--timeout SECONDS] [--image gst]
                 [--append ARG]... [--host-model] TEST...
       vmtest.py --shell [--kernel debug|stock|cma] [--modules DIR]
                 [--host-model]

The kernels: debug (kernel.sh: KASAN, lockdep, kmemleak), stock (Debian's
own, stock.sh) and cma (Debian's configuration with CMA, for 4K frames,
cma.sh).

A TEST is the name of a script tools/testing/visp/tests/TEST.sh, which runs
in the guest as root with the project's modules installed. It passes when
it exits 0 and the kernel logged no report (KASAN, lockdep, kmemleak, BUG,
WARN, sleeping in atomic context, DMA-API debug) while it ran. KUnit suites
whose results a test collected (out/kunit-<suite>.ktap) are reported case
by case. A guest that stops making progress is killed after the test's
timeout ('# visp-timeout: SECONDS' in the script, default 300 s) and the
hung test is named. A leak that kmemleak reports at the end of the run
fails it, unless a test of the run declares it a known leak of the kernel
('# visp-known-leak: FUNC...', every FUNC in its backtrace). --timeout
overrides the timeout of every test, for
long runs that --env NAME=VALUE asks of a test: the variable is set in the
environment of every test in the guest. A test that needs the larger guest
userland of rootfs.sh IMAGE says '# visp-image: IMAGE' and runs only with
--image IMAGE (gst: GStreamer), the others only without it. --append ARG
adds ARG to the guest kernel's command line (cma=512M: the contiguous
memory of 4K buffers).

--host-model (or VISP_HOST_MODEL=1 in the environment) runs visp-sim's
reference model on the host (see visp-sim-host.h): the guest's RAM is
the file /dev/shm/visp-ram-PID, shared with the host, and an ivshmem-plain
device's memory, /dev/shm/visp-mbox-PID, is the mailbox of
visp-hostmodel (tools/lib/visp, built in out/vm-build/libvisp), which
serves it while the guest runs and logs to OUT/hostmodel.log. The files
are removed, and the program stopped, when the guest has stopped. The
tests see VISP_HOST_MODEL=1 in their environment.
"""

import argparse
import fcntl
import glob
import os
import re
import select
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
CACHE = os.environ.get('VISP_CACHE',
                       os.path.join(os.environ.get('XDG_CACHE_HOME',
                                    os.path.expanduser('~/.cache')), 'visp'))

REPORT_PATTERNS = [re.compile(p) for p in (
    r'BUG: ',
    r'WARNING: ',
    r'------------\[ cut here \]',
    r'KASAN',
    r'unreferenced object 0x',
    r'kmemleak: \d+ new suspected memory leaks',
    r'sleeping function called from invalid context',
    r'DMA-API: .*(device driver|mapping error|exceeded)',
    r'possible circular locking',
    r'possible recursive locking',
    r'inconsistent lock state',
    r'DEBUG_LOCKS_WARN_ON',
    r'\bINFO: ',
    r'Kernel panic',
    r'Oops',
    r'general protection fault',
    r'UBSAN',
)]

DEFAULT_TIMEOUT = 300
BOOT_TIMEOUT = 180

# The guest's RAM, QEMU's -m and, with --host-model, its memory backend
GUEST_RAM_GIB = 2
# visp-hostmodel's mailbox (visp-sim-host.h): the ivshmem-plain device's
# memory, a power of 2, and the magic the program writes when it serves it
HOST_MBOX_SIZE = 1 << 20
VISP_HOST_MAGIC = 0x48505356


def log(msg):
    print('vmtest: ' + msg, file=sys.stderr, flush=True)


def run_script(name, *args):
    """Run a sibling shell script that prints a path; return the path."""
    res = subprocess.run(['bash', os.path.join(HERE, name), *args],
                         stdout=subprocess.PIPE, check=True, text=True)
    return res.stdout.strip().splitlines()[-1]


def kernel_release(build):
    with open(os.path.join(build, 'include', 'config', 'kernel.release')) as f:
        return f.read().strip()


def get_kernel(kind):
    """Return (bzImage, kernel modules dir, kernel release)."""
    if kind == 'debug':
        build = run_script('kernel.sh')
        krel = kernel_release(build)
        mods = os.path.join(os.path.dirname(build), 'mods', 'lib', 'modules', krel)
        return os.path.join(build, 'arch/x86/boot/bzImage'), mods, krel
    root = run_script('stock.sh' if kind == 'stock' else 'cma.sh')
    with open(os.path.join(root, 'release')) as f:
        krel = f.read().strip()
    return (os.path.join(root, 'vmlinuz'),
            os.path.join(root, 'modules', krel), krel)


def sh(cmd, **kw):
    subprocess.run(cmd, shell=True, check=True, **kw)


def static_tool(cmd, tool, deps):
    """Run the gcc command CMD that builds TOOL, unless TOOL was built by
    the same command after the last change of every file that build read
    (gcc -MMD lists them) and of every file of DEPS."""
    dfile, cfile = tool + '.d', tool + '.cmd'
    try:
        with open(cfile) as f:
            same = f.read() == cmd
        with open(dfile) as f:
            inputs = f.read().replace('\\\n', ' ').split(':', 1)[1].split()
        built = os.stat(tool).st_mtime_ns
        if same and all(os.stat(i).st_mtime_ns < built for i in inputs + deps):
            return
    except (OSError, IndexError):
        pass
    sh(f'{cmd} -MMD -MF {dfile}')
    with open(cfile, 'w') as f:
        f.write(cmd)


def make_initrd(workdir, kmods, krel, image=None):
    """Guest initramfs: the cached trixie userland plus an overlay."""
    rootfs = run_script('rootfs.sh', *([image] if image else []))
    base = rootfs + '.cpio'
    if not os.path.exists(base):
        sh(f'cd {rootfs} && find . | cpio -o -H newc --quiet > {base}.tmp && '
           f'mv {base}.tmp {base}')
    ov = os.path.join(workdir, 'overlay')
    shutil.rmtree(ov, ignore_errors=True)
    os.makedirs(os.path.join(ov, 'usr/lib/visp'))
    shutil.copy(os.path.join(HERE, 'guest', 'init'), os.path.join(ov, 'init'))
    shutil.copy(os.path.join(HERE, 'guest', 'lib.sh'),
                os.path.join(ov, 'usr/lib/visp/lib.sh'))
    # Test tools the guest's packages lack, static for its userland, with
    # libvispmodel (the reference model, the parameters validator and the
    # 3A, whose tuning files need libyaml). Built in out/vm-build, which
    # outlives the runs, and only again when their sources changed: the
    # builds took 45 s of every run on a loaded 2-core host.
    os.makedirs(os.path.join(ov, 'usr/bin'))
    top = TOP
    build = os.path.join(TOP, 'out', 'vm-build')
    os.makedirs(os.path.join(build, 'bin'), exist_ok=True)
    with open(os.path.join(build, '.lock'), 'w') as lock:
        # Two runs in one tree at once take turns.
        fcntl.flock(lock, fcntl.LOCK_EX)
        libdir = os.path.join(build, 'libvisp')
        lib = os.path.join(libdir, 'libvispmodel.a')
        sh(f'make -s -C {top}/tools/lib/visp O={libdir} {lib}')
        lib_flags = (f'-I{top}/tools/lib/visp -I{top}/tools/lib/visp/include '
                     f'-I{top}/drivers/media/test-drivers/visp-sim '
                     f'-I{top}/drivers/media/platform/visp '
                     f'-I{top}/include -I{top}/include/uapi')
        for src in sorted(glob.glob(os.path.join(HERE, 'guest', '*.c'))):
            tool = os.path.join(build, 'bin', os.path.basename(src)[:-2])
            static_tool(f'gcc -static -O2 -Wall -Wextra -Werror {lib_flags} '
                        f'-o {tool} {src} {lib} -lyaml -lm', tool, [lib])
            shutil.copy2(tool, os.path.join(ov, 'usr/bin'))
        # The dynamically linked tools of tools/visp (LibRaw has no static
        # library), with an rpath to /usr/lib/visp, where the host's copies
        # of the libraries the guest's userland lacks go.
        sh(f'make -s -C {top}/tools/visp O={build}/visp-tools guest-tools '
           f'GUEST_DIR={ov} GUEST_ROOT={rootfs}')
        # The kernel's own media selftests, from the source of the test
        # kernel (kernel.sh extracts it), built as they are but with
        # line-buffered output.
        cache = os.environ.get('VISP_CACHE', os.path.expanduser('~/.cache/visp'))
        linebuf = os.path.join(HERE, 'guest', 'linebuf.h')
        for src in sorted(glob.glob(os.path.join(
                cache, 'src', 'linux-source-6.12-*', 'tools', 'testing',
                'selftests', 'media_tests', '*_test.c'))):
            tool = os.path.join(build, 'bin', os.path.basename(src)[:-2])
            static_tool(f'gcc -static -O2 -w -include {linebuf} -o {tool} {src}',
                        tool, [])
            shutil.copy2(tool, os.path.join(ov, 'usr/bin'))
    mdir = os.path.join(ov, 'usr/lib/modules')
    os.makedirs(mdir)
    shutil.copytree(kmods, os.path.join(mdir, krel), symlinks=True)
    sh(f'depmod -b {ov}/usr {krel}')
    initrd = os.path.join(workdir, 'initrd.cpio')
    sh(f'cd {ov} && find . | cpio -o -H newc --quiet > {initrd}.ov && '
       f'cat {base} {initrd}.ov > {initrd} && rm {initrd}.ov')
    return initrd


def hostmodel_tool():
    """Build visp-hostmodel, beside the guest tools' libvispmodel."""
    build = os.path.join(TOP, 'out', 'vm-build')
    os.makedirs(build, exist_ok=True)
    libdir = os.path.join(build, 'libvisp')
    tool = os.path.join(libdir, 'visp-hostmodel')
    with open(os.path.join(build, '.lock'), 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sh(f'make -s -C {TOP}/tools/lib/visp O={libdir} {tool}')
    return tool


class HostModel:
    """visp-hostmodel serving a guest from its RAM and mailbox files.

    A context manager: on entry, creates the files in /dev/shm, starts the
    program and waits until it serves the mailbox; on exit, stops it and
    removes the files. qemu_args() gives the guest the two files.
    """

    def __init__(self, tool, logfile):
        self.tool = tool
        self.logfile = logfile
        self.ram = f'/dev/shm/visp-ram-{os.getpid()}'
        self.mbox = f'/dev/shm/visp-mbox-{os.getpid()}'
        self.proc = None

    def qemu_args(self):
        return ['-object', f'memory-backend-file,id=visp-ram,'
                f'size={GUEST_RAM_GIB}G,mem-path={self.ram},share=on',
                '-object', f'memory-backend-file,id=visp-mbox,'
                f'size={HOST_MBOX_SIZE},mem-path={self.mbox},share=on',
                '-device', 'ivshmem-plain,memdev=visp-mbox']

    def magic(self):
        with open(self.mbox, 'rb') as f:
            return struct.unpack('<I', f.read(4))[0]

    def __enter__(self):
        try:
            # QEMU takes a file of the backend's size as it is: the RAM
            # is sparse, the mailbox zeroed.
            for path, size in ((self.ram, GUEST_RAM_GIB << 30),
                               (self.mbox, HOST_MBOX_SIZE)):
                with open(path, 'wb') as f:
                    f.truncate(size)
            with open(self.logfile, 'wb') as log_f:
                self.proc = subprocess.Popen(
                    [self.tool, '--ram', self.ram, '--mailbox', self.mbox],
                    stdin=subprocess.DEVNULL, stdout=log_f, stderr=log_f)
            deadline = time.monotonic() + 10
            while self.magic() != VISP_HOST_MAGIC:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError('visp-hostmodel did not start, see ' +
                                       self.logfile)
                time.sleep(0.01)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        log(f'host model serving {self.mbox}, log: {self.logfile}')
        return self

    def __exit__(self, *exc):
        if self.proc:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            if self.proc.returncode:
                log(f'visp-hostmodel exited with {self.proc.returncode}, '
                    f'see {self.logfile}')
            self.proc = None
            try:
                with open(self.logfile, errors='replace') as f:
                    last = f.read().strip().splitlines()[-1:]
                if last:
                    log('host model: ' + last[0].replace('visp-hostmodel: ', ''))
            except OSError:
                pass
        for path in (self.ram, self.mbox):
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
        return False


def qemu_cmd(kernel, initrd, share, accel, append, interactive, host=None):
    """QEMU's command line; HOST, a HostModel, gives it the host's model."""
    machine = 'q35' + (',memory-backend=visp-ram' if host else '')
    cmd = ['qemu-system-x86_64', '-machine', machine, '-cpu', 'max', '-smp', '2',
           '-m', f'{GUEST_RAM_GIB}G', '-nographic', '-no-reboot', '-kernel', kernel,
           '-initrd', initrd, '-append', append,
           '-virtfs', f'local,path={share},mount_tag=host,security_model=none,id=host']
    cmd += ['-accel', 'kvm'] if accel == 'kvm' else ['-accel', 'tcg,thread=multi']
    if host:
        cmd += host.qemu_args()
    if not interactive:
        cmd += ['-monitor', 'none', '-serial', 'stdio']
    return cmd


def probe_kvm(kernel, initrd, share):
    """KVM only if a quick probe boot reaches userspace (cached per kernel)."""
    if os.environ.get('VISP_KVM', '1') == '0' or not os.access('/dev/kvm', os.W_OK):
        return 'tcg'
    stamp = os.path.join(CACHE, 'kvm-probe-' + str(os.stat(kernel).st_mtime_ns))
    if os.path.exists(stamp):
        with open(stamp) as f:
            return f.read().strip()
    cmd = qemu_cmd(kernel, initrd, share, 'kvm',
                   'console=ttyS0 rdinit=/bin/true panic=-1', False)
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             timeout=30).stdout.decode(errors='replace')
    except subprocess.TimeoutExpired:
        out = ''
    accel = 'kvm' if 'Run /bin/true as init process' in out else 'tcg'
    os.makedirs(CACHE, exist_ok=True)
    with open(stamp, 'w') as f:
        f.write(accel)
    log(f'KVM probe: using {accel}')
    return accel


def test_tag(path, tag, default=None):
    """Value of a '# visp-TAG: value' line in a test script's header."""
    with open(path) as f:
        for line in f:
            m = re.match(r'#\s*visp-' + tag + r':\s*(\S+)', line)
            if m:
                return m.group(1)
    return default


def kernel_reports(text):
    return [l for l in text.splitlines() if any(p.search(l) for p in REPORT_PATTERNS)]


def skip_reason(logfile):
    """'SKIP reason' of a test that printed a line "SKIP reason", or ''."""
    if os.path.exists(logfile):
        with open(logfile, errors='replace') as f:
            for line in f:
                if line.startswith('SKIP '):
                    return 'SKIP ' + line[5:].strip()
    return ''


def parse_ktap(path):
    """Return [(ok, case name)] for the test cases of a KUnit suite."""
    cases = []
    suite = os.path.basename(path)[len('kunit-'):-len('.ktap')]
    params = []
    with open(path, errors='replace') as f:
        for line in f:
            m = re.match(r'^( {4}| {8})(ok|not ok) \d+ (\S.*?)(\s+#\s*(SKIP|TODO).*)?$',
                         line.rstrip())
            if not m:
                continue
            entry = (m.group(2) == 'ok', m.group(3), bool(m.group(4)))
            if len(m.group(1)) == 8:
                # A parameter of the case whose line follows its parameters.
                params.append(entry)
                continue
            ok, case, skip = entry
            cases.append((ok, f'kunit.{suite}.{case}', skip))
            cases += [(pok, f'kunit.{suite}.{case}.{pname}', pskip)
                      for pok, pname, pskip in params]
            params = []
    return cases


class Runner:
    def __init__(self, args):
        self.args = args
        self.out = os.path.abspath(args.out or os.path.join(TOP, 'out', 'vm-' + args.kernel))
        self.share = os.path.join(self.out, 'share')
        self.results = []
        self.console = []

    def prepare(self, tests):
        shutil.rmtree(self.out, ignore_errors=True)
        os.makedirs(os.path.join(self.share, 'out'))
        shutil.copytree(os.path.join(HERE, 'tests'), os.path.join(self.share, 'tests'))
        mods = os.path.join(self.share, 'modules')
        os.makedirs(mods)
        if self.args.modules:
            root = os.path.abspath(self.args.modules)
            for dirpath, dirs, files in os.walk(root):
                # Not the run outputs, which hold copies of kernel modules.
                dirs[:] = [d for d in dirs if not d.startswith('.') and
                           os.path.join(dirpath, d) != os.path.join(root, 'out')]
                for f in files:
                    if f.endswith('.ko'):
                        shutil.copy(os.path.join(dirpath, f), mods)
        data = os.path.join(self.share, 'data')
        os.makedirs(data)
        for d in self.args.data or []:
            sh(f'cp -a {d}/. {data}/')
        with open(os.path.join(self.share, 'tests.list'), 'w') as f:
            f.write('\n'.join(tests) + '\n')
        with open(os.path.join(self.share, 'env'), 'w') as f:
            # The tests that check the frames ran on the host's model
            if self.args.host_model:
                f.write('export VISP_HOST_MODEL=1\n')
            for var in self.args.env or []:
                name, value = var.split('=', 1)
                f.write(f'export {name}={shlex.quote(value)}\n')
        kernel, kmods, krel = get_kernel(self.args.kernel)
        initrd = make_initrd(self.out, kmods, krel, self.args.image)
        return kernel, initrd

    def record(self, ok, name, why=''):
        self.results.append((ok, name))
        print(f"{'PASS' if ok else 'FAIL'} {name}{' (' + why + ')' if why else ''}",
              flush=True)

    def host_model(self):
        """A HostModel for the run, logging to OUT/hostmodel.log."""
        return HostModel(hostmodel_tool(), os.path.join(self.out, 'hostmodel.log'))

    def boot(self, kernel, initrd, tests, host=None):
        accel = probe_kvm(kernel, initrd, self.share)
        append = ('console=ttyS0 loglevel=4 panic=-1 kasan.fault=report '
                  'kmemleak=on no_hash_pointers')
        if self.args.append:
            append += ' ' + ' '.join(self.args.append)
        cmd = qemu_cmd(kernel, initrd, self.share, accel, append, False, host)
        console_path = os.path.join(self.out, 'console.log')
        timeouts = {t: self.args.timeout or
                    int(test_tag(os.path.join(HERE, 'tests', t + '.sh'), 'timeout',
                                 DEFAULT_TIMEOUT)) for t in tests}
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        current, deadline, hung = 'boot', start + BOOT_TIMEOUT, None
        began = start
        sections = {'boot': []}
        buf = b''
        try:
            with open(console_path, 'wb') as con:
                while True:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        hung = current
                        proc.kill()
                        break
                    r, _, _ = select.select([proc.stdout], [], [], min(left, 1.0))
                    if not r:
                        continue
                    chunk = os.read(proc.stdout.fileno(), 65536)
                    if not chunk:
                        break
                    con.write(chunk)
                    buf += chunk
                    while b'\n' in buf:
                        raw, buf = buf.split(b'\n', 1)
                        line = raw.decode(errors='replace').rstrip('\r')
                        sections.setdefault(current, []).append(line)
                        self.console.append(line)
                        m = re.match(r'.*@@VISP-BEGIN (\S+)', line)
                        if m:
                            current = m.group(1)
                            began = time.monotonic()
                            deadline = began + timeouts.get(current, 120)
                            log(f'running {current}')
                        elif re.match(r'.*@@VISP-(END|BOOTED)', line):
                            if 'END' in line and current != 'between-tests':
                                log(f'{current} took {time.monotonic() - began:.0f} s')
                            if 'BOOTED' in line:
                                log(f'guest booted in {time.monotonic() - start:.1f} s ({accel})')
                            current = 'between-tests'
                            deadline = time.monotonic() + 120
                        elif '@@VISP-FATAL' in line:
                            hung = 'boot: ' + line
        finally:
            # QEMU stops before the host's model, also on an error here.
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stdout.close()
        log(f'guest ran {time.monotonic() - start:.0f} s; console: {console_path}')
        return sections, hung

    def run(self, tests):
        t0 = time.monotonic()
        kernel, initrd = self.prepare(tests)
        log(f'guest prepared in {time.monotonic() - t0:.0f} s')
        if self.args.host_model:
            with self.host_model() as host:
                sections, hung = self.boot(kernel, initrd, tests, host)
        else:
            sections, hung = self.boot(kernel, initrd, tests)
        # A run on the host's model names its results apart: vm.debug-host.*
        run = self.args.kernel + ('-host' if self.args.host_model else '')
        outdir = os.path.join(self.share, 'out')
        boot_reports = kernel_reports('\n'.join(sections.get('boot', [])))
        if boot_reports:
            self.record(False, f'{run}.boot', 'kernel report during boot')
            print('\n'.join(boot_reports))
        for t in tests:
            name = f'vm.{run}.{t}'
            rcfile = os.path.join(outdir, t + '.rc')
            logfile = os.path.join(outdir, t + '.log')
            if not os.path.exists(rcfile):
                why = 'hung: guest killed after timeout' if hung == t else 'did not run'
                if hung and hung.startswith('boot'):
                    why = hung
                self.record(False, name, why)
                if hung == t:
                    self.show(logfile, '\n'.join(sections.get(t, [])))
                continue
            with open(rcfile) as f:
                rc = int(f.read().strip() or 1)
            dmesg = ''
            if os.path.exists(os.path.join(outdir, t + '.dmesg')):
                with open(os.path.join(outdir, t + '.dmesg'), errors='replace') as f:
                    dmesg = f.read()
            reports = kernel_reports(dmesg + '\n' + '\n'.join(sections.get(t, [])))
            if test_tag(os.path.join(HERE, 'tests', t + '.sh'), 'expect') == 'kernel-report':
                # A self-test of this harness: the report must be seen.
                if rc == 0 and reports:
                    self.record(True, name)
                else:
                    self.record(False, name, 'the expected kernel report was not detected')
                continue
            if rc != 0 or reports:
                self.record(False, name, f'exit {rc}' if rc else 'kernel report')
                self.show(logfile, dmesg if reports else '')
            else:
                self.record(True, name, skip_reason(logfile))
        for kt in sorted(os.listdir(outdir)):
            if kt.startswith('kunit-') and kt.endswith('.ktap'):
                cases = parse_ktap(os.path.join(outdir, kt))
                if not cases:
                    self.record(False, kt, 'no test case in KTAP output')
                for ok, cname, skip in cases:
                    self.record(ok, cname, 'skipped' if skip else '')
        leaks = os.path.join(outdir, 'kmemleak.txt')
        if os.path.exists(leaks) and os.path.getsize(leaks):
            with open(leaks, errors='replace') as f:
                unknown = self.unknown_leaks(f.read(), tests)
            if unknown:
                self.record(False, f'vm.{run}.kmemleak', 'memory leaks')
                print(''.join(unknown)[:8000])
        if hung:
            print('--- last console lines ---\n' + '\n'.join(self.console[-40:]))
        failed = sum(1 for ok, _ in self.results if not ok)
        return len(self.results) - failed, failed

    @staticmethod
    def unknown_leaks(text, tests):
        """The kmemleak reports that no test of the run declares known.

        A test declares leaks of the kernel it runs on, which it cannot
        avoid triggering, with '# visp-known-leak: FUNC...': a report whose
        backtrace holds every FUNC is tolerated (and counted).
        """
        known = []
        for t in tests:
            with open(os.path.join(HERE, 'tests', t + '.sh')) as f:
                for line in f:
                    m = re.match(r'#\s*visp-known-leak:\s*(.+)', line)
                    if m:
                        known.append((t, m.group(1).split()))
        reports = re.split(r'(?m)^(?=unreferenced object )', text)
        unknown, tolerated = [], {}
        for r in reports:
            if not r.strip():
                continue
            funcs = set(re.findall(r'(?m)^\s+([A-Za-z0-9_.]+)\+0x', r))
            sig = next((k for k in known if all(f in funcs for f in k[1])), None)
            if sig:
                key = f"{sig[0]}: {' '.join(sig[1])}"
                tolerated[key] = tolerated.get(key, 0) + 1
            else:
                unknown.append(r)
        for key, n in tolerated.items():
            log(f'kmemleak: {n} known leak(s) of the kernel tolerated ({key})')
        return unknown

    @staticmethod
    def show(logfile, dmesg):
        if os.path.exists(logfile):
            with open(logfile, errors='replace') as f:
                text = f.read()
            print('--- test output (last 60 lines) ---')
            print('\n'.join(text.splitlines()[-60:]))
        if dmesg:
            print('--- kernel log ---')
            print('\n'.join(dmesg.splitlines()[-120:]))

    def shell(self):
        kernel, initrd = self.prepare([])
        accel = probe_kvm(kernel, initrd, self.share)
        append = 'console=ttyS0 loglevel=4 panic=-1 visp.shell=1'
        if not self.args.host_model:
            cmd = qemu_cmd(kernel, initrd, self.share, accel, append, True)
            os.execvp(cmd[0], cmd)
        # The host's model outlives QEMU: no exec.
        with self.host_model() as host:
            cmd = qemu_cmd(kernel, initrd, self.share, accel, append, True, host)
            return subprocess.call(cmd)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--kernel', choices=('debug', 'stock', 'cma'), default='debug')
    ap.add_argument('--modules', help='directory searched for the project\'s .ko files')
    ap.add_argument('--data', action='append', help='directory copied to the guest\'s $VISP_DATA')
    ap.add_argument('--out', help='output directory (default: out/vm-KERNEL)')
    ap.add_argument('--shell', action='store_true', help='interactive guest shell')
    ap.add_argument('--env', action='append', metavar='NAME=VALUE',
                    help='environment variable of the tests in the guest')
    ap.add_argument('--timeout', type=int, metavar='SECONDS',
                    help='timeout of every test, instead of its own')
    ap.add_argument('--append', action='append', metavar='ARG',
                    help='kernel command line argument of the guest, such as '
                         'cma=512M for 4K buffers')
    ap.add_argument('--image', choices=('gst',),
                    help='a larger guest userland (rootfs.sh): gst adds GStreamer')
    ap.add_argument('--host-model', action='store_true',
                    default=os.environ.get('VISP_HOST_MODEL', '0') not in ('', '0'),
                    help='run visp-sim\'s reference model on the host, with '
                         'visp-hostmodel (also VISP_HOST_MODEL=1)')
    ap.add_argument('tests', nargs='*')
    args = ap.parse_args()
    if args.host_model:
        # A SIGTERM unwinds too: the host's model stops, its files go.
        signal.signal(signal.SIGTERM, lambda sig, frame: sys.exit(128 + sig))
    runner = Runner(args)
    if args.shell:
        return runner.shell()
    for var in args.env or []:
        if not re.match(r'[A-Za-z_][A-Za-z0-9_]*=', var):
            ap.error(f'--env {var}: not NAME=VALUE')
    if not args.tests:
        ap.error('no test named')
    for t in args.tests:
        script = os.path.join(HERE, 'tests', t + '.sh')
        if not os.path.exists(script):
            ap.error(f'no such test: {t}')
        image = test_tag(script, 'image')
        if image != args.image:
            ap.error(f'{t} runs in the ' + (f'--image {image} guest' if image else
                                           'default guest'))
    passed, failed = runner.run(args.tests)
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
