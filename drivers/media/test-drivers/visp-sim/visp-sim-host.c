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
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/stddef.h>

#include "visp-sim-host.h"
#include "visp-sim.h"

/* ivshmem's PCI IDs and the BAR of its shared memory */
#define VISP_SIM_IVSHMEM_VENDOR		0x1af4
#define VISP_SIM_IVSHMEM_DEVICE		0x1110
#define VISP_SIM_IVSHMEM_BAR		2

/* How long a frame may take on the host before the link is given up */
#define VISP_SIM_HOST_TIMEOUT_MS	10000
/* How long the guest waits for the mailbox's lock, interrupts off */
#define VISP_SIM_HOST_LOCK_MS		50

/**
 * struct visp_sim_host - the link to visp-hostmodel
 *
 * @dev: the ivshmem device
 * @mb: its memory, the mailbox
 * @lock: protects @busy and @dead, and orders the writes of the mailbox's
 *	@dma_gen (nested in the simulator's locks)
 * @busy: a request is in flight: the host may be writing memory
 * @dead: the host missed a request or held the mailbox's lock too long:
 *	no more requests, and the mailbox's @dma_gen stays 0
 * @req: number of the last request, written by the frame worker only
 * @claimed: the simulator holds the link; protected by visp_sim_host_lock
 */
struct visp_sim_host {
	struct device *dev;
	struct visp_host_mailbox *mb;
	spinlock_t lock; /* @busy, @dead and the mailbox's @dma_gen */
	bool busy;
	bool dead;
	u64 req;
	bool claimed;
};

/* Protects visp_sim_host_link and its @claimed */
static DEFINE_MUTEX(visp_sim_host_lock);
static struct visp_sim_host *visp_sim_host_link;

/*
 * Take the mailbox's lock, for at most VISP_SIM_HOST_LOCK_MS: its holder
 * is a thread of the host, which holds it for one step of its writes.
 * Returns false when it could not.
 */
static bool visp_sim_host_lock_mb(struct visp_host_mailbox *mb)
{
	ktime_t end = ktime_add_ms(ktime_get(), VISP_SIM_HOST_LOCK_MS);

	for (;;) {
		if (!READ_ONCE(mb->lock) && !cmpxchg_acquire(&mb->lock, 0, 1))
			return true;
		if (ktime_after(ktime_get(), end))
			return false;
		cpu_relax();
	}
}

static void visp_sim_host_unlock_mb(struct visp_host_mailbox *mb)
{
	/* Pairs with the host's acquire of the lock. */
	smp_store_release(&mb->lock, 0);
}

/*
 * The host stops writing memory for good: @dma_gen 0, under the mailbox's
 * lock if it can be had in time.
 */
static void visp_sim_host_kill(struct visp_sim_host *host)
{
	struct visp_host_mailbox *mb = host->mb;
	bool locked;

	lockdep_assert_held(&host->lock);

	host->dead = true;
	locked = visp_sim_host_lock_mb(mb);
	WRITE_ONCE(mb->dma_gen, 0);
	if (locked)
		visp_sim_host_unlock_mb(mb);
	else
		dev_err(host->dev,
			"the host held the mailbox for %u ms: the link is lost, a write of the host may come late\n",
			VISP_SIM_HOST_LOCK_MS);
}

/**
 * visp_sim_host_claim() - take the link to the host's model
 * @consumer: the simulator's device, which the link's device supplies:
 *	unbound before it
 *
 * Return: the link, or NULL when there is none or it is taken.
 */
struct visp_sim_host *visp_sim_host_claim(struct device *consumer)
{
	struct visp_sim_host *host;

