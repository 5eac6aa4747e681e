/* SPDX-License-Identifier: GPL-2.0 */
/*
 * visp-sim tracepoints
 *
 * The time the simulated hardware spends on a CPU inside the contexts it
 * shares with the driver: a register write that makes the hardware act
 * (start a frame, drop one, start a reset), and the frame timer, whose
 * interrupt can land in the driver's code. On silicon a register write is
 * a store on the bus and the ISP's own work costs the CPUs nothing; so
 * that the driver's cost can be told from the simulator's (make
 * bench-driver subtracts these from the driver's durations when they
 * nest in them on the same CPU).
 *
 * Copyright (C) 2026 The VISP authors
 */

#undef TRACE_SYSTEM
#define TRACE_SYSTEM visp_sim

#if !defined(_TRACE_VISP_SIM_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_VISP_SIM_H

#include <linux/tracepoint.h>

/*
 * The VISP_SIM_EV_* events, named: the simulator includes its
 * visp-sim-regs.h, which defines them, before this header.
 */
#define visp_sim_show_events(events)					\
	__print_flags(events, "|",					\
		      { VISP_SIM_EV_FRAME_START, "start" },		\
		      { VISP_SIM_EV_ABORT, "abort" },			\
		      { VISP_SIM_EV_RESET_BUSY, "reset" })

TRACE_EVENT(visp_sim_access,
	    TP_PROTO(u32 reg, unsigned int events, u64 ns),
	    TP_ARGS(reg, events, ns),
	    TP_STRUCT__entry(__field(u32, reg)
			     __field(unsigned int, events)
			     __field(u64, ns)),
	    TP_fast_assign(__entry->reg = reg;
			   __entry->events = events;
			   __entry->ns = ns;),
	    TP_printk("reg=0x%04x events=%s ns=%llu", __entry->reg,
		      visp_sim_show_events(__entry->events), __entry->ns)
);

TRACE_EVENT(visp_sim_timer,
	    TP_PROTO(u64 ns),
	    TP_ARGS(ns),
	    TP_STRUCT__entry(__field(u64, ns)),
	    TP_fast_assign(__entry->ns = ns;),
	    TP_printk("ns=%llu", __entry->ns)
);

#endif /* _TRACE_VISP_SIM_H */

#include <trace/define_trace.h>
