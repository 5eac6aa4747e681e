/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VISP ISP driver tracepoints
 *
 * The life of a job, to measure what the driver costs per frame and its
 * latency: buffers queued and prepared (parameters copied and validated),
 * the job programmed into the hardware, the interrupts, the frames ending
 * and the buffers completed. Every event of a job carries its frame number,
 * the V4L2 sequence of its buffers.
 *
 * Copyright (C) 2026 The VISP authors
 */

#undef TRACE_SYSTEM
#define TRACE_SYSTEM visp

#if !defined(_TRACE_VISP_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_VISP_H

#include <linux/tracepoint.h>

TRACE_EVENT(visp_buf_queue,
	    TP_PROTO(unsigned int node, unsigned int index),
	    TP_ARGS(node, index),
	    TP_STRUCT__entry(__field(unsigned int, node)
			     __field(unsigned int, index)),
	    TP_fast_assign(__entry->node = node;
			   __entry->index = index;),
	    TP_printk("node=%u index=%u", __entry->node, __entry->index)
);

TRACE_EVENT(visp_params_prepare,
	    TP_PROTO(unsigned int index, unsigned int bytesused, int ret, u64 ns),
	    TP_ARGS(index, bytesused, ret, ns),
	    TP_STRUCT__entry(__field(unsigned int, index)
			     __field(unsigned int, bytesused)
			     __field(int, ret)
			     __field(u64, ns)),
	    TP_fast_assign(__entry->index = index;
			   __entry->bytesused = bytesused;
			   __entry->ret = ret;
			   __entry->ns = ns;),
	    TP_printk("index=%u bytesused=%u ret=%d ns=%llu", __entry->index,
		      __entry->bytesused, __entry->ret, __entry->ns)
);

TRACE_EVENT(visp_job_program,
	    TP_PROTO(u32 frame, unsigned int block_writes, u64 ns),
	    TP_ARGS(frame, block_writes, ns),
	    TP_STRUCT__entry(__field(u32, frame)
			     __field(unsigned int, block_writes)
			     __field(u64, ns)),
	    TP_fast_assign(__entry->frame = frame;
			   __entry->block_writes = block_writes;
			   __entry->ns = ns;),
	    TP_printk("frame=%u block_writes=%u ns=%llu", __entry->frame,
		      __entry->block_writes, __entry->ns)
);

TRACE_EVENT(visp_irq,
	    TP_PROTO(u32 mis, u64 ns),
	    TP_ARGS(mis, ns),
	    TP_STRUCT__entry(__field(u32, mis)
			     __field(u64, ns)),
	    TP_fast_assign(__entry->mis = mis;
			   __entry->ns = ns;),
	    TP_printk("mis=0x%08x ns=%llu", __entry->mis, __entry->ns)
);

TRACE_EVENT(visp_frame_done,
	    TP_PROTO(u32 frame, bool failed),
	    TP_ARGS(frame, failed),
	    TP_STRUCT__entry(__field(u32, frame)
			     __field(bool, failed)),
	    TP_fast_assign(__entry->frame = frame;
			   __entry->failed = failed;),
	    TP_printk("frame=%u failed=%d", __entry->frame, __entry->failed)
);

TRACE_EVENT(visp_buf_done,
	    TP_PROTO(unsigned int node, unsigned int index, u32 frame, int state),
	    TP_ARGS(node, index, frame, state),
	    TP_STRUCT__entry(__field(unsigned int, node)
			     __field(unsigned int, index)
			     __field(u32, frame)
			     __field(int, state)),
	    TP_fast_assign(__entry->node = node;
			   __entry->index = index;
			   __entry->frame = frame;
			   __entry->state = state;),
	    TP_printk("node=%u index=%u frame=%u state=%d", __entry->node,
		      __entry->index, __entry->frame, __entry->state)
);

TRACE_EVENT(visp_irq_thread,
	    TP_PROTO(unsigned int frames, u64 ns, u64 done_ns),
	    TP_ARGS(frames, ns, done_ns),
	    TP_STRUCT__entry(__field(unsigned int, frames)
			     __field(u64, ns)
			     __field(u64, done_ns)),
	    TP_fast_assign(__entry->frames = frames;
			   __entry->ns = ns;
			   __entry->done_ns = done_ns;),
	    TP_printk("frames=%u ns=%llu done_ns=%llu", __entry->frames,
		      __entry->ns, __entry->done_ns)
);

#endif /* _TRACE_VISP_H */

#include <trace/define_trace.h>
