/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * visp-softisp-bench: libcamera's CPU software ISP and the soft-ISP subset
 * of the visp reference model, side by side on the same raw frames
 *
 * Copyright (C) 2026 The VISP authors
 *
 * Both pipelines read the same SRGGB10 frames (10 bits in 16, little
 * endian), in one memfd buffer, with the same processing parameters: black
 * level 64, white balance gains 1.758 (R) and 1.465 (B), one colour
 * matrix and a 1/2.2 gamma curve; both write 24-bit RGB in R, G, B byte
 * order (libcamera's BGR888, V4L2's RGB24).
 *
 * libcamera: DebayerCpu with its SwStatsCpu statistics, configured and
 * fed as the simple pipeline handler's SoftwareIsp does, but with
 * process() called directly rather than queued to SoftwareIsp's own
 * thread, on 1 and then N worker threads (its "software_isp: threads"
 * option). The frame time is that of process(), which maps the buffers,
 * runs the worker threads and waits for them.
 *
 * visp: visp_model_run() on one thread, then visp_model_run_band() on N
 * threads (bands of rows) and visp_model_finish().
 *
 * N is the number of CPUs, at most 8 (libcamera's limit). The times are
 * the median wall-clock time of a frame and the CPU time of the process
 * per frame. process() maps both buffers each frame, and page faults are
 * dear in some virtual machines: what mapping the same buffers and
 * touching each page costs is timed on its own, to tell the two costs
 * apart. The program fails, with a one-sentence error, if either
 * pipeline does not turn a flat grey frame into grey, or if their outputs
 * of the benchmark frames differ by more than a few levels.
 */

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <pthread.h>
#include <sstream>
#include <stdlib.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <vector>

#include <libcamera/base/shared_fd.h>

#include <libcamera/camera_manager.h>
#include <libcamera/formats.h>
#include <libcamera/framebuffer.h>
#include <libcamera/logging.h>
#include <libcamera/stream.h>

#include "libcamera/internal/mapped_framebuffer.h"
#include "libcamera/internal/software_isp/debayer_params.h"
#include "libcamera/internal/software_isp/swstats_cpu.h"

#include "debayer_cpu.h"

extern "C" {
#include "libvisp.h"
}

using namespace libcamera;

namespace {

constexpr unsigned int kMaxThreads = 8;

/* The directory of libcamera's configuration file, removed at exit. */
char gConfDir[] = "/tmp/visp-softisp-bench-XXXXXX";

void removeConfDir()
{
	std::string dir = std::string(gConfDir) + "/libcamera";

	unlink((dir + "/configuration.yaml").c_str());
	rmdir(dir.c_str());
	rmdir(gConfDir);
}

[[noreturn]] void fail(const std::string &msg)
{
	std::cerr << "visp-softisp-bench: " << msg << std::endl;
	exit(EXIT_FAILURE);
}

double clockMs(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A buffer in a memfd, mapped, as both pipelines need it. */
struct Buffer {
	Buffer(const char *name, size_t length)
		: length_(length)
	{
		int fd = memfd_create(name, MFD_CLOEXEC);

		if (fd < 0 || ftruncate(fd, length) < 0)
			fail("cannot create a memfd buffer");
		fd_ = SharedFD(std::move(fd));
		void *p = mmap(nullptr, length, PROT_READ | PROT_WRITE,
			       MAP_SHARED, fd_.get(), 0);
		if (p == MAP_FAILED)
			fail("cannot map a memfd buffer");
		data_ = static_cast<uint8_t *>(p);

		FrameBuffer::Plane plane;
		plane.fd = fd_;
		plane.offset = 0;
		plane.length = length;
		std::vector<FrameBuffer::Plane> planes{ plane };
		frameBuffer_ = std::make_unique<FrameBuffer>(planes);
	}

	~Buffer()
	{
		munmap(data_, length_);
	}

	size_t length_;
	SharedFD fd_;
	uint8_t *data_;
	std::unique_ptr<FrameBuffer> frameBuffer_;
};

/* The processing both pipelines do; identity for the flat grey check. */
struct Params {
	unsigned int black; /* 10-bit units */
	float gainR, gainB;
	float ccm[9]; /* row-major */
	float gamma; /* output = input ^ gamma */
};

const Params kIdentity = {
	.black = 0,
	.gainR = 1.0f,
	.gainB = 1.0f,
	.ccm = { 1, 0, 0, 0, 1, 0, 0, 0, 1 },
	.gamma = 1.0f,
};

const Params kBench = {
	.black = 64,
	.gainR = 1800 / 1024.0f,
	.gainB = 1500 / 1024.0f,
	.ccm = { 1600 / 1024.0f, -400 / 1024.0f, -200 / 1024.0f,
		 -300 / 1024.0f, 1400 / 1024.0f, -76 / 1024.0f,
		 -100 / 1024.0f, -400 / 1024.0f, 1524 / 1024.0f },
	.gamma = 1 / 2.2f,
};

struct Result {
	double wallMs; /* median */
	double cpuMs; /* mean, whole process */
};

/* Times @run: a first frame, then at least 5 frames and @minMs ms. */
template<typename F>
Result timeFrames(F run, double minMs)
{
	std::vector<double> wall;
	double t0, c0;

	run();
	t0 = clockMs(CLOCK_MONOTONIC);
	c0 = clockMs(CLOCK_PROCESS_CPUTIME_ID);
	do {
		double a = clockMs(CLOCK_MONOTONIC);

		run();
		wall.push_back(clockMs(CLOCK_MONOTONIC) - a);
	} while (wall.size() < 5 || clockMs(CLOCK_MONOTONIC) - t0 < minMs);

	Result r;
	r.cpuMs = (clockMs(CLOCK_PROCESS_CPUTIME_ID) - c0) / wall.size();
	std::sort(wall.begin(), wall.end());
	r.wallMs = wall[wall.size() / 2];
	return r;
}

/*
 * libcamera's soft ISP on @threads threads. The thread count is read from
 * the configuration file when the CameraManager is created: a file is
 * written in a directory of its own, named by XDG_CONFIG_HOME.
 */
class LibcameraIsp
{
public:
	LibcameraIsp(const std::string &confDir, unsigned int threads,
		     const Size &size, Buffer &in)
		: in_(in)
	{
		std::ofstream conf(confDir + "/libcamera/configuration.yaml");

		conf << "version: 1\nconfiguration:\n  software_isp:\n"
		     << "    threads: " << threads << "\n";
		conf.close();
		if (!conf)
			fail("cannot write libcamera's configuration file");

		cm_ = std::make_unique<CameraManager>();
		auto stats = std::make_unique<SwStatsCpu>(*cm_);
		if (!stats->isValid())
			fail("libcamera's SwStatsCpu has no statistics buffer");
		debayer_ = std::make_unique<DebayerCpu>(std::move(stats), *cm_);

		StreamConfiguration inCfg;
		inCfg.pixelFormat = formats::SRGGB10;
		inCfg.size = size;
		inCfg.stride = size.width * 2;

		std::vector<PixelFormat> outFormats = debayer_->formats(inCfg.pixelFormat);
		if (std::find(outFormats.begin(), outFormats.end(),
			      formats::BGR888) == outFormats.end())
			fail("libcamera's DebayerCpu has no BGR888 output for SRGGB10");
		outCfg_.pixelFormat = formats::BGR888;
		outCfg_.size = debayer_->sizes(inCfg.pixelFormat, size).max;
		std::tie(outCfg_.stride, outCfg_.frameSize) =
			debayer_->strideAndFrameSize(outCfg_.pixelFormat, outCfg_.size);

		std::vector<std::reference_wrapper<const StreamConfiguration>> outCfgs{ outCfg_ };
		if (debayer_->configure(inCfg, outCfgs, true))
			fail("libcamera's DebayerCpu rejects SRGGB10 " + size.toString());
		/* Where the output starts in the input, as configure() sets it. */
		x0_ = ((size.width - outCfg_.size.width) / 2) & ~1u;
		y0_ = ((size.height - outCfg_.size.height) / 2) & ~1u;

		out_ = std::make_unique<Buffer>("libcamera-out", outCfg_.frameSize);
		debayer_->start();
	}

	~LibcameraIsp()
	{
		debayer_->stop();
		debayer_.reset();
		cm_.reset();
	}

	void setParams(const Params &p)
	{
		params_.blackLevel = RGB<float>(p.black / 1024.0f);
		params_.gains = RGB<float>({ p.gainR, 1.0f, p.gainB });
		for (unsigned int i = 0; i < 9; i++)
			params_.combinedMatrix[i / 3][i % 3] = p.ccm[i];
		params_.gamma = p.gamma;
		params_.contrastExp = 1.0f;
	}

	void run()
	{
		debayer_->process(frame_++, in_.frameBuffer_.get(),
				  out_->frameBuffer_.get(), params_);
		if (out_->frameBuffer_->metadata().status != FrameMetadata::FrameSuccess)
			fail("libcamera's DebayerCpu did not process a frame");
	}

	/*
	 * What process() spends on mapping the buffers, which it does each
	 * frame: both mapped, each page touched once, both unmapped.
	 */
	void mapAndTouch()
	{
		MappedFrameBuffer in(in_.frameBuffer_.get(), MappedFrameBuffer::MapFlag::Read);
		MappedFrameBuffer out(out_->frameBuffer_.get(), MappedFrameBuffer::MapFlag::Write);
		size_t page = sysconf(_SC_PAGESIZE);
		uint8_t sum = 0;

		if (!in.isValid() || !out.isValid())
			fail("cannot map the buffers as libcamera does");
		for (size_t i = 0; i < in.planes()[0].size(); i += page)
			sum += in.planes()[0][i];
		for (size_t i = 0; i < out.planes()[0].size(); i += page)
			out.planes()[0][i] = sum;
	}

	const StreamConfiguration &outCfg() const { return outCfg_; }
	const uint8_t *out() const { return out_->data_; }
	unsigned int x0() const { return x0_; }
	unsigned int y0() const { return y0_; }

private:
	Buffer &in_;
	std::unique_ptr<CameraManager> cm_;
	std::unique_ptr<DebayerCpu> debayer_;
	StreamConfiguration outCfg_;
	std::unique_ptr<Buffer> out_;
	DebayerParams params_;
	unsigned int x0_ = 0, y0_ = 0;
	uint32_t frame_ = 0;
};

/* The visp model's soft-ISP subset, on one thread or in bands. */
class VispIsp
{
public:
	VispIsp(unsigned int width, unsigned int height, Buffer &in,
		unsigned int bands)
		: bands_(bands)
	{
		visp_config_init(&cfg_);
		visp_config_set_input(&cfg_, VISP_IN_TYPE_RAW10, VISP_BAYER_RGGB,
				      width, height);
		visp_config_set_path(&cfg_, VISP_PATH_MAIN, VISP_OUT_FMT_RGB24,
				     0, 0, width, height, width, height);
		cfg_.dms_mode = VISP_DEMOSAIC_BILINEAR;

		buf_ = {};
		buf_.in = in.data_;
		buf_.in_stride = width * 2;
		buf_.in_size = width * 2 * height;
		buf_.stats = &stats_;
		stride_ = visp_model_out_line_bytes(VISP_OUT_FMT_RGB24, width, 0);
		out_.resize(static_cast<size_t>(stride_) * height);
		buf_.out[VISP_PATH_MAIN][0].data = out_.data();
		buf_.out[VISP_PATH_MAIN][0].stride = stride_;
		buf_.out[VISP_PATH_MAIN][0].size = out_.size();

		scratchSize_ = visp_model_scratch_size(&cfg_);
		for (unsigned int i = 0; i < bands_; i++)
			scratch_.emplace_back(scratchSize_);
		scratchPtrs_.resize(bands_);
		for (unsigned int i = 0; i < bands_; i++)
			scratchPtrs_[i] = scratch_[i].data();

		if (bands_ < 2)
			return;
		pthread_barrier_init(&start_, nullptr, bands_);
		pthread_barrier_init(&done_, nullptr, bands_);
		workers_.resize(bands_);
		for (unsigned int i = 1; i < bands_; i++) {
			workers_[i].isp = this;
			workers_[i].band = i;
			workers_[i].ret = 0;
			pthread_create(&workers_[i].thread, nullptr, workerMain,
				       &workers_[i]);
		}
	}

	~VispIsp()
	{
		if (bands_ < 2)
			return;
		quit_ = true;
		pthread_barrier_wait(&start_);
		for (unsigned int i = 1; i < bands_; i++)
			pthread_join(workers_[i].thread, nullptr);
		pthread_barrier_destroy(&start_);
		pthread_barrier_destroy(&done_);
	}

	void setParams(const Params &p)
	{
		unsigned int i;

		cfg_.bls_en = true;
		for (i = 0; i < VISP_CFA_CHANNELS; i++)
			cfg_.bls_level[i] = p.black * 4;
		cfg_.wb_en = true;
		cfg_.wb_gain[VISP_CFA_R] = std::lround(p.gainR * 1024);
		cfg_.wb_gain[VISP_CFA_GR] = 1024;
		cfg_.wb_gain[VISP_CFA_GB] = 1024;
		cfg_.wb_gain[VISP_CFA_B] = std::lround(p.gainB * 1024);
		cfg_.ccm_en = true;
		for (i = 0; i < 9; i++)
			cfg_.ccm_coeff[i] = std::lround(p.ccm[i] * 1024);
		cfg_.gamma_en = true;
		for (i = 0; i < VISP_GAMMA_POINTS; i++) {
			double x = std::min(i * 64, 4095u) / 4095.0;

			cfg_.gamma_lut[i] = std::lround(4095 * std::pow(x, p.gamma));
		}
	}

	void run()
	{
		int ret;

		if (bands_ < 2) {
			ret = visp_model_run(&cfg_, &buf_, scratchPtrs_[0],
					     scratchSize_);
		} else {
			pthread_barrier_wait(&start_);
			ret = runBand(0);
			pthread_barrier_wait(&done_);
			for (unsigned int i = 1; i < bands_; i++)
				ret = ret ? ret : workers_[i].ret;
			if (!ret)
				visp_model_finish(&cfg_, &buf_, scratchPtrs_.data(),
						  bands_);
		}
		if (ret)
			fail("the visp model rejected the frame (error " +
			     std::to_string(ret) + ")");
	}

	const uint8_t *out() const { return out_.data(); }
	unsigned int stride() const { return stride_; }

private:
	struct Worker {
		VispIsp *isp;
		unsigned int band;
		pthread_t thread;
		int ret;
	};

	int runBand(unsigned int i)
	{
		return visp_model_run_band(&cfg_, &buf_, scratchPtrs_[i],
					   scratchSize_,
					   visp_model_band_start(&cfg_, i, bands_),
					   visp_model_band_start(&cfg_, i + 1, bands_));
	}

	static void *workerMain(void *arg)
	{
		Worker *w = static_cast<Worker *>(arg);
		VispIsp *isp = w->isp;

		for (;;) {
			pthread_barrier_wait(&isp->start_);
			if (isp->quit_)
				return nullptr;
			w->ret = isp->runBand(w->band);
			pthread_barrier_wait(&isp->done_);
		}
	}

	unsigned int bands_;
	struct visp_model_config cfg_;
	struct visp_model_buffers buf_;
	struct visp_stats_buffer stats_;
	std::vector<uint8_t> out_;
	unsigned int stride_;
	size_t scratchSize_;
	std::vector<std::vector<uint8_t>> scratch_;
	std::vector<void *> scratchPtrs_;
	std::vector<Worker> workers_;
	pthread_barrier_t start_, done_;
	bool quit_ = false;
};

void fillFlat(Buffer &in, unsigned int w, unsigned int h, uint16_t value)
{
	uint16_t *p = reinterpret_cast<uint16_t *>(in.data_);

	std::fill(p, p + static_cast<size_t>(w) * h, value);
}

/* The frame of the visp model's own benchmark (tools/lib/visp/bench). */
void fillBench(Buffer &in, unsigned int w, unsigned int h)
{
	uint16_t *p = reinterpret_cast<uint16_t *>(in.data_);

	srand(1);
	for (size_t i = 0; i < static_cast<size_t>(w) * h; i++)
		p[i] = 64 + (rand() & 511) + ((i % w) & 255);
}

/* Mean of each channel of an RGB24 image, w x h at @x0, @y0 of @img. */
void meanRgb(const uint8_t *img, unsigned int stride, unsigned int x0,
	     unsigned int y0, unsigned int w, unsigned int h, double mean[3])
{
	uint64_t sum[3] = {};

	for (unsigned int y = 0; y < h; y++) {
		const uint8_t *p = img + static_cast<size_t>(y0 + y) * stride + x0 * 3;

		for (unsigned int x = 0; x < w * 3; x++)
			sum[x % 3] += p[x];
	}
	for (unsigned int c = 0; c < 3; c++)
		mean[c] = static_cast<double>(sum[c]) / (static_cast<double>(w) * h);
}

/*
 * Mean absolute difference per channel between libcamera's output and the
 * same pixels of visp's output, a 16-pixel border left out.
 */
double meanAbsDiff(const LibcameraIsp &lc, const VispIsp &vi, unsigned int c)
{
	const StreamConfiguration &cfg = lc.outCfg();
	uint64_t sum = 0, n = 0;

	for (unsigned int y = 16; y + 16 < cfg.size.height; y++) {
		const uint8_t *a = lc.out() + static_cast<size_t>(y) * cfg.stride;
		const uint8_t *b = vi.out() +
				   static_cast<size_t>(y + lc.y0()) * vi.stride() +
				   lc.x0() * 3;

		for (unsigned int x = 16; x + 16 < cfg.size.width; x++) {
			sum += std::abs(a[x * 3 + c] - b[x * 3 + c]);
			n++;
		}
	}
	return static_cast<double>(sum) / n;
}

std::string fmt(double v, int prec)
{
	std::ostringstream s;

	s << std::fixed << std::setprecision(prec) << v;
	return s.str();
}

} /* namespace */

int main(int argc, char *argv[])
{
	static const unsigned int sizes[][2] = { { 1920, 1080 }, { 3840, 2160 } };
	double minMs = 1000;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int threads = std::clamp<long>(cpus, 1, kMaxThreads);

	if (argc > 2 || (argc == 2 && (minMs = atof(argv[1])) <= 0))
		fail("usage: visp-softisp-bench [MIN_MS_PER_CASE]");

	/*
	 * DebayerCpu syncs its buffers as dma-bufs, which memfds are not:
	 * the error it logs each frame is left out.
	 */
	setenv("LIBCAMERA_LOG_LEVELS", "*:FATAL", 0);

	if (!mkdtemp(gConfDir))
		fail("cannot create a temporary directory");
	atexit(removeConfDir);
	std::string libcameraDir = std::string(gConfDir) + "/libcamera";
	if (mkdir(libcameraDir.c_str(), 0700))
		fail("cannot create a temporary directory");
	setenv("XDG_CONFIG_HOME", gConfDir, 1);

	std::vector<unsigned int> threadCounts{ 1 };
	if (threads > 1)
		threadCounts.push_back(threads);

	std::cout << "libcamera " << CameraManager::version()
		  << " (its software ISP: DebayerCpu with SwStatsCpu) and the visp "
		  << "reference model (copy " << visp_model_isa_name()
		  << ") on the same SRGGB10 frames, " << cpus << " CPUs online.\n\n"
		  << "- libcamera: bilinear demosaic to 8 bits (the 10-bit samples "
		  << "divided by 4), black level, white balance and colour matrix "
		  << "in 256-entry lookup tables, gamma in a 256-entry table, and "
		  << "its statistics (sums and a histogram); each input line copied "
		  << "once (copy_input_buffer, its default); output BGR888 (bytes R, "
		  << "G, B), 2 columns cropped on each side.\n"
		  << "- visp: the soft-ISP subset of the model, black level, white "
		  << "balance, bilinear demosaic, colour matrix (Q10) and a 65-point "
		  << "gamma curve at 12 bits, no statistics; output RGB24 (bytes R, "
		  << "G, B), full size.\n"
		  << "- Same parameters: black level 64, gains 1.758 (R) and 1.465 "
		  << "(B), one colour matrix, gamma 1/2.2. Threads: libcamera's "
		  << "software_isp threads option (rows split across worker "
		  << "threads); visp's bands (rows split across threads). ms/frame: "
		  << "median wall-clock time of a frame; CPU ms: CPU time of the "
		  << "process per frame; libcamera's mapping: the CPU time of mapping the two "
		  << "buffers, touching each page once and unmapping them, "
		  << "which DebayerCpu::process() does each frame (memfd buffers "
		  << "here; page faults included); mean abs diff: between the two "
		  << "outputs, in 8-bit levels.\n\n";
	std::cout << "| size | threads | libcamera ms/frame | libcamera CPU ms "
		  << "| visp ms/frame | visp CPU ms | libcamera's mapping CPU ms "
		  << "| libcamera / visp, wall | in CPU time | in CPU time without the mapping "
		  << "| outputs (libcamera, visp) | mean abs diff R, G, B |\n"
		  << "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
		  << "| ---: | ---: | --- | --- |\n";

	for (const auto &s : sizes) {
		unsigned int w = s[0], h = s[1];
		Buffer in("raw", static_cast<size_t>(w) * h * 2);

		for (unsigned int t : threadCounts) {
			LibcameraIsp lc(gConfDir, t, Size(w, h), in);
			VispIsp vi(w, h, in, t);
			const StreamConfiguration &oc = lc.outCfg();
			double lm[3], vm[3];

			/*
			 * A flat grey frame must come out grey from both.
			 * DebayerCpu computes its tables when the parameters
			 * differ from the last ones, which configure() sets
			 * to the defaults, the identity: a frame with other
			 * parameters comes first.
			 */
			fillFlat(in, w, h, 512);
			lc.setParams(kBench);
			lc.run();
			lc.setParams(kIdentity);
			vi.setParams(kIdentity);
			lc.run();
			vi.run();
			meanRgb(lc.out(), oc.stride, 0, 0, oc.size.width,
				oc.size.height, lm);
			meanRgb(vi.out(), vi.stride(), 0, 0, w, h, vm);
			for (unsigned int c = 0; c < 3; c++) {
				if (std::abs(lm[c] - 128) > 3)
					fail("libcamera turned a flat grey frame of 512 into a mean of " +
					     fmt(lm[c], 1) + " in channel " + std::to_string(c) +
					     " instead of 128");
				if (std::abs(vm[c] - 128) > 3)
					fail("visp turned a flat grey frame of 512 into a mean of " +
					     fmt(vm[c], 1) + " in channel " + std::to_string(c) +
					     " instead of 128");
			}

			fillBench(in, w, h);
			lc.setParams(kBench);
			vi.setParams(kBench);
			Result rl = timeFrames([&] { lc.run(); }, minMs);
			Result rv = timeFrames([&] { vi.run(); }, minMs);
			Result rm = timeFrames([&] { lc.mapAndTouch(); }, minMs / 4);

			std::string diffs;
			for (unsigned int c = 0; c < 3; c++) {
				double d = meanAbsDiff(lc, vi, c);

				if (d > 8)
					fail("libcamera's and visp's outputs of the same frame differ by " +
					     fmt(d, 1) + " levels on average in channel " +
					     std::to_string(c));
				diffs += (c ? ", " : "") + fmt(d, 2);
			}

			std::cout << "| " << w << "x" << h << " | " << t
				  << " | " << fmt(rl.wallMs, 2) << " | " << fmt(rl.cpuMs, 2)
				  << " | " << fmt(rv.wallMs, 2) << " | " << fmt(rv.cpuMs, 2)
				  << " | " << fmt(rm.cpuMs, 2)
				  << " | " << fmt(rl.wallMs / rv.wallMs, 2)
				  << " | " << fmt(rl.cpuMs / rv.cpuMs, 2)
				  << " | " << fmt((rl.cpuMs - rm.cpuMs) / rv.cpuMs, 2)
				  << " | " << oc.size.toString() << " BGR888, "
				  << w << "x" << h << " RGB24"
				  << " | " << diffs << " |" << std::endl;
		}
	}

	return 0;
}
