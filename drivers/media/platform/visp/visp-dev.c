// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - platform device, power management, media graph
 *
 * Media graph (entity names are stable and documented in
 * Documentation/admin-guide/media/visp.rst):
 *
 *   visp-input --> visp-isp:0
 *   visp-params --> visp-isp:1
 *   sensor --> visp-csi:0, visp-csi:1 --> visp-isp:0 (with a camera)
 *   visp-isp:2 --> visp-resizer-main:0 --> visp-main
 *   visp-isp:2 --> visp-resizer-self:0 --> visp-self
 *   visp-isp:3 --> visp-stats
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/bitfield.h>
#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/pm_runtime.h>
#include <linux/reset.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "visp.h"

static const char * const visp_clk_names[] = { "core", "axi", "apb" };

static const unsigned long visp_clk_rates[] = {
	VISP_CORE_CLK_MAX_HZ, VISP_AXI_CLK_MAX_HZ, VISP_APB_CLK_MAX_HZ,
};

static const unsigned long visp_clk_min_rates[] = {
	VISP_CORE_CLK_MIN_HZ, VISP_AXI_CLK_MIN_HZ, VISP_APB_CLK_MIN_HZ,
};

static const struct regmap_config visp_regmap_config = {
	.name = "visp",
	.reg_bits = 32,
	.val_bits = 32,
	.reg_stride = 4,
	.max_register = VISP_REG_SPACE_SIZE - 4,
	.fast_io = true,
};

/* -----------------------------------------------------------------------
 * Power management
 */

static int visp_runtime_suspend(struct device *dev)
{
	struct visp_device *visp = dev_get_drvdata(dev);

	disable_irq(visp->irq);
	if (visp->rst) {
		reset_control_assert(visp->rst);
		/* The clocks run for at least 16 core cycles in reset. */
		udelay(1);
	}
	clk_bulk_disable_unprepare(ARRAY_SIZE(visp_clk_names), visp->clks);
	return 0;
}

static int visp_runtime_resume(struct device *dev)
{
	struct visp_device *visp = dev_get_drvdata(dev);
	int ret;

	ret = clk_bulk_prepare_enable(ARRAY_SIZE(visp_clk_names), visp->clks);
	if (ret)
		return ret;

	/* The power domain may have been off: reset the block. */
	if (visp->rst) {
		/* A full pulse: the state at the first power up is unknown. */
		reset_control_assert(visp->rst);
		/* At least 16 core clock cycles. */
		udelay(1);
		reset_control_deassert(visp->rst);
		/* Ready after 64 core clock cycles. */
		udelay(1);
	} else {
		ret = visp_hw_reset(visp);
		if (ret) {
			clk_bulk_disable_unprepare(ARRAY_SIZE(visp_clk_names),
						   visp->clks);
			return ret;
		}
	}

	enable_irq(visp->irq);
	return 0;
}

/*
 * System sleep: once the jobs in the hardware have completed, power down
 * as runtime suspend does. The buffers queued meanwhile wait for resume,
 * which powers up again if the device streams and reprograms it: the
 * block is reset and its power domain may have been off.
 */
static int visp_suspend(struct device *dev)
{
	struct visp_device *visp = dev_get_drvdata(dev);
	int ret;

	visp_stream_suspend(visp);
	ret = pm_runtime_force_suspend(dev);
	if (ret)
		visp_stream_resume(visp);
	return ret;
}

static int visp_resume(struct device *dev)
{
	struct visp_device *visp = dev_get_drvdata(dev);
	int ret;

	ret = pm_runtime_force_resume(dev);
	if (ret)
		return ret;

	visp_stream_resume(visp);
	return 0;
}

static const struct dev_pm_ops visp_pm_ops = {
	SYSTEM_SLEEP_PM_OPS(visp_suspend, visp_resume)
	RUNTIME_PM_OPS(visp_runtime_suspend, visp_runtime_resume, NULL)
};

/* -----------------------------------------------------------------------
 * debugfs
 */

