// SPDX-License-Identifier: GPL-2.0
/* placeholder, filled in below */
#include "tap.h"
const struct tcase ref_tests[] = { { NULL, NULL } };
