// SPDX-License-Identifier: GPL-2.0
/*
 * visp-probe: the smallest module that proves the project's build and
 * module loading on a given kernel. It depends on the V4L2 core, so that
 * loading it also exercises modprobe's dependency resolution, registers a
 * platform device and a V4L2 device on it, and removes both on unload.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/module.h>
#include <linux/platform_device.h>
#include <media/v4l2-device.h>

static bool warn;
module_param(warn, bool, 0444);
MODULE_PARM_DESC(warn, "WARN at load, to test that the harness catches it");

static struct platform_device *visp_probe_pdev;
static struct v4l2_device visp_probe_v4l2;

static int __init visp_probe_init(void)
{
	int ret;

	WARN_ON(warn);

	visp_probe_pdev = platform_device_register_simple("visp-probe", -1,
							  NULL, 0);
	if (IS_ERR(visp_probe_pdev))
		return PTR_ERR(visp_probe_pdev);

	/* The device has no driver to name the V4L2 device after. */
	strscpy(visp_probe_v4l2.name, "visp-probe", sizeof(visp_probe_v4l2.name));
	ret = v4l2_device_register(&visp_probe_pdev->dev, &visp_probe_v4l2);
	if (ret) {
		platform_device_unregister(visp_probe_pdev);
		return ret;
	}

	dev_info(&visp_probe_pdev->dev, "registered %s\n",
		 visp_probe_v4l2.name);
	return 0;
}

static void __exit visp_probe_exit(void)
{
	v4l2_device_unregister(&visp_probe_v4l2);
	platform_device_unregister(visp_probe_pdev);
}

module_init(visp_probe_init);
module_exit(visp_probe_exit);

MODULE_DESCRIPTION("VISP build and module loading probe");
MODULE_LICENSE("GPL");