static int visp_debugfs_stats_show(struct seq_file *s, void *data)
{
	struct visp_device *visp = s->private;

	unsigned int id;

	mutex_lock(&visp->job_lock);
	seq_printf(s, "frames_done: %llu\nframes_failed: %llu\nrunning: %u\njobs: %u\n",
		   visp->frames_done, visp->frames_failed, visp->running,
		   visp->num_jobs);
	seq_printf(s, "irq_storms: %llu\n", visp->irq_storms);
	seq_printf(s, "stats_invalid: %llu\n", visp->stats_invalid);
	seq_printf(s, "inline: %u\ncsi_errors: %llu\n", visp->inline_src,
		   visp->csi.errors);
	for (id = 0; id < VISP_VIDEO_NUM; id++)
		seq_printf(s, "%s: %s\n", visp->video[id].vdev.name,
			   visp->video[id].streaming ? "streaming" : "idle");
	mutex_unlock(&visp->job_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(visp_debugfs_stats);

static int visp_debugfs_regs_show(struct seq_file *s, void *data)
{
	static const u32 regs[] = {
		VISP_REG_ID, VISP_REG_VERSION, VISP_REG_STATUS,
		VISP_REG_FRAME_CNT, VISP_REG_ISR, VISP_REG_IMR,
		VISP_REG_DMA_ERR_SRC, VISP_REG_CFG_ERR_SRC,
		VISP_REG_BUS_ERR_ADDR, VISP_REG_FRAME_ERR(0),
		VISP_REG_FRAME_ERR(1), VISP_REG_FRAME_ERR(2),
		VISP_REG_FRAME_ERR(3),
	};
	struct visp_device *visp = s->private;
	unsigned int i, val;

	/* Registers can only be read while the device is powered. */
	if (pm_runtime_get_if_in_use(visp->dev) <= 0) {
		seq_puts(s, "suspended\n");
		return 0;
	}

	for (i = 0; i < ARRAY_SIZE(regs); i++) {
		if (regmap_read(visp->regmap, regs[i], &val))
			seq_printf(s, "0x%04x: unreadable\n", regs[i]);
		else
			seq_printf(s, "0x%04x: 0x%08x\n", regs[i], val);
	}

	pm_runtime_put_autosuspend(visp->dev);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(visp_debugfs_regs);

static void visp_debugfs_init(struct visp_device *visp)
{
	visp->debugfs = debugfs_create_dir(dev_name(visp->dev), NULL);
	debugfs_create_file("stats", 0444, visp->debugfs, visp,
			    &visp_debugfs_stats_fops);
	debugfs_create_file("regs", 0444, visp->debugfs, visp,
			    &visp_debugfs_regs_fops);
}

/* -----------------------------------------------------------------------
 * Probe and remove
 */

static int visp_get_resources(struct visp_device *visp,
			      struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	void __iomem *base;
	unsigned int i;
	int ret;

	visp->irq = platform_get_irq(pdev, 0);
	if (visp->irq < 0)
		return visp->irq;

	/* Own registers, or the parent's (a simulator) when there are none. */
	if (platform_get_resource(pdev, IORESOURCE_MEM, 0)) {
		base = devm_platform_ioremap_resource(pdev, 0);
		if (IS_ERR(base))
			return PTR_ERR(base);
		visp->regmap = devm_regmap_init_mmio(dev, base,
						     &visp_regmap_config);
		if (IS_ERR(visp->regmap))
			return dev_err_probe(dev, PTR_ERR(visp->regmap),
					     "cannot create regmap\n");
	} else {
		visp->regmap = dev->parent ?
			       dev_get_regmap(dev->parent, NULL) : NULL;
		if (!visp->regmap)
			return dev_err_probe(dev, -ENODEV,
					     "no registers and no parent regmap\n");
	}

	/* Devres of the clocks points to the array: allocate it with devm. */
	visp->clks = devm_kcalloc(dev, ARRAY_SIZE(visp_clk_names),
				  sizeof(*visp->clks), GFP_KERNEL);
	if (!visp->clks)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(visp_clk_names); i++)
		visp->clks[i].id = visp_clk_names[i];
	ret = devm_clk_bulk_get(dev, ARRAY_SIZE(visp_clk_names), visp->clks);
	if (ret)
		return dev_err_probe(dev, ret, "cannot get clocks\n");

	for (i = 0; i < ARRAY_SIZE(visp_clk_names); i++) {
		unsigned long rate;

		ret = clk_set_rate(visp->clks[i].clk, visp_clk_rates[i]);
		if (ret)
			return dev_err_probe(dev, ret, "cannot set %s clock rate\n",
					     visp_clk_names[i]);
		rate = clk_get_rate(visp->clks[i].clk);
		if (rate < visp_clk_min_rates[i] || rate > visp_clk_rates[i])
			return dev_err_probe(dev, -EINVAL,
					     "%s clock rate %lu out of range\n",
					     visp_clk_names[i], rate);
	}

	visp->rst = devm_reset_control_get_optional_exclusive(dev, NULL);
	if (IS_ERR(visp->rst))
		return dev_err_probe(dev, PTR_ERR(visp->rst),
				     "cannot get reset\n");

	ret = dma_set_mask_and_coherent(dev,
					DMA_BIT_MASK(VISP_DMA_ADDR_BITS));
	if (ret)
		return dev_err_probe(dev, ret, "cannot set DMA mask\n");

	visp->lsc_tables = dmam_alloc_coherent(dev, 2 * VISP_LSC_TABLE_ALLOC,
					       &visp->lsc_tables_dma,
					       GFP_KERNEL);
	if (!visp->lsc_tables)
		return -ENOMEM;

	return 0;
}

/* Power up briefly to identify the hardware. */
static int visp_check_id(struct visp_device *visp)
{
	unsigned int id = 0, version = 0;
	int ret;

	ret = pm_runtime_resume_and_get(visp->dev);
	if (ret)
		return dev_err_probe(visp->dev, ret, "cannot power up\n");

	regmap_read(visp->regmap, VISP_REG_ID, &id);
	regmap_read(visp->regmap, VISP_REG_VERSION, &version);

	pm_runtime_mark_last_busy(visp->dev);
	pm_runtime_put_autosuspend(visp->dev);

	if (id != VISP_ID_VALUE)
		return dev_err_probe(visp->dev, -ENODEV,
				     "unknown ID 0x%08x\n", id);

	visp->mdev.hw_revision = version;
	dev_info(visp->dev, "VISP ISP version %u.%u\n",
		 (u32)FIELD_GET(VISP_VERSION_MAJOR, version),
		 (u32)FIELD_GET(VISP_VERSION_MINOR, version));
	return 0;
}

static void visp_pm_cleanup(struct visp_device *visp)
{
	pm_runtime_dont_use_autosuspend(visp->dev);
	pm_runtime_disable(visp->dev);
	if (!pm_runtime_status_suspended(visp->dev))
		visp_runtime_suspend(visp->dev);
	pm_runtime_set_suspended(visp->dev);
}

static int visp_register_video(struct visp_device *visp,
			       enum visp_video_id id)
{
	switch (id) {
	case VISP_VIDEO_INPUT:
		return visp_input_register(visp);
	case VISP_VIDEO_MAIN:
		return visp_capture_register(visp, VISP_PATH_MAIN);
	case VISP_VIDEO_SELF:
		return visp_capture_register(visp, VISP_PATH_SELF);
	case VISP_VIDEO_PARAMS:
		return visp_params_register(visp);
	case VISP_VIDEO_STATS:
		return visp_stats_register(visp);
	default:
		return -EINVAL;
	}
}

static int visp_create_links(struct visp_device *visp)
{
	struct media_entity *isp = &visp->isp.sd.entity;
	const u32 fixed = MEDIA_LNK_FL_ENABLED | MEDIA_LNK_FL_IMMUTABLE;
	u32 input = fixed;
	unsigned int p;
	int ret;

	/* With a camera, the video sink takes memory or camera frames. */
	if (visp->csi.present)
		input = MEDIA_LNK_FL_ENABLED;
	ret = media_create_pad_link(&visp->video[VISP_VIDEO_INPUT].vdev.entity,
				    0, isp, VISP_ISP_PAD_SINK_VIDEO, input);
	if (ret)
		return ret;

	if (visp->csi.present) {
		ret = media_create_pad_link(&visp->csi.sd.entity,
					    VISP_CSI_PAD_SOURCE, isp,
					    VISP_ISP_PAD_SINK_VIDEO, 0);
		if (ret)
			return ret;
	}

	ret = media_create_pad_link(&visp->video[VISP_VIDEO_PARAMS].vdev.entity,
				    0, isp, VISP_ISP_PAD_SINK_PARAMS, fixed);
	if (ret)
		return ret;

	for (p = 0; p < VISP_PATH_COUNT; p++) {
		enum visp_video_id id = visp_path_video(p);
		struct media_entity *rsz = &visp->rsz[p].sd.entity;
		u32 flags = p == VISP_PATH_MAIN ? MEDIA_LNK_FL_ENABLED : 0;

		ret = media_create_pad_link(isp, VISP_ISP_PAD_SOURCE_VIDEO,
					    rsz, VISP_RSZ_PAD_SINK,
					    MEDIA_LNK_FL_ENABLED);
		if (ret)
			return ret;

		/* The raw bypass, instead of the processed frames. */
		if (p == VISP_PATH_MAIN) {
			ret = media_create_pad_link(isp, VISP_ISP_PAD_SOURCE_RAW,
						    rsz, VISP_RSZ_PAD_SINK, 0);
			if (ret)
				return ret;
		}

		ret = media_create_pad_link(rsz, VISP_RSZ_PAD_SOURCE,
					    &visp->video[id].vdev.entity, 0,
					    flags);
		if (ret)
			return ret;
	}

	ret = media_create_pad_link(isp, VISP_ISP_PAD_SOURCE_STATS,
				    &visp->video[VISP_VIDEO_STATS].vdev.entity,
				    0, 0);
	if (ret)
		return ret;

	return 0;
}

/* Called when the last user of the V4L2 device is gone. */
static void visp_release(struct v4l2_device *v4l2_dev)
{
	struct visp_device *visp = container_of(v4l2_dev, struct visp_device,
						v4l2_dev);
	unsigned int i;

	for (i = 0; i < VISP_VIDEO_NUM; i++) {
		v4l2_ctrl_handler_free(&visp->video[i].ctrls);
		mutex_destroy(&visp->video[i].lock);
	}
	v4l2_ctrl_handler_free(&visp->isp.ctrls);
	media_device_cleanup(&visp->mdev);
	mutex_destroy(&visp->job_lock);
	mutex_destroy(&visp->stream_lock);
	kfree(visp);
}

static int visp_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct visp_device *visp;
	int id, ret;
	unsigned int p;

	visp = kzalloc(sizeof(*visp), GFP_KERNEL);
	if (!visp)
		return -ENOMEM;

	visp->dev = dev;
	mutex_init(&visp->job_lock);
	mutex_init(&visp->stream_lock);
	init_waitqueue_head(&visp->idle_wq);
	INIT_DELAYED_WORK(&visp->watchdog, visp_watchdog);
	for (id = 0; id < VISP_VIDEO_NUM; id++) {
		visp->video[id].visp = visp;
		visp->video[id].id = id;
		mutex_init(&visp->video[id].lock);
		INIT_LIST_HEAD(&visp->video[id].buffers);
	}
	platform_set_drvdata(pdev, visp);

	visp->mdev.dev = dev;
	strscpy(visp->mdev.model, "VISP ISP", sizeof(visp->mdev.model));
	strscpy(visp->mdev.driver_name, VISP_DRIVER_NAME,
		sizeof(visp->mdev.driver_name));
	visp->mdev.ops = &visp_media_ops;
	media_device_init(&visp->mdev);

	visp->v4l2_dev.mdev = &visp->mdev;
	visp->v4l2_dev.release = visp_release;
	ret = v4l2_device_register(dev, &visp->v4l2_dev);
	if (ret) {
		media_device_cleanup(&visp->mdev);
		kfree(visp);
		return dev_err_probe(dev, ret, "cannot register V4L2 device\n");
	}

	ret = visp_get_resources(visp, pdev);
	if (ret)
		goto err_v4l2;

	ret = request_threaded_irq(visp->irq, visp_irq, visp_irq_thread,
				   IRQF_ONESHOT | IRQF_NO_AUTOEN,
				   dev_name(dev), visp);
	if (ret) {
		dev_err_probe(dev, ret, "cannot request IRQ\n");
		goto err_v4l2;
	}

	pm_runtime_set_autosuspend_delay(dev, VISP_AUTOSUSPEND_DELAY_MS);
	pm_runtime_use_autosuspend(dev);
	pm_runtime_enable(dev);

	ret = visp_check_id(visp);
	if (ret)
		goto err_pm;

	ret = visp_isp_register(visp);
	if (ret) {
		dev_err_probe(dev, ret, "cannot register the ISP subdev\n");
		goto err_pm;
	}

	for (p = 0; p < VISP_PATH_COUNT; p++) {
		ret = visp_rsz_register(visp, p);
		if (ret) {
			dev_err_probe(dev, ret, "cannot register resizer %u\n",
				      p);
			goto err_rsz;
		}
	}

	ret = visp_csi_register(visp);
	if (ret) {
		dev_err_probe(dev, ret, "cannot register the CSI-2 receiver\n");
		goto err_rsz;
	}

	for (id = 0; id < VISP_VIDEO_NUM; id++) {
		ret = visp_register_video(visp, id);
		if (ret) {
			dev_err_probe(dev, ret, "cannot register video node %d\n",
				      id);
			goto err_video;
		}
	}

	ret = visp_create_links(visp);
	if (ret) {
		dev_err_probe(dev, ret, "cannot create media links\n");
		goto err_video;
	}

	ret = v4l2_device_register_subdev_nodes(&visp->v4l2_dev);
	if (ret) {
		dev_err_probe(dev, ret, "cannot register subdev nodes\n");
		goto err_video;
	}

	/* The camera may bind now, or whenever its drivers are loaded. */
	ret = visp_csi_notifier_register(visp);
	if (ret) {
		dev_err_probe(dev, ret, "cannot register the camera notifier\n");
		goto err_video;
	}

	/* Last: userspace sees the media graph complete or not at all. */
	ret = media_device_register(&visp->mdev);
	if (ret) {
		dev_err_probe(dev, ret, "cannot register media device\n");
		visp_csi_notifier_unregister(visp);
		goto err_video;
	}

	visp_debugfs_init(visp);
	return 0;

err_video:
	while (id-- > 0)
		visp_video_unregister(visp, id);
	visp_csi_unregister(visp);
err_rsz:
	while (p-- > 0)
		visp_rsz_unregister(visp, p);
	visp_isp_unregister(visp);
err_pm:
	visp_pm_cleanup(visp);
	free_irq(visp->irq, visp);
err_v4l2:
	v4l2_device_unregister(&visp->v4l2_dev);
	v4l2_device_put(&visp->v4l2_dev);
	return ret;
}

static void visp_remove(struct platform_device *pdev)
{
	struct visp_device *visp = platform_get_drvdata(pdev);
	int id;
	int p;

	debugfs_remove_recursive(visp->debugfs);

	/* The camera's subdevs leave the graph first. */
	visp_csi_notifier_unregister(visp);

	/*
	 * Out of the reverse order of probe, the video nodes go before the
	 * media device: unregistering them stops their streams, and stopping
	 * a pipeline needs the media graph, which media_device_unregister()
	 * dismantles. The hardware is idle and powered down after it.
	 *
	 * The video devices are held until the media device is unregistered:
	 * a file handle closed meanwhile would release its video device and
	 * remove its entity from the graph concurrently with
	 * media_device_unregister(), which the media core does not handle.
	 */
	for (id = 0; id < VISP_VIDEO_NUM; id++)
		get_device(&visp->video[id].vdev.dev);
	for (id = VISP_VIDEO_NUM - 1; id >= 0; id--)
		visp_video_unregister(visp, id);
	media_device_unregister(&visp->mdev);
	for (id = 0; id < VISP_VIDEO_NUM; id++)
		put_device(&visp->video[id].vdev.dev);
	visp_csi_unregister(visp);
	for (p = VISP_PATH_COUNT - 1; p >= 0; p--)
		visp_rsz_unregister(visp, p);
	visp_isp_unregister(visp);
	visp_pm_cleanup(visp);
	free_irq(visp->irq, visp);
	v4l2_device_unregister(&visp->v4l2_dev);
	v4l2_device_put(&visp->v4l2_dev);
}

static const struct of_device_id visp_of_match[] = {
	{ .compatible = "visp,visp-isp" },
	{ /* sentinel */ }
};
MODULE_DEVICE_TABLE(of, visp_of_match);

static const struct platform_device_id visp_id_table[] = {
	{ .name = "visp" },
	{ /* sentinel */ }
};
MODULE_DEVICE_TABLE(platform, visp_id_table);

static struct platform_driver visp_driver = {
	.probe = visp_probe,
	.remove = visp_remove,
	.id_table = visp_id_table,
	.driver = {
		.name = VISP_DRIVER_NAME,
		.of_match_table = visp_of_match,
		.pm = pm_ptr(&visp_pm_ops),
	},
};
module_platform_driver(visp_driver);

MODULE_DESCRIPTION("VISP image signal processor driver");
MODULE_LICENSE("GPL");
