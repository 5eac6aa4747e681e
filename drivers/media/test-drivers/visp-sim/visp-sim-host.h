/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VISP simulator: the reference model run by the host
 *
 * In a QEMU guest whose RAM the host shares (a memory-backend-file with
 * share=on), the simulator can hand the pixel work of its frames to a
 * program on the host, visp-hostmodel (tools/lib/visp), which runs the
 * same reference model natively, as the hardware would run beside the
 * CPUs. The two talk through a mailbox, the memory of an ivshmem-plain
 * PCI device, laid out as struct visp_host_mailbox; the frames' buffers
 * are read and written in the guest's RAM at their bus addresses, which
 * are guest physical addresses (no IOMMU).
 *
 * A request: the guest fills @cfg, @ch, @flags, @frame_sequence and @gen,
 * then increments @req (release). The host reads the input channel, runs
 * the model into buffers of its own and writes the output channels, each
 * in steps of at most VISP_HOST_STEP bytes; each step takes @lock and
 * writes only while @dma_gen equals the request's @gen. It then stores
 * @status and sets @done to @req (release).
 *
 * While a request is in flight, the guest changes @dma_gen with @lock
 * held: once it has released the lock, no step of a frame that lost its
 * memory is in progress, and none starts. That is the simulator's rule for
 * memory (visp-sim-frame.c) across the two machines. The guest waits for
 * the lock a bounded time: a host stopped in the middle of a step (a
 * debugger, SIGSTOP) loses the link, and may write that one step late.
 *
 * The lock is taken with compare-and-exchange on both sides, which is
 * atomic between a QEMU guest and the host with KVM, or with TCG in its
 * multi-threaded mode (-accel tcg,thread=multi with -smp 2 or more):
 * single-threaded TCG emulates the guest's atomics without host atomics.
 * The host serves guests of at most 2 GiB of RAM, which the pc and q35
 * machines place from physical address 0 on: the offset of a byte of RAM
 * in its file is its guest physical address.
 *
 * A host that starts while a request is pending answers it with
 * VISP_HOST_ERR_LOST. A host that stops clears @magic, between requests.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_SIM_HOST_H__
#define __VISP_SIM_HOST_H__

#include <linux/types.h>

#include "visp-model.h"
#include "visp-sim-regs.h"

/* @magic of a mailbox the host serves: "VSPH" in memory order */
#define VISP_HOST_MAGIC		0x48505356
/* Layout and protocol version of struct visp_host_mailbox */
#define VISP_HOST_VERSION	1

/* Bytes the host writes per step of a channel under @lock */
#define VISP_HOST_STEP		(32 * 1024)

/* Room for struct visp_model_config in the mailbox */
#define VISP_HOST_CFG_MAX	4096

/* @flags of a request */
#define VISP_HOST_CORRUPT_STATS	0x1	/* flip every bit of the statistics */

/* @status of a request */
#define VISP_HOST_OK		0	/* written */
#define VISP_HOST_DROPPED	1	/* @dma_gen changed: not all written */
#define VISP_HOST_ERR_MODEL	2	/* the model failed: nothing written */
#define VISP_HOST_ERR_ADDR	3	/* a channel is outside the RAM */
#define VISP_HOST_ERR_LOST	4	/* the host restarted: not served */

/**
 * struct visp_host_mailbox - the mailbox shared with visp-hostmodel
 *
 * @magic: VISP_HOST_MAGIC, written by the host when it serves requests
 * @version: VISP_HOST_VERSION of the host
 * @cfg_size: sizeof(struct visp_model_config) of the host
 * @lock: 0 when free, 1 when held, taken with compare-and-exchange
 * @dma_gen: generation of the frame that may write memory, 0 when none;
 *	written by the guest with @lock held
 * @req: number of the last request, incremented by the guest
 * @done: number of the last request done, written by the host
 * @gen: generation of the request's frame
 * @status: VISP_HOST_* result of request @done
 * @flags: VISP_HOST_* flags of the request
 * @frame_sequence: source frame number for the statistics
 * @cfg_offset: offsetof(struct visp_host_mailbox, cfg) of the host, which
 *	tells the layout of @ch too
 * @ch: the frame's DMA channels, indexed by enum visp_sim_dma_ch; the
 *	host uses VISP_SIM_DMA_IN to VISP_SIM_DMA_STATS (the guest has read
 *	the LSC table into @cfg)
 * @cfg: the frame's configuration
 * @cfg_bytes: room for @cfg
 */
struct visp_host_mailbox {
	u32 magic;
	u32 version;
	u32 cfg_size;
	u32 lock;
	u64 dma_gen;
	u64 req;
	u64 done;
	u64 gen;
	s32 status;
	u32 flags;
	u32 frame_sequence;
	u32 cfg_offset;
	struct visp_sim_dma ch[VISP_SIM_DMA_CHANNELS];
	union {
		struct visp_model_config cfg;
		u8 cfg_bytes[VISP_HOST_CFG_MAX];
	};
};

#endif /* __VISP_SIM_HOST_H__ */
