// SPDX-License-Identifier: GPL-2.0
/*
 * VISP simulator: the reference model run by the host
 *
 * The mailbox of visp-hostmodel is the memory of a QEMU ivshmem-plain PCI
 * device (see visp-sim-host.h for the protocol). This PCI driver maps it
 * when the program on the host serves it; the simulator then claims the
 * link at its probe and hands it the pixel work of its frames from memory.
 * The link is bound once, when the module loads, and unbound when it
 * unloads, after the simulator: it has no sysfs bind or unbind files.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/build_bug.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/sched.h>

#include "visp-sim-host.h"
#include "visp-sim.h"

/* ivshmem's PCI IDs and the BAR of its shared memory */
#define VISP_SIM_IVSHMEM_VENDOR		0x1af4
#define VISP_SIM_IVSHMEM_DEVICE		0x1110
#define VISP_SIM_IVSHMEM_BAR		2

/* How long a frame may take on the host before the link is given up */
#define VISP_SIM_HOST_TIMEOUT_MS	10000

/**
 * struct visp_sim_host - the link to visp-hostmodel
 *
 * @dev: the ivshmem device
 * @mb: its memory, the mailbox
 * @claimed: the simulator holds the link; protected by visp_sim_host_lock
 * @dead: the host did not answer a request in time: no more requests, and
 *	the mailbox's @dma_gen stays 0; written with the mailbox's @lock
 *	held, by the frame worker, the only one to send requests
 */
struct visp_sim_host {
	struct device *dev;
	struct visp_host_mailbox *mb;
	bool claimed;
	bool dead;
};

/* Protects visp_sim_host_link and its @claimed */
static DEFINE_MUTEX(visp_sim_host_lock);
static struct visp_sim_host *visp_sim_host_link;

static void visp_sim_host_lock_mb(struct visp_host_mailbox *mb)
{
	while (cmpxchg_acquire(&mb->lock, 0, 1))
		cpu_relax();
}

static void visp_sim_host_unlock_mb(struct visp_host_mailbox *mb)
{
	/* Pairs with the host's acquire of the lock. */
	smp_store_release(&mb->lock, 0);
}

/**
 * visp_sim_host_claim() - take the link to the host's model
 *
 * Return: the link, or NULL when there is none or it is taken.
 */
struct visp_sim_host *visp_sim_host_claim(void)
{
	struct visp_sim_host *host;

	mutex_lock(&visp_sim_host_lock);
	host = visp_sim_host_link;
	if (host && host->claimed)
		host = NULL;
	if (host)
		host->claimed = true;
	mutex_unlock(&visp_sim_host_lock);

	return host;
}

/**
 * visp_sim_host_release() - give the link back
 * @host: the link, from visp_sim_host_claim(), or NULL
 *
 * Called once no frame can use it any more.
 */
void visp_sim_host_release(struct visp_sim_host *host)
{
	if (!host)
		return;
	mutex_lock(&visp_sim_host_lock);
	host->claimed = false;
	mutex_unlock(&visp_sim_host_lock);
}

/**
 * visp_sim_host_set_dma_gen() - tell the host which frame may write memory
 * @host: the link
 * @gen: generation of that frame, 0 for none
 *
 * Waits for the host's write step in progress, if any: on return, the
 * host writes nothing more for any other frame. Called with the
 * simulator's DMA lock held.
 */
void visp_sim_host_set_dma_gen(struct visp_sim_host *host, u64 gen)
{
	struct visp_host_mailbox *mb = host->mb;

	visp_sim_host_lock_mb(mb);
	if (!host->dead)
		WRITE_ONCE(mb->dma_gen, gen);
	visp_sim_host_unlock_mb(mb);
}

/**
 * visp_sim_host_alive() - whether the host answers requests
 * @host: the link
 *
 * Return: false once the host missed a request.
 */
bool visp_sim_host_alive(struct visp_sim_host *host)
{
	return !READ_ONCE(host->dead);
}

/* The host missed a request: take its right to memory away for good. */
static void visp_sim_host_give_up(struct visp_sim_host *host)
{
	struct visp_host_mailbox *mb = host->mb;

	visp_sim_host_lock_mb(mb);
	WRITE_ONCE(host->dead, true);
	WRITE_ONCE(mb->dma_gen, 0);
	visp_sim_host_unlock_mb(mb);
}

/**
 * visp_sim_host_run() - run a frame on the host
 * @host: the link
 * @job: the frame, its LSC table read into its configuration
 * @flags: VISP_HOST_* flags of the request
 *
 * Sends the request and sleeps until the host has read the input, run
 * the model and written the outputs, or stopped because the frame lost
 * its memory. Called by the frame worker only.
 *
 * Return: VISP_HOST_OK, VISP_HOST_DROPPED, VISP_HOST_ERR_MODEL,
 * VISP_HOST_ERR_ADDR, or -ETIMEDOUT when the host did not answer (the
 * link is then dead) or -ENODEV when it is dead.
 */