	mutex_lock(&visp_sim_host_lock);
	host = visp_sim_host_link;
	if (host && host->claimed)
		host = NULL;
	if (host && !device_link_add(consumer, host->dev,
				     DL_FLAG_AUTOREMOVE_CONSUMER)) {
		dev_warn(consumer, "cannot link to %s: frames run here\n",
			 dev_name(host->dev));
		host = NULL;
	}
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
 * host writes nothing more for any other frame (but see
 * visp_sim_host_kill()). Called with the simulator's DMA lock held.
 */
void visp_sim_host_set_dma_gen(struct visp_sim_host *host, u64 gen)
{
	struct visp_host_mailbox *mb = host->mb;

	spin_lock(&host->lock);
	if (host->dead) {
		/* @dma_gen stays 0. */
	} else if (!host->busy) {
		/* Between requests the host writes nothing. */
		WRITE_ONCE(mb->dma_gen, gen);
	} else if (visp_sim_host_lock_mb(mb)) {
		WRITE_ONCE(mb->dma_gen, gen);
		visp_sim_host_unlock_mb(mb);
	} else {
		visp_sim_host_kill(host);
	}
	spin_unlock(&host->lock);
}

/**
 * visp_sim_host_alive() - whether the host serves requests
 * @host: the link
 *
 * Return: false once the host has stopped or lost the link.
 */
bool visp_sim_host_alive(struct visp_sim_host *host)
{
	return !READ_ONCE(host->dead) &&
	       READ_ONCE(host->mb->magic) == VISP_HOST_MAGIC;
}

/* No request in flight any more. */
static void visp_sim_host_idle(struct visp_sim_host *host)
{
	spin_lock_irq(&host->lock);
	host->busy = false;
	spin_unlock_irq(&host->lock);
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
 * Return: VISP_HOST_OK, VISP_HOST_DROPPED or another VISP_HOST_* status
 * of the host, -ENODEV when the host stopped serving, -ETIMEDOUT when it
 * did not answer (the link is then lost).
 */
int visp_sim_host_run(struct visp_sim_host *host,
		      const struct visp_sim_job *job, u32 flags)
{
	struct visp_host_mailbox *mb = host->mb;
	unsigned long timeout;
	int ret = -ENODEV;
	bool dead;

	spin_lock_irq(&host->lock);
	dead = host->dead;
	host->busy = !dead;
	spin_unlock_irq(&host->lock);
	if (dead)
		return -ENODEV;

	memcpy(&mb->cfg, &job->cfg, sizeof(job->cfg));
	memcpy(mb->ch, job->dma, sizeof(mb->ch));
	WRITE_ONCE(mb->gen, job->gen);
	WRITE_ONCE(mb->flags, flags);
	WRITE_ONCE(mb->frame_sequence, job->src);
	/* The request is written before the host sees its number. */
	smp_store_release(&mb->req, ++host->req);

	timeout = jiffies + msecs_to_jiffies(VISP_SIM_HOST_TIMEOUT_MS);
	for (;;) {
		/* The status is read after the number of the request done. */
		if (smp_load_acquire(&mb->done) == host->req) {
			ret = READ_ONCE(mb->status);
			break;
		}
		/* A host that stops does so between requests. */
		if (READ_ONCE(mb->magic) != VISP_HOST_MAGIC)
			break;
		if (time_after(jiffies, timeout)) {
			spin_lock_irq(&host->lock);
			visp_sim_host_kill(host);
			spin_unlock_irq(&host->lock);
			dev_err(host->dev,
				"the host's model did not answer in %u ms: frames run in the guest from now on\n",
				VISP_SIM_HOST_TIMEOUT_MS);
			return -ETIMEDOUT;
		}
		usleep_range(100, 200);
	}
	visp_sim_host_idle(host);

	return ret;
}

static int visp_sim_host_probe(struct pci_dev *pdev,
			       const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct visp_sim_host *host;
	resource_size_t start, len;
	u32 magic, version, cfg_size, cfg_offset;
	int ret;

	BUILD_BUG_ON(sizeof(struct visp_model_config) > VISP_HOST_CFG_MAX);

	host = devm_kzalloc(dev, sizeof(*host), GFP_KERNEL);
	if (!host)
		return -ENOMEM;
	host->dev = dev;
	spin_lock_init(&host->lock);

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
	host->mb = devm_memremap(dev, start, PAGE_ALIGN(sizeof(*host->mb)),
				 MEMREMAP_WB);
	if (IS_ERR(host->mb))
		return dev_err_probe(dev, PTR_ERR(host->mb),
				     "cannot map the shared memory\n");

	/* The host writes its magic last, after the fields read here. */
	magic = smp_load_acquire(&host->mb->magic);
	version = READ_ONCE(host->mb->version);
	cfg_size = READ_ONCE(host->mb->cfg_size);
	cfg_offset = READ_ONCE(host->mb->cfg_offset);
	if (magic != VISP_HOST_MAGIC) {
		dev_info(dev, "no host model serves this shared memory\n");
		return -ENODEV;
	}
	if (version != VISP_HOST_VERSION ||
	    cfg_size != sizeof(struct visp_model_config) ||
	    cfg_offset != offsetof(struct visp_host_mailbox, cfg))
		return dev_err_probe(dev, -ENODEV,
				     "host model of version %u, configuration %u bytes at %u, not %u, %zu at %zu\n",
				     version, cfg_size, cfg_offset,
				     VISP_HOST_VERSION,
				     sizeof(struct visp_model_config),
				     offsetof(struct visp_host_mailbox, cfg));

	/* No frame may write memory until the simulator says so. */
	WRITE_ONCE(host->mb->dma_gen, 0);
	host->req = READ_ONCE(host->mb->req);
	pci_set_drvdata(pdev, host);

	mutex_lock(&visp_sim_host_lock);
	if (visp_sim_host_link) {
		mutex_unlock(&visp_sim_host_lock);
		return dev_err_probe(dev, -EBUSY,
				     "the simulator has a host model already\n");
	}
	visp_sim_host_link = host;
	mutex_unlock(&visp_sim_host_lock);
	dev_info(dev, "frames run on the host's model\n");

	return 0;
}

static void visp_sim_host_remove(struct pci_dev *pdev)
{
	struct visp_sim_host *host = pci_get_drvdata(pdev);

	/* The simulator, its consumer, was unbound first. */
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
static struct pci_driver visp_sim_host_driver = {
	.name = "visp-sim-host",
	.id_table = visp_sim_host_ids,
	.probe = visp_sim_host_probe,
	.remove = visp_sim_host_remove,
	.driver = {
		.suppress_bind_attrs = true,
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};

/**
 * visp_sim_host_register() - register the link's PCI driver
 *
 * Return: 0 or a negative error code.
 */
int visp_sim_host_register(void)
{
	return pci_register_driver(&visp_sim_host_driver);
}

/**
 * visp_sim_host_unregister() - unregister the link's PCI driver
 */
void visp_sim_host_unregister(void)
{
	pci_unregister_driver(&visp_sim_host_driver);
}
