# SPDX-License-Identifier: GPL-2.0
#
# Sphinx configuration of the VISP documentation.
#
# The kernel's own Sphinx extensions (kernel-doc, flat-table, ...) are used
# from the Linux 6.12 source tree given by the KSRC environment variable.

import os
import sys

srctree = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
ksrc = os.environ.get('KSRC') or os.path.expanduser(
    '~/.cache/visp/src/linux-source-6.12')

sys.path.insert(0, os.path.join(ksrc, 'Documentation', 'sphinx'))

project = 'VISP'
copyright = '2026, The VISP authors'
author = 'The VISP authors'
version = release = '1.0'

extensions = ['kerneldoc', 'rstFlatTable', 'kernel_include']

kerneldoc_bin = os.path.join(ksrc, 'scripts', 'kernel-doc')
kerneldoc_srctree = srctree

primary_domain = 'c'
highlight_language = 'none'

source_suffix = '.rst'
master_doc = 'index'
exclude_patterns = ['output']

try:
    import sphinx_rtd_theme  # noqa: F401
    html_theme = 'sphinx_rtd_theme'
except ImportError:
    html_theme = 'alabaster'