int visp_sim_host_run(struct visp_sim_host *host,
		      const struct visp_sim_job *job, u32 flags)
{
	struct visp_host_mailbox *mb = host->mb;
	unsigned long timeout;
	u64 req;

	if (READ_ONCE(host->dead))
		return -ENODEV;

	memcpy(&mb->cfg, &job->cfg, sizeof(job->cfg));
	memcpy(mb->ch, job->dma, sizeof(mb->ch));
	WRITE_ONCE(mb->gen, job->gen);
	WRITE_ONCE(mb->flags, flags);
	WRITE_ONCE(mb->frame_sequence, job->src);
	req = READ_ONCE(mb->req) + 1;
	/* The request is written before the host sees its number. */
	smp_store_release(&mb->req, req);

	timeout = jiffies + msecs_to_jiffies(VISP_SIM_HOST_TIMEOUT_MS);
	/* The status is read after the number of the request done. */
	while (smp_load_acquire(&mb->done) != req) {
		if (time_after(jiffies, timeout)) {
			visp_sim_host_give_up(host);
			dev_err(host->dev,
				"the host's model did not answer in %u ms: frames run in the guest from now on\n",
				VISP_SIM_HOST_TIMEOUT_MS);
			return -ETIMEDOUT;
		}
		usleep_range(100, 200);
	}

	return READ_ONCE(mb->status);
}

static int visp_sim_host_probe(struct pci_dev *pdev,
			       const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct visp_sim_host *host;
	resource_size_t start, len;
	u32 magic, version, cfg_size;
	int ret;

	BUILD_BUG_ON(sizeof(struct visp_model_config) > VISP_HOST_CFG_MAX);

	host = devm_kzalloc(dev, sizeof(*host), GFP_KERNEL);
	if (!host)
		return -ENOMEM;
	host->dev = dev;

	ret = pcim_enable_device(pdev);
	if (ret)
		return dev_err_probe(dev, ret, "cannot enable the device\n");

	start = pci_resource_start(pdev, VISP_SIM_IVSHMEM_BAR);
	len = pci_resource_len(pdev, VISP_SIM_IVSHMEM_BAR);
	if (len < sizeof(*host->mb))
		return dev_err_probe(dev, -ENODEV,
				     "shared memory of %pa bytes: too small for a mailbox\n",
				     &len);
	if (!devm_request_mem_region(dev, start, len, KBUILD_MODNAME))
		return dev_err_probe(dev, -EBUSY, "shared memory is in use\n");
	/* Host memory: cached, as the program on the host accesses it. */
	host->mb = devm_memremap(dev, start, len, MEMREMAP_WB);
	if (IS_ERR(host->mb))
		return dev_err_probe(dev, PTR_ERR(host->mb),
				     "cannot map the shared memory\n");

	/* The host writes its magic last, after the fields read here. */
	magic = smp_load_acquire(&host->mb->magic);
	version = READ_ONCE(host->mb->version);
	cfg_size = READ_ONCE(host->mb->cfg_size);
	if (magic != VISP_HOST_MAGIC) {
		dev_info(dev, "no host model serves this shared memory\n");
		return -ENODEV;
	}
	if (version != VISP_HOST_VERSION ||
	    cfg_size != sizeof(struct visp_model_config))
		return dev_err_probe(dev, -ENODEV,
				     "host model of version %u with a %u-byte configuration, not %u with %zu\n",
				     version, cfg_size, VISP_HOST_VERSION,
				     sizeof(struct visp_model_config));

	/* No frame may write memory until the simulator says so. */
	visp_sim_host_set_dma_gen(host, 0);
	pci_set_drvdata(pdev, host);

	mutex_lock(&visp_sim_host_lock);
	if (!visp_sim_host_link)
		visp_sim_host_link = host;
	mutex_unlock(&visp_sim_host_lock);
	dev_info(dev, "frames run on the host's model\n");

	return 0;
}

static void visp_sim_host_remove(struct pci_dev *pdev)
{
	struct visp_sim_host *host = pci_get_drvdata(pdev);

	/* The simulator, removed first, gave the link back. */
	mutex_lock(&visp_sim_host_lock);
	if (visp_sim_host_link == host)
		visp_sim_host_link = NULL;
	mutex_unlock(&visp_sim_host_lock);
}

static const struct pci_device_id visp_sim_host_ids[] = {
	{ PCI_DEVICE(VISP_SIM_IVSHMEM_VENDOR, VISP_SIM_IVSHMEM_DEVICE) },
	{ }
};

/*
 * No MODULE_DEVICE_TABLE(): the module must not load for every ivshmem
 * device; it takes only one that visp-hostmodel serves.
 */
struct pci_driver visp_sim_host_driver = {
	.name = "visp-sim-host",
	.id_table = visp_sim_host_ids,
	.probe = visp_sim_host_probe,
	.remove = visp_sim_host_remove,
	.driver = {
		.suppress_bind_attrs = true,
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};
