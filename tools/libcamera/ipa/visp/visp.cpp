/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Copyright (C) 2026, The VISP authors
 *
 * Image Processing Algorithms of the visp ISP
 *
 * Reads the visp statistics (struct visp_stats_buffer) and fills the visp
 * parameters buffers (struct visp_params_buffer) of the UAPI header
 * visp-config.h. The algorithms:
 *
 * - AGC: libipa's mean-luminance AGC (AgcMeanLuminance) on the AE
 *   histogram, its luminance estimate from the AE zone means;
 * - AWB: a libipa AWB algorithm that searches the colour temperature
 *   locus of the tuning for the illuminant most AWB zones look grey
 *   under, and sets the gains that make grey neutral under it;
 * - CCM and LSC interpolated in colour temperature (libipa Interpolator),
 *   black level, DPC, tone (or gamma) and demosaicing from the tuning;
 * - AF, when the sensor has a focus lens: a contrast search on the AF
 *   statistics (class Af below).
 *
 * The tuning file is the one of the visp userspace (visp-sensor.yaml):
 * a list of algorithms, each a dictionary named by its key.
 */

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <string.h>
#include <utility>
#include <vector>

#include <linux/v4l2-controls.h>
#include <linux/visp-config.h>

#include <libcamera/base/file.h>
#include <libcamera/base/log.h>
#include <libcamera/base/utils.h>

#include <libcamera/control_ids.h>
#include <libcamera/controls.h>
#include <libcamera/framebuffer.h>
#include <libcamera/ipa/ipa_interface.h>
#include <libcamera/ipa/ipa_module_info.h>
#include <libcamera/ipa/visp_ipa_interface.h>

#include "libcamera/internal/mapped_framebuffer.h"
#include "libcamera/internal/matrix.h"
#include "libcamera/internal/vector.h"
#include "libcamera/internal/yaml_parser.h"

#include "libipa/agc_mean_luminance.h"
#include "libipa/awb.h"
#include "libipa/camera_sensor_helper.h"
#include "libipa/colours.h"
#include "libipa/histogram.h"
#include "libipa/interpolator.h"

namespace libcamera {

LOG_DEFINE_CATEGORY(IPAVisp)

using namespace std::literals::chrono_literals;

namespace ipa {

/*
 * The simulated visp-sensor: gain code = gain x 256, black level 64 at 10
 * bits (4096 in libipa's 16-bit scale).
 */
class CameraSensorHelperVispSensor : public CameraSensorHelper
{
public:
	CameraSensorHelperVispSensor()
	{
		blackLevel_ = 4096;
		gain_ = AnalogueGainLinear{ 1, 0, 0, 256 };
	}
};
REGISTER_CAMERA_SENSOR_HELPER("visp-sensor", CameraSensorHelperVispSensor)

namespace visp {

namespace {

/* Statistics grid: 16 x 16 zones over the frame. */
constexpr unsigned int kGrid = 16;

/* Lines between the exposure and the frame length (visp-sensor's margin). */
constexpr uint32_t kExposureMargin = 8;

/* Zones of fewer quads than this do not vote in the AWB. */
constexpr unsigned int kAwbMinQuads = 16;

/* Distance, in log chroma, of a zone that looks grey under a locus point. */
constexpr double kAwbGreyRadius = 0.08;

struct LocusPoint {
	double ct;
	double rg;
	double bg;
};

/* The view of one statistics buffer the algorithms use. */
class VispAwbStats : public AwbStats
{
public:
	VispAwbStats(const visp_stats_buffer *stats)
		: stats_(stats)
	{
	}

	virtual ~VispAwbStats() = default;

	double computeColourError(const RGB<double> &gains) const override
	{
		RGB<double> m = rgbMeans();
		double r = m.r() * gains.r();
		double g = m.g() * gains.g();
		double b = m.b() * gains.b();
		return std::hypot(r - g, b - g);
	}

	RGB<double> rgbMeans() const override
	{
		double r = 0, g = 0, b = 0;
		unsigned int n = stats_->awb_grid_w * stats_->awb_grid_h;
		for (unsigned int i = 0; i < n; i++) {
			r += stats_->awb[i].sum_r;
			g += stats_->awb[i].sum_g / 2.0;
			b += stats_->awb[i].sum_b;
		}
		return RGB<double>{ { r, g, b } };
	}

	const visp_stats_buffer *stats_;
};

/*
 * AWB on the colour temperature locus: each zone votes for the locus
 * points it looks grey under; the gains make grey neutral under the point
 * with the most votes.
 */
class AwbLocus : public AwbAlgorithm
{
public:
	int init(const ValueNode &tuning) override
	{
		const ValueNode &locus = tuning["locus"];
		if (!locus.isList() || locus.size() < 2) {
			LOG(IPAVisp, Error) << "The AWB tuning needs a locus";
			return -EINVAL;
		}

		std::vector<LocusPoint> points;
		for (const ValueNode &p : locus.asList()) {
			auto ct = p["ct"].get<double>();
			auto rg = p["r_g"].get<double>();
			auto bg = p["b_g"].get<double>();
			if (!ct || !rg || !bg || *rg <= 0 || *bg <= 0)
				return -EINVAL;
			points.push_back({ *ct, *rg, *bg });
		}

		/* The locus sampled every 50 K, in log chroma. */
		for (double ct = points.front().ct; ct <= points.back().ct; ct += 50) {
			unsigned int j = 0;
			while (j + 2 < points.size() && ct > points[j + 1].ct)
				j++;
			double f = (ct - points[j].ct) / (points[j + 1].ct - points[j].ct);
			f = std::clamp(f, 0.0, 1.0);
			samples_.push_back({ ct,
					     std::log(points[j].rg) * (1 - f) + std::log(points[j + 1].rg) * f,
					     std::log(points[j].bg) * (1 - f) + std::log(points[j + 1].bg) * f });
		}

		return 0;
	}

	AwbResult calculateAwb(const AwbStats &stats,
			       [[maybe_unused]] unsigned int lux) override
	{
		const visp_stats_buffer *s =
			static_cast<const VispAwbStats &>(stats).stats_;
		std::vector<double> votes(samples_.size(), 0.0);
		unsigned int n = s->awb_grid_w * s->awb_grid_h;

		for (unsigned int i = 0; i < n; i++) {
			const visp_stats_awb_zone &z = s->awb[i];
			if (z.count < kAwbMinQuads || !z.sum_r || !z.sum_b)
				continue;

			double g = z.sum_g / 2.0;
			double u = std::log(z.sum_r / g);
			double v = std::log(z.sum_b / g);
			for (unsigned int k = 0; k < samples_.size(); k++) {
				double d = std::hypot(u - samples_[k].rg,
						      v - samples_[k].bg);
				if (d < kAwbGreyRadius)
					votes[k] += z.count * (1 - d / kAwbGreyRadius);
			}
		}

		unsigned int best = 0;
		for (unsigned int k = 1; k < votes.size(); k++) {
			if (votes[k] > votes[best])
				best = k;
		}

		AwbResult result;
		if (votes[best] == 0) {
			/* No zone looks grey: the grey world. */
			RGB<double> m = stats.rgbMeans();
			result.gains = RGB<double>{ { m.g() / std::max(m.r(), 1.0), 1.0,
						      m.g() / std::max(m.b(), 1.0) } };
			result.colourTemperature = 5000;
			return result;
		}

		result.colourTemperature = samples_[best].ct;
		result.gains = *gainsFromColourTemperature(samples_[best].ct);
		return result;
	}

	std::optional<RGB<double>> gainsFromColourTemperature(double ct) override
	{
		if (samples_.empty())
			return std::nullopt;

		ct = std::clamp(ct, samples_.front().ct, samples_.back().ct);
		unsigned int k = std::round((ct - samples_.front().ct) / 50);
		k = std::min<unsigned int>(k, samples_.size() - 1);
		return RGB<double>{ { std::exp(-samples_[k].rg), 1.0,
				      std::exp(-samples_[k].bg) } };
	}

private:
	struct Sample {
		double ct;
		double rg;
		double bg;
	};
	std::vector<Sample> samples_;
};

/* The mean-luminance AGC, its luminance estimate from the AE zone means. */
class Agc : public AgcMeanLuminance
{
public:
	void setZoneMeans(const visp_stats_buffer *stats)
	{
		means_.clear();
		unsigned int n = stats->ae_grid_w * stats->ae_grid_h;
		for (unsigned int i = 0; i < n; i++)
			means_.push_back(stats->ae_zone_mean[i] / 256.0);
	}

private:
	double estimateLuminance(double gain) const override
	{
		if (means_.empty())
			return 0.0;

		double sum = 0.0;
		for (double m : means_)
			sum += std::min(m * gain, 255.0);
		return sum / means_.size() / 255.0;
	}

	std::vector<double> means_;
};

/*
 * AF settings, from the tuning's af section (the values and ranges of
 * struct visp_tuning_af in libvisp, whose defaults these are).
 */
struct AfTuning {
	/* Coring threshold of the AF statistics, 12-bit units. */
	uint16_t threshold = 16;
	/* Continuous mode restarts after this drop of the sharpness. */
	double restart = 0.25;
	/* Coarse scan positions, over the lens's range, ends included. */
	unsigned int coarse = 9;
	/* Fine step, a fraction of the coarse one. */
	unsigned int fineDiv = 4;
	/* The smallest (highest / lowest - 1) sharpness of a successful search. */
	double contrast = 0.15;

	int read(const ValueNode &node)
	{
		std::optional<uint16_t> t = node["threshold"].get<uint16_t>();
		std::optional<double> r = node["restart"].get<double>();
		std::optional<unsigned int> c = node["coarse_steps"].get<unsigned int>();
		std::optional<unsigned int> f = node["fine_divisor"].get<unsigned int>();
		std::optional<double> k = node["contrast"].get<double>();

		if (!t || *t < 1 || *t > VISP_PIXEL_MAX || !r || *r < 0.01 || *r > 0.99 ||
		    !c || *c < 3 || *c > 16 || !f || *f < 1 || *f > 16 ||
		    !k || *k < 0.01 || *k > 10) {
			LOG(IPAVisp, Error) << "The af section lacks a setting or has one out of range";
			return -EINVAL;
		}
		threshold = *t;
		restart = *r;
		coarse = *c;
		fineDiv = *f;
		contrast = *k;
		return 0;
	}
};

/* AF: frames a search may take before it fails. */
constexpr unsigned int kAfFramesMax = 200;

/* AF: continuous mode restarts after a drop seen this many frames. */
constexpr unsigned int kAfRestartFrames = 3;

/* AF statistics: zones either way. */
constexpr unsigned int kAfGrid = 4;

/*
 * LensPosition is in dioptres: the simulated lens's range maps linearly
 * onto 0 (infinity, the lens's minimum) to kLensDioptres (its maximum).
 */
constexpr float kLensDioptres = 10.0f;

/*
 * AGC: steady when the exposure it asks for differs by less than this
 * from the frame's: through the AGC's filter, the frame's exposure is
 * within about 20 to 40 % of the AGC's target, which the sharpness's
 * division by the mean luma makes up for.
 */
constexpr double kAgcSteady = 0.08;

/*
 * Contrast auto focus. A search measures the sharpness at lens positions:
 * a coarse scan over the range, which stops once the sharpness has fallen
 * below half way between the lowest and the highest after a peak; then a
 * fine scan a fine step either side of the sharpest position, extended a
 * step at a time while the sharpest is at its edge (hill climbing); the
 * lens then goes to the vertex of the parabola through the sharpest
 * position and its measured neighbours, and holds there. The lens goes to
 * one position at a time and stays there until a frame exposed with it
 * (as the pipeline handler reports) has been measured while the exposure
 * was steady.
 */
class Af
{
public:
	AfTuning tuning;

	void configure(int32_t min, int32_t max, int32_t def)
	{
		min_ = min;
		max_ = max;
		if (!active_)
			target_ = def;
		target_ = std::clamp(target_, min_, max_);
		cancel();
		if (mode_ == controls::AfModeContinuous)
			startSearch();
	}

	void setMode(int32_t mode)
	{
		if (mode == mode_)
			return;
		mode_ = mode;
		cancel();
		if (mode_ == controls::AfModeContinuous)
			startSearch();
	}

	void trigger(int32_t trigger)
	{
		if (mode_ != controls::AfModeAuto)
			return;
		if (trigger == controls::AfTriggerStart)
			startSearch();
		else
			cancel();
	}

	void setPosition(int32_t position)
	{
		if (mode_ != controls::AfModeManual)
			return;
		target_ = std::clamp(position, min_, max_);
		active_ = true;
	}

	/*
	 * A frame's sharpness (negative without a measurement) and the lens
	 * position it was exposed with, if known; steady when the exposure
	 * had settled. Returns the position the lens should go to.
	 */
	int32_t process(std::optional<int32_t> exposed, double sharpness,
			bool steady)
	{
		bool valid = exposed && *exposed == target_ && sharpness > 0 && steady;

		switch (phase_) {
		case Phase::Idle:
			break;
		case Phase::Coarse:
		case Phase::Fine:
			if (++frames_ > kAfFramesMax) {
				LOG(IPAVisp, Debug) << "AF search timed out";
				finish(false);
				break;
			}
			if (!valid)
				break;
			measured_[target_] = sharpness;
			LOG(IPAVisp, Debug) << "AF position " << target_
					    << " sharpness " << sharpness;
			nextPosition();
			break;
		case Phase::Hold:
			if (mode_ == controls::AfModeContinuous && valid)
				watch(sharpness);
			break;
		}

		return target_;
	}

	/* The lens position, once a search or LensPosition has set it. */
	std::optional<int32_t> position() const
	{
		return active_ ? std::optional<int32_t>(target_) : std::nullopt;
	}

	int32_t target() const { return target_; }
	int32_t state() const { return state_; }
	int32_t mode() const { return mode_; }

private:
	enum class Phase {
		Idle,
		Coarse,
		Fine,
		Hold,
	};

	void cancel()
	{
		phase_ = Phase::Idle;
		state_ = controls::AfStateIdle;
	}

	void startSearch()
	{
		measured_.clear();
		pending_.clear();
		frames_ = 0;
		drops_ = 0;
		for (unsigned int k = 0; k < tuning.coarse; k++)
			pending_.push_back(min_ + static_cast<int32_t>(
				std::lround(static_cast<double>(k) * (max_ - min_) /
					    (tuning.coarse - 1))));
		/* From the end nearer to the lens's position. */
		if (target_ - min_ > max_ - target_)
			std::reverse(pending_.begin(), pending_.end());
		phase_ = Phase::Coarse;
		state_ = controls::AfStateScanning;
		active_ = true;
		target_ = pending_.front();
		pending_.erase(pending_.begin());
	}

	std::map<int32_t, double>::const_iterator sharpest() const
	{
		return std::max_element(measured_.begin(), measured_.end(),
					[](const auto &a, const auto &b) {
						return a.second < b.second;
					});
	}

	/* The coarse scan has passed a peak and fallen well below it. */
	bool pastPeak() const
	{
		auto best = sharpest();
		double last = measured_.at(target_);
		double lowest = std::min_element(measured_.begin(), measured_.end(),
						 [](const auto &a, const auto &b) {
							 return a.second < b.second;
						 })->second;
		return best->first != target_ &&
		       best->second >= lowest * (1 + tuning.contrast) &&
		       last < (best->second + lowest) / 2;
	}

	/* Fine positions next to the sharpest that are not measured yet. */
	void addFine()
	{
		int32_t best = sharpest()->first;
		int32_t step = std::max<int32_t>(1, std::lround(static_cast<double>(max_ - min_) /
								(tuning.coarse - 1) / tuning.fineDiv));
		for (int32_t p : { best - step, best + step }) {
			if (p < min_ || p > max_)
				continue;
			/* A measured position within the step on that side will do. */
			bool near = false;
			for (auto m = measured_.lower_bound(std::min(p, best));
			     m != measured_.end() && m->first <= std::max(p, best); ++m)
				near |= m->first != best;
			if (!near)
				pending_.push_back(p);
		}
	}

	void nextPosition()
	{
		if (phase_ == Phase::Coarse && pastPeak())
			pending_.clear();

		while (!pending_.empty()) {
			int32_t p = pending_.front();
			pending_.erase(pending_.begin());
			if (!measured_.count(p)) {
				target_ = p;
				return;
			}
		}

		/* The fine scan: until the sharpest has measured neighbours. */
		phase_ = Phase::Fine;
		addFine();
		if (!pending_.empty()) {
			target_ = pending_.front();
			pending_.erase(pending_.begin());
			return;
		}

		finish(true);
	}

	void finish(bool measured)
	{
		phase_ = Phase::Hold;
		drops_ = 0;
		ref_ = 0.0;
		if (!measured || measured_.empty()) {
			state_ = controls::AfStateFailed;
			return;
		}

		auto best = sharpest();
		double lowest = std::min_element(measured_.begin(), measured_.end(),
						 [](const auto &a, const auto &b) {
							 return a.second < b.second;
						 })->second;
		target_ = best->first;
		if (best->second < lowest * (1 + tuning.contrast)) {
			LOG(IPAVisp, Debug) << "AF: no contrast peak";
			state_ = controls::AfStateFailed;
			return;
		}

		/* The vertex of the parabola through the best and its neighbours. */
		if (best != measured_.begin() && std::next(best) != measured_.end()) {
			auto a = std::prev(best);
			auto c = std::next(best);
			double x0 = a->first, x1 = best->first, x2 = c->first;
			double y0 = a->second, y1 = best->second, y2 = c->second;
			double d = (x0 - x1) * (x0 - x2) * (x1 - x2);
			double A = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / d;
			double B = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) +
				    x0 * x0 * (y1 - y2)) / d;
			if (A < 0)
				target_ = std::clamp<int32_t>(std::lround(-B / (2 * A)),
							      a->first, c->first);
		}

		LOG(IPAVisp, Debug) << "AF focused at " << target_;
		state_ = controls::AfStateFocused;
	}

	void watch(double sharpness)
	{
		if (ref_ <= 0.0) {
			ref_ = sharpness;
			return;
		}
		drops_ = sharpness < ref_ * (1 - tuning.restart) ? drops_ + 1 : 0;
		if (drops_ >= kAfRestartFrames)
			startSearch();
	}

	int32_t min_ = 0;
	int32_t max_ = 0;
	int32_t mode_ = controls::AfModeManual;
	int32_t state_ = controls::AfStateIdle;
	Phase phase_ = Phase::Idle;
	bool active_ = false;
	int32_t target_ = 0;
	unsigned int frames_ = 0;
	unsigned int drops_ = 0;
	double ref_ = 0.0;
	std::vector<int32_t> pending_;
	std::map<int32_t, double> measured_;
};

/* Fixed point conversions of the visp blocks. */
uint16_t gainCode(double gain)
{
	return std::clamp<long>(std::lround(gain * VISP_GAIN_UNITY), 0, VISP_GAIN_MAX);
}

int16_t ccmCode(double c)
{
	return std::clamp<long>(std::lround(c * 1024), VISP_CCM_COEFF_MIN,
				VISP_CCM_COEFF_MAX);
}

} /* namespace */

/* The per-request state: the controls of the request. */
struct FrameContext {
	bool manualExposure = false;
	bool manualGain = false;
	bool manualAwb = false;
	uint32_t exposure = 0;
	double gain = 0.0;
	RGB<double> awbGains{ { 1.0, 1.0, 1.0 } };
};

class IPAVisp : public IPAVispInterface
{
public:
	int init(const IPASettings &settings,
		 const IPACameraSensorInfo &sensorInfo,
		 const ControlInfoMap &sensorControls,
		 const ControlInfoMap &lensControls,
		 ControlInfoMap *ipaControls) override;
	int start() override;
	void stop() override;

	int configure(const IPAConfigInfo &configInfo,
		      ControlInfoMap *ipaControls) override;

	void mapBuffers(const std::vector<IPABuffer> &buffers) override;
	void unmapBuffers(const std::vector<unsigned int> &ids) override;

	void queueRequest(uint32_t frame, const ControlList &controls) override;
	void computeParams(uint32_t frame, uint32_t bufferId) override;
	void processStats(uint32_t frame, uint32_t bufferId,
			  const ControlList &sensorControls,
			  const ControlList &lensControls) override;

private:
	int loadTuning(const std::string &file);
	void updateControls(const ControlInfoMap &sensorControls,
			    ControlInfoMap *ipaControls);
	void setColourTemperature(double ct);
	void setLens(const ControlInfoMap &lensControls);
	void setStatsWindows();
	double afSharpness(const visp_stats_buffer *stats) const;

	template<typename T>
	T *addBlock(std::vector<uint8_t> &data, uint16_t type, uint16_t flags);

	std::map<unsigned int, MappedFrameBuffer> buffers_;
	std::map<uint32_t, FrameContext> frames_;

	std::unique_ptr<CameraSensorHelper> helper_;
	Agc agc_;
	AwbLocus awb_;
	bool awbOk_ = false;
	Af af_;

	/* Tuning. */
	std::array<uint16_t, VISP_CFA_CHANNELS> blackLevel_{};
	uint16_t dpcThreshold_ = 0;
	std::vector<uint16_t> gamma_;
	std::vector<uint16_t> tone_;
	uint8_t demosaic_ = VISP_DEMOSAIC_BILINEAR;
	std::optional<Interpolator<Matrix<float, 3, 3>>> ccm_;
	std::map<unsigned int, std::array<std::vector<double>, VISP_CFA_CHANNELS>> lsc_;

	/* Configuration. */
	utils::Duration lineDuration_;
	utils::Duration frameDuration_;
	uint32_t minExposure_ = 0;
	uint32_t minVblank_ = 0;
	uint32_t maxVblank_ = 0;
	uint32_t vblank_ = 0;
	uint32_t maxExposure_ = 0;
	double minGain_ = 1.0;
	double maxGain_ = 1.0;
	Size size_;
	ControlInfoMap sensorInfoMap_;
	ControlInfoMap lensInfoMap_;
	bool hasLens_ = false;
	int32_t lensMin_ = 0;
	int32_t lensMax_ = 0;
	visp_stats_window statsWindow_{};
	visp_stats_window afWindow_{};

	/* Active state: what the next parameters and sensor settings get. */
	uint32_t exposure_ = 0;
	double gain_ = 1.0;
	RGB<double> awbGains_{ { 1.0, 1.0, 1.0 } };
	double colourTemperature_ = 5000;
	Matrix<float, 3, 3> ccmActive_ = Matrix<float, 3, 3>::identity();
	std::array<std::vector<double>, VISP_CFA_CHANNELS> lscActive_;
	bool manualExposure_ = false;
	bool manualGain_ = false;
	bool manualAwb_ = false;
	uint32_t manualExposureLines_ = 0;
	double manualGainValue_ = 1.0;
	RGB<double> manualAwbGains_{ { 1.0, 1.0, 1.0 } };
	bool agcSteady_ = false;
};

int IPAVisp::loadTuning(const std::string &path)
{
	File file(path);
	if (!file.open(File::OpenModeFlag::ReadOnly)) {
		LOG(IPAVisp, Error) << "Cannot open the tuning file " << path;
		return -EINVAL;
	}

	std::unique_ptr<ValueNode> data = YamlParser::parse(file);
	if (!data)
		return -EINVAL;

	const ValueNode &algorithms = (*data)["algorithms"];
	if (!algorithms.isList()) {
		LOG(IPAVisp, Error) << "The tuning file has no algorithms list";
		return -EINVAL;
	}

	for (const ValueNode &entry : algorithms.asList()) {
		for (const auto &[name, node] : entry.asDict()) {
			if (name == "black_level") {
				auto levels = node["level"].get<std::vector<uint16_t>>();
				if (!levels || levels->size() != VISP_CFA_CHANNELS)
					return -EINVAL;
				std::copy(levels->begin(), levels->end(),
					  blackLevel_.begin());
			} else if (name == "dpc") {
				dpcThreshold_ = node["threshold"].get<uint16_t>(0);
			} else if (name == "gamma") {
				auto curve = node["curve"].get<std::vector<uint16_t>>();
				if (!curve || curve->size() != VISP_GAMMA_POINTS)
					return -EINVAL;
				gamma_ = *curve;
			} else if (name == "tone") {
				auto curve = node["curve"].get<std::vector<uint16_t>>();
				if (!curve || curve->size() != VISP_TONE_POINTS)
					return -EINVAL;
				tone_ = *curve;
			} else if (name == "demosaic") {
				std::string mode = node["mode"].get<std::string>("");
				if (mode == "directional")
					demosaic_ = VISP_DEMOSAIC_DIRECTIONAL;
				else if (mode == "edge-aware")
					demosaic_ = VISP_DEMOSAIC_EDGE_AWARE;
				else
					demosaic_ = VISP_DEMOSAIC_BILINEAR;
			} else if (name == "ccm") {
				Interpolator<Matrix<float, 3, 3>> ccm;
				if (ccm.readYaml(node["matrices"], "ct", "ccm") < 0)
					return -EINVAL;
				ccm_ = ccm;
			} else if (name == "lsc") {
				for (const ValueNode &t : node["tables"].asList()) {
					unsigned int ct = t["ct"].get<unsigned int>(0);
					auto &table = lsc_[ct];
					const char *keys[] = { "r", "gr", "gb", "b" };
					for (unsigned int c = 0; c < VISP_CFA_CHANNELS; c++) {
						auto v = t[keys[c]].get<std::vector<double>>();
						if (!v || v->size() != VISP_LSC_GRID_NODES)
							return -EINVAL;
						table[c] = *v;
					}
				}
			} else if (name == "awb") {
				if (awb_.init(node))
					return -EINVAL;
				awbOk_ = true;
			} else if (name == "ae") {
				if (agc_.parseTuningData(node))
					return -EINVAL;
			} else if (name == "af") {
				if (af_.tuning.read(node))
					return -EINVAL;
			}
		}
	}

	if (!awbOk_)
		LOG(IPAVisp, Warning) << "No AWB in the tuning: grey world";

	return 0;
}

int IPAVisp::init(const IPASettings &settings,
		  [[maybe_unused]] const IPACameraSensorInfo &sensorInfo,
		  const ControlInfoMap &sensorControls,
		  const ControlInfoMap &lensControls,
		  ControlInfoMap *ipaControls)
{
	helper_ = CameraSensorHelperFactoryBase::create(settings.sensorModel);
	if (!helper_) {
		LOG(IPAVisp, Error) << "No sensor helper for " << settings.sensorModel;
		return -ENODEV;
	}

	int ret = loadTuning(settings.configurationFile);
	if (ret) {
		LOG(IPAVisp, Error) << "Invalid tuning file "
				    << settings.configurationFile;
		return ret;
	}

	/* The controls of the sensor's current mode until configure(). */
	auto vblank = sensorControls.find(V4L2_CID_VBLANK);
	if (vblank == sensorControls.end() ||
	    sensorControls.find(V4L2_CID_EXPOSURE) == sensorControls.end() ||
	    sensorControls.find(V4L2_CID_ANALOGUE_GAIN) == sensorControls.end()) {
		LOG(IPAVisp, Error) << "The sensor lacks exposure, gain or blanking";
		return -EINVAL;
	}
	size_ = sensorInfo.outputSize;
	lineDuration_ = sensorInfo.minLineLength * 1.0s / sensorInfo.pixelRate;
	minVblank_ = vblank->second.min().get<int32_t>();
	maxVblank_ = vblank->second.max().get<int32_t>();
	frameDuration_ = lineDuration_ * (size_.height + vblank->second.def().get<int32_t>());
	setLens(lensControls);

	updateControls(sensorControls, ipaControls);
	return 0;
}

void IPAVisp::updateControls(const ControlInfoMap &sensorControls,
			     ControlInfoMap *ipaControls)
{
	ControlInfoMap::Map ctrls;

	const ControlInfo &exposure = sensorControls.find(V4L2_CID_EXPOSURE)->second;
	const ControlInfo &gain = sensorControls.find(V4L2_CID_ANALOGUE_GAIN)->second;
	double line = lineDuration_.get<std::micro>();

	ctrls[&controls::ExposureTimeMode] =
		ControlInfo{ controls::ExposureTimeModeValues };
	ctrls[&controls::AnalogueGainMode] =
		ControlInfo{ controls::AnalogueGainModeValues };
	ctrls[&controls::ExposureTime] =
		ControlInfo{ static_cast<int32_t>(exposure.min().get<int32_t>() * line),
			     static_cast<int32_t>(exposure.max().get<int32_t>() * line),
			     static_cast<int32_t>(exposure.def().get<int32_t>() * line) };
	ctrls[&controls::AnalogueGain] =
		ControlInfo{ static_cast<float>(helper_->gain(gain.min().get<int32_t>())),
			     static_cast<float>(helper_->gain(gain.max().get<int32_t>())),
			     static_cast<float>(helper_->gain(gain.def().get<int32_t>())) };
	ctrls[&controls::AwbEnable] = ControlInfo{ false, true, true };
	ctrls[&controls::ColourGains] = ControlInfo{ 0.0f, 15.99f };

	/* The frame duration sets the sensor's vertical blanking. */
	if (frameDuration_) {
		int64_t min = utils::Duration(lineDuration_ * (size_.height + minVblank_)).get<std::micro>();
		int64_t max = utils::Duration(lineDuration_ * (size_.height + maxVblank_)).get<std::micro>();
		int64_t def = frameDuration_.get<std::micro>();
		ctrls[&controls::FrameDurationLimits] = ControlInfo{ min, max, def };
	}

	for (const auto &[id, info] : agc_.controls())
		ctrls[id] = info;

	if (hasLens_) {
		ctrls[&controls::AfMode] = ControlInfo{ controls::AfModeValues };
		ctrls[&controls::AfTrigger] = ControlInfo{ controls::AfTriggerValues };
		ctrls[&controls::LensPosition] =
			ControlInfo{ 0.0f, kLensDioptres,
				     static_cast<float>(kLensDioptres *
							(af_.target() - lensMin_) /
							std::max(lensMax_ - lensMin_, 1)) };
	}

	*ipaControls = ControlInfoMap(std::move(ctrls), controls::controls);
}

int IPAVisp::configure(const IPAConfigInfo &configInfo,
		       ControlInfoMap *ipaControls)
{
	const IPACameraSensorInfo &info = configInfo.sensorInfo;
	const ControlInfoMap &sensorControls = configInfo.sensorControls;

	auto exposure = sensorControls.find(V4L2_CID_EXPOSURE);
	auto gain = sensorControls.find(V4L2_CID_ANALOGUE_GAIN);
	auto vblank = sensorControls.find(V4L2_CID_VBLANK);
	if (exposure == sensorControls.end() || gain == sensorControls.end() ||
	    vblank == sensorControls.end()) {
		LOG(IPAVisp, Error) << "The sensor lacks exposure, gain or blanking";
		return -EINVAL;
	}

	size_ = info.outputSize;
	sensorInfoMap_ = sensorControls;
	lineDuration_ = info.minLineLength * 1.0s / info.pixelRate;
	minVblank_ = vblank->second.min().get<int32_t>();
	maxVblank_ = vblank->second.max().get<int32_t>();
	vblank_ = vblank->second.def().get<int32_t>();
	uint32_t vts = info.outputSize.height + vblank_;
	frameDuration_ = lineDuration_ * vts;

	minExposure_ = exposure->second.min().get<int32_t>();
	/* visp-sensor's exposure limit follows the blanking. */
	maxExposure_ = vts - kExposureMargin;
	minGain_ = helper_->gain(gain->second.min().get<int32_t>());
	maxGain_ = helper_->gain(gain->second.max().get<int32_t>());

	exposure_ = exposure->second.def().get<int32_t>();
	exposure_ = std::clamp(exposure_, minExposure_, maxExposure_);
	gain_ = helper_->gain(gain->second.def().get<int32_t>());

	agc_.configure(lineDuration_, helper_.get());
	agc_.setLimits(lineDuration_ * minExposure_, lineDuration_ * maxExposure_,
		       minGain_, maxGain_, {});
	agc_.resetFrameCount();

	setColourTemperature(colourTemperature_);
	setLens(configInfo.lensControls);
	setStatsWindows();
	agcSteady_ = false;
	updateControls(sensorControls, ipaControls);

	LOG(IPAVisp, Debug) << "Configured " << size_ << ", line "
			    << lineDuration_ << ", exposure " << minExposure_
			    << ".." << maxExposure_ << ", gain " << minGain_
			    << ".." << maxGain_;
	return 0;
}

/* The focus lens's range, from V4L2_CID_FOCUS_ABSOLUTE. */
void IPAVisp::setLens(const ControlInfoMap &lensControls)
{
	auto focus = lensControls.find(V4L2_CID_FOCUS_ABSOLUTE);
	hasLens_ = focus != lensControls.end();
	if (!hasLens_)
		return;

	lensInfoMap_ = lensControls;
	lensMin_ = focus->second.min().get<int32_t>();
	lensMax_ = focus->second.max().get<int32_t>();
	af_.configure(lensMin_, lensMax_, focus->second.def().get<int32_t>());
}

/*
 * The AE and AWB statistics: 16 x 16 zones over the frame. The AF ones: up
 * to 4 x 4 zones over the middle half of the frame either way.
 */
void IPAVisp::setStatsWindows()
{
	visp_stats_window &w = statsWindow_;
	w = {};
	w.zone_w = std::max<unsigned int>(VISP_STATS_ZONE_MIN,
					  (size_.width / kGrid) & ~1u);
	w.zone_h = std::max<unsigned int>(VISP_STATS_ZONE_MIN,
					  (size_.height / kGrid) & ~1u);
	w.grid_w = std::min<unsigned int>(kGrid, size_.width / w.zone_w);
	w.grid_h = std::min<unsigned int>(kGrid, size_.height / w.zone_h);
	w.x = ((size_.width - w.zone_w * w.grid_w) / 2) & ~1u;
	w.y = ((size_.height - w.zone_h * w.grid_h) / 2) & ~1u;

	visp_stats_window &a = afWindow_;
	a = {};
	unsigned int width = size_.width / 2;
	unsigned int height = size_.height / 2;
	a.grid_w = std::clamp<unsigned int>(width / VISP_STATS_ZONE_MIN, 1, kAfGrid);
	a.grid_h = std::clamp<unsigned int>(height / VISP_STATS_ZONE_MIN, 1, kAfGrid);
	a.zone_w = std::max<unsigned int>(VISP_STATS_ZONE_MIN, (width / a.grid_w) & ~1u);
	a.zone_h = std::max<unsigned int>(VISP_STATS_ZONE_MIN, (height / a.grid_h) & ~1u);
	a.x = ((size_.width - a.zone_w * a.grid_w) / 2) & ~1u;
	a.y = ((size_.height - a.zone_h * a.grid_h) / 2) & ~1u;
}

/*
 * The sharpness of the AF window: the sum of its AF zones over the mean
 * luma of the AE zones whose centre is in it, so that exposure changes do
 * not look like focus changes. Negative without a measurement.
 */
double IPAVisp::afSharpness(const visp_stats_buffer *stats) const
{
	if (!(stats->meas_valid & VISP_STATS_MEAS_AF) ||
	    !(stats->meas_valid & VISP_STATS_MEAS_AE_ZONES))
		return -1.0;

	double sum = 0.0;
	unsigned int n = stats->af_grid_w * stats->af_grid_h;
	for (unsigned int i = 0; i < n && i < VISP_STATS_ZONES_MAX; i++)
		sum += stats->af_sharpness[i];

	const visp_stats_window &w = statsWindow_;
	const visp_stats_window &a = afWindow_;
	unsigned int x1 = a.x + a.zone_w * a.grid_w;
	unsigned int y1 = a.y + a.zone_h * a.grid_h;
	double luma = 0.0;
	unsigned int zones = 0;
	for (unsigned int y = 0; y < stats->ae_grid_h; y++) {
		unsigned int cy = w.y + w.zone_h * y + w.zone_h / 2;
		if (cy < a.y || cy >= y1)
			continue;
		for (unsigned int x = 0; x < stats->ae_grid_w; x++) {
			unsigned int cx = w.x + w.zone_w * x + w.zone_w / 2;
			if (cx < a.x || cx >= x1)
				continue;
			luma += stats->ae_zone_mean[y * stats->ae_grid_w + x] / 256.0;
			zones++;
		}
	}

	if (!zones || luma <= 0.0)
		return -1.0;

	double pixels = static_cast<double>(a.zone_w) * a.zone_h * a.grid_w * a.grid_h;
	return sum / pixels / (luma / zones);
}

int IPAVisp::start()
{
	frames_.clear();
	return 0;
}

void IPAVisp::stop()
{
	frames_.clear();
}

void IPAVisp::mapBuffers(const std::vector<IPABuffer> &buffers)
{
	for (const IPABuffer &buffer : buffers) {
		const FrameBuffer fb(buffer.planes);
		buffers_.emplace(buffer.id,
				 MappedFrameBuffer(&fb, MappedFrameBuffer::MapFlag::ReadWrite));
	}
}

void IPAVisp::unmapBuffers(const std::vector<unsigned int> &ids)
{
	for (unsigned int id : ids)
		buffers_.erase(id);
}

void IPAVisp::queueRequest(uint32_t frame, const ControlList &controls)
{
	const auto &etMode = controls.get(controls::ExposureTimeMode);
	if (etMode)
		manualExposure_ = *etMode == controls::ExposureTimeModeManual;
	const auto &agMode = controls.get(controls::AnalogueGainMode);
	if (agMode)
		manualGain_ = *agMode == controls::AnalogueGainModeManual;
	const auto &et = controls.get(controls::ExposureTime);
	if (et && manualExposure_)
		manualExposureLines_ = std::clamp<uint32_t>(*et * 1.0us / lineDuration_,
							   minExposure_, maxExposure_);
	const auto &ag = controls.get(controls::AnalogueGain);
	if (ag && manualGain_)
		manualGainValue_ = std::clamp<double>(*ag, minGain_, maxGain_);
	const auto &awbEnable = controls.get(controls::AwbEnable);
	if (awbEnable)
		manualAwb_ = !*awbEnable;
	const auto &gains = controls.get(controls::ColourGains);
	if (gains && manualAwb_)
		manualAwbGains_ = RGB<double>{ { (*gains)[0], 1.0, (*gains)[1] } };

	const auto &limits = controls.get(controls::FrameDurationLimits);
	if (limits) {
		/* The longest duration allowed: the blanking it gives. */
		utils::Duration d = std::chrono::microseconds((*limits)[1]);
		int64_t lines = d / lineDuration_;
		vblank_ = std::clamp<int64_t>(lines - size_.height, minVblank_, maxVblank_);
		uint32_t vts = size_.height + vblank_;
		frameDuration_ = lineDuration_ * vts;
		maxExposure_ = std::max(vts - kExposureMargin, minExposure_);
		agc_.setLimits(lineDuration_ * minExposure_, lineDuration_ * maxExposure_,
			       minGain_, maxGain_, {});
	}

	if (hasLens_) {
		const auto &afMode = controls.get(controls::AfMode);
		if (afMode)
			af_.setMode(*afMode);
		const auto &afTrigger = controls.get(controls::AfTrigger);
		if (afTrigger)
			af_.trigger(*afTrigger);
		const auto &lensPosition = controls.get(controls::LensPosition);
		if (lensPosition)
			af_.setPosition(lensMin_ + std::lround(*lensPosition / kLensDioptres *
							       (lensMax_ - lensMin_)));
	}

	FrameContext &ctx = frames_[frame];
	ctx.manualExposure = manualExposure_;
	ctx.manualGain = manualGain_;
	ctx.manualAwb = manualAwb_;
}

template<typename T>
T *IPAVisp::addBlock(std::vector<uint8_t> &data, uint16_t type, uint16_t flags)
{
	size_t offset = data.size();
	data.resize(offset + sizeof(T), 0);
	T *block = reinterpret_cast<T *>(data.data() + offset);
	block->header.type = type;
	block->header.flags = flags;
	block->header.size = sizeof(T);
	return block;
}

void IPAVisp::setColourTemperature(double ct)
{
	colourTemperature_ = ct;
	if (ccm_)
		ccmActive_ = ccm_->getInterpolated(ct);

	if (lsc_.empty())
		return;

	/* The two tables around the colour temperature, interpolated. */
	auto hi = lsc_.lower_bound(static_cast<unsigned int>(ct));
	if (hi == lsc_.end())
		hi = std::prev(lsc_.end());
	auto lo = hi == lsc_.begin() ? hi : std::prev(hi);
	double f = hi->first == lo->first
			   ? 0.0
			   : std::clamp((ct - lo->first) / (hi->first - lo->first), 0.0, 1.0);
	for (unsigned int c = 0; c < VISP_CFA_CHANNELS; c++) {
		lscActive_[c].resize(VISP_LSC_GRID_NODES);
		for (unsigned int i = 0; i < VISP_LSC_GRID_NODES; i++)
			lscActive_[c][i] = lo->second[c][i] * (1 - f) +
					   hi->second[c][i] * f;
	}
}

void IPAVisp::computeParams(uint32_t frame, uint32_t bufferId)
{
	auto it = buffers_.find(bufferId);
	if (it == buffers_.end()) {
		LOG(IPAVisp, Error) << "Unknown parameters buffer " << bufferId;
		return;
	}

	FrameContext &ctx = frames_[frame];
	ctx.awbGains = ctx.manualAwb ? manualAwbGains_ : awbGains_;

	std::vector<uint8_t> data;
	data.reserve(VISP_PARAMS_MAX_SIZE);

	auto *bls = addBlock<visp_params_bls>(data, VISP_PARAMS_BLOCK_BLS,
					      VISP_PARAMS_FL_BLOCK_ENABLE);
	std::copy(blackLevel_.begin(), blackLevel_.end(), bls->level);

	if (dpcThreshold_) {
		auto *dpc = addBlock<visp_params_dpc>(data, VISP_PARAMS_BLOCK_DPC,
						      VISP_PARAMS_FL_BLOCK_ENABLE);
		dpc->threshold = dpcThreshold_;
	}

	if (!lscActive_[0].empty()) {
		auto *lsc = addBlock<visp_params_lsc>(data, VISP_PARAMS_BLOCK_LSC,
						      VISP_PARAMS_FL_BLOCK_ENABLE);
		for (unsigned int c = 0; c < VISP_CFA_CHANNELS; c++)
			for (unsigned int i = 0; i < VISP_LSC_GRID_NODES; i++)
				lsc->gain[c][i] = std::clamp<long>(std::lround(lscActive_[c][i]),
								   0, VISP_GAIN_MAX);
	}

	auto *awb = addBlock<visp_params_awb_gains>(data, VISP_PARAMS_BLOCK_AWB_GAINS,
						    VISP_PARAMS_FL_BLOCK_ENABLE);
	awb->gain[VISP_CFA_R] = gainCode(ctx.awbGains.r());
	awb->gain[VISP_CFA_GR] = gainCode(ctx.awbGains.g());
	awb->gain[VISP_CFA_GB] = gainCode(ctx.awbGains.g());
	awb->gain[VISP_CFA_B] = gainCode(ctx.awbGains.b());

	auto *demosaic = addBlock<visp_params_demosaic>(data, VISP_PARAMS_BLOCK_DEMOSAIC, 0);
	demosaic->mode = demosaic_;

	if (ccm_) {
		auto *ccm = addBlock<visp_params_ccm>(data, VISP_PARAMS_BLOCK_CCM,
						      VISP_PARAMS_FL_BLOCK_ENABLE);
		for (unsigned int i = 0; i < 3; i++)
			for (unsigned int j = 0; j < 3; j++)
				ccm->coeff[i][j] = ccmCode(ccmActive_[i][j]);
	}

	/*
	 * The tone curve, fine near black, where the tuning has one; the
	 * 65-point gamma curve otherwise.
	 */
	if (tone_.size() == VISP_TONE_POINTS) {
		auto *tone = addBlock<visp_params_tone>(data, VISP_PARAMS_BLOCK_TONE,
							VISP_PARAMS_FL_BLOCK_ENABLE);
		std::copy(tone_.begin(), tone_.end(), tone->curve);
	} else if (gamma_.size() == VISP_GAMMA_POINTS) {
		auto *gamma = addBlock<visp_params_gamma>(data, VISP_PARAMS_BLOCK_GAMMA,
							  VISP_PARAMS_FL_BLOCK_ENABLE);
		std::copy(gamma_.begin(), gamma_.end(), gamma->curve);
	}

	/* Statistics over the whole frame, 16 x 16 zones. */
	const visp_stats_window &window = statsWindow_;

	auto *awbStats = addBlock<visp_params_awb_stats>(data, VISP_PARAMS_BLOCK_AWB_STATS,
							 VISP_PARAMS_FL_BLOCK_ENABLE);
	awbStats->window = window;
	awbStats->sat_threshold = 4000;

	auto *aeStats = addBlock<visp_params_ae_stats>(data, VISP_PARAMS_BLOCK_AE_STATS,
						       VISP_PARAMS_FL_BLOCK_ENABLE);
	aeStats->window = window;
	aeStats->tap = VISP_AE_TAP_PRE_GAMMA;

	if (hasLens_) {
		auto *afStats = addBlock<visp_params_af_stats>(data, VISP_PARAMS_BLOCK_AF_STATS,
							       VISP_PARAMS_FL_BLOCK_ENABLE);
		afStats->window = afWindow_;
		afStats->threshold = af_.tuning.threshold;
	}

	Span<uint8_t> mem = it->second.planes()[0];
	size_t size = sizeof(visp_params_buffer) + data.size();
	if (size > mem.size()) {
		LOG(IPAVisp, Error) << "Parameters buffer too small";
		return;
	}

	auto *params = reinterpret_cast<visp_params_buffer *>(mem.data());
	params->version = VISP_PARAMS_BUFFER_V1;
	params->data_size = data.size();
	memcpy(params->data, data.data(), data.size());

	paramsComputed.emit(frame, size);
}

void IPAVisp::processStats(uint32_t frame, uint32_t bufferId,
			   const ControlList &sensorControls,
			   const ControlList &lensControls)
{
	auto fit = frames_.find(frame);
	FrameContext ctx = fit == frames_.end() ? FrameContext{} : fit->second;
	frames_.erase(frames_.begin(), frames_.upper_bound(frame));

	uint32_t exposure = sensorControls.get(V4L2_CID_EXPOSURE).get<int32_t>();
	double gain = helper_->gain(sensorControls.get(V4L2_CID_ANALOGUE_GAIN).get<int32_t>());

	ControlList metadata(controls::controls);

	auto it = buffers_.find(bufferId);
	const visp_stats_buffer *stats = nullptr;
	if (it != buffers_.end()) {
		Span<uint8_t> mem = it->second.planes()[0];
		stats = reinterpret_cast<const visp_stats_buffer *>(mem.data());
		if (mem.size() < sizeof(*stats) ||
		    stats->version < VISP_STATS_BUFFER_V1)
			stats = nullptr;
	}

	if (stats)
		LOG(IPAVisp, Debug) << "Frame " << frame << " sequence "
				    << stats->frame_sequence << " valid "
				    << utils::hex(stats->meas_valid) << " exposure "
				    << exposure << " gain " << gain;

	if (stats && (stats->meas_valid & VISP_STATS_MEAS_AWB) && !manualAwb_) {
		VispAwbStats awbStats(stats);
		AwbResult result = awb_.calculateAwb(awbStats, 0);
		LOG(IPAVisp, Debug) << "AWB means " << awbStats.rgbMeans()
				    << " gains " << result.gains << " "
				    << result.colourTemperature << " K";
		/* Smooth the gains a little against noise. */
		constexpr double speed = 0.5;
		for (unsigned int c = 0; c < 3; c++)
			awbGains_[c] = awbGains_[c] * (1 - speed) + result.gains[c] * speed;
		setColourTemperature(colourTemperature_ * (1 - speed) +
				     result.colourTemperature * speed);
	}

	if (stats && (stats->meas_valid & VISP_STATS_MEAS_AE_HIST) &&
	    (stats->meas_valid & VISP_STATS_MEAS_AE_ZONES)) {
		agc_.setZoneMeans(stats);
		Histogram hist(Span<const uint32_t>(stats->ae_hist, VISP_STATS_HIST_BINS));

		utils::Duration effective = lineDuration_ * exposure * gain;
		utils::Duration newExposure;
		double aGain, qGain, dGain;
		std::tie(newExposure, aGain, qGain, dGain) =
			agc_.calculateNewEv(agc_.constraintModes().begin()->first,
					    agc_.exposureModeHelpers().begin()->first,
					    hist, effective);
		exposure_ = std::clamp<uint32_t>(newExposure / lineDuration_,
						 minExposure_, maxExposure_);
		gain_ = std::clamp(aGain, minGain_, maxGain_);

		/*
		 * Steady: the frame had the exposure the AGC asks for now, or
		 * the AGC is held at a limit.
		 */
		double ratio = newExposure * aGain / effective;
		bool limit = (exposure_ >= maxExposure_ && gain_ >= maxGain_) ||
			     (exposure_ <= minExposure_ && gain_ <= minGain_);
		agcSteady_ = std::abs(ratio - 1.0) < kAgcSteady || limit;
		LOG(IPAVisp, Debug) << "AGC luminance " << hist.interQuantileMean(0, 1)
				    << " exposure " << newExposure << " gain " << aGain
				    << " -> " << exposure_ << " lines";
	}

	uint32_t nextExposure = manualExposure_ ? manualExposureLines_ : exposure_;
	double nextGain = manualGain_ ? manualGainValue_ : gain_;

	ControlList ctrls(sensorInfoMap_);
	ctrls.set(V4L2_CID_EXPOSURE,
		  static_cast<int32_t>(std::min(nextExposure, maxExposure_)));
	ctrls.set(V4L2_CID_VBLANK, static_cast<int32_t>(vblank_));
	ctrls.set(V4L2_CID_ANALOGUE_GAIN,
		  static_cast<int32_t>(helper_->gainCode(nextGain)));

	ControlList lensCtrls(lensInfoMap_);
	std::optional<int32_t> exposedLens;
	if (hasLens_) {
		if (lensControls.contains(V4L2_CID_FOCUS_ABSOLUTE))
			exposedLens = lensControls.get(V4L2_CID_FOCUS_ABSOLUTE).get<int32_t>();
		double sharpness = stats ? afSharpness(stats) : -1.0;
		bool steady = agcSteady_ || (manualExposure_ && manualGain_);
		af_.process(exposedLens, sharpness, steady);
		/* The lens is left alone until AF or LensPosition moves it. */
		if (af_.position())
			lensCtrls.set(V4L2_CID_FOCUS_ABSOLUTE, *af_.position());
	}
	setSensorControls.emit(frame, ctrls, lensCtrls);

	metadata.set(controls::ExposureTime,
		     static_cast<int32_t>(utils::Duration(lineDuration_ * exposure).get<std::micro>()));
	metadata.set(controls::AnalogueGain, static_cast<float>(gain));
	metadata.set(controls::ExposureTimeMode,
		     ctx.manualExposure ? controls::ExposureTimeModeManual
					: controls::ExposureTimeModeAuto);
	metadata.set(controls::AnalogueGainMode,
		     ctx.manualGain ? controls::AnalogueGainModeManual
				    : controls::AnalogueGainModeAuto);
	std::array<float, 2> colourGains{ static_cast<float>(ctx.awbGains.r()),
					  static_cast<float>(ctx.awbGains.b()) };
	metadata.set(controls::ColourGains, colourGains);
	metadata.set(controls::ColourTemperature,
		     static_cast<int32_t>(std::lround(colourTemperature_)));
	metadata.set(controls::AwbEnable, !ctx.manualAwb);
	int32_t vblank = sensorControls.contains(V4L2_CID_VBLANK)
				 ? sensorControls.get(V4L2_CID_VBLANK).get<int32_t>()
				 : vblank_;
	metadata.set(controls::FrameDuration,
		     static_cast<int64_t>(utils::Duration(lineDuration_ * (size_.height + vblank)).get<std::micro>()));
	std::array<float, 9> ccm;
	for (unsigned int i = 0; i < 9; i++)
		ccm[i] = ccmActive_[i / 3][i % 3];
	metadata.set(controls::ColourCorrectionMatrix, ccm);

	if (hasLens_) {
		metadata.set(controls::AfMode, af_.mode());
		metadata.set(controls::AfState, af_.state());
		/* The position the frame was exposed with, else the one asked. */
		std::optional<int32_t> lens = exposedLens ? exposedLens : af_.position();
		if (lens)
			metadata.set(controls::LensPosition,
				     static_cast<float>(kLensDioptres * (*lens - lensMin_) /
							std::max(lensMax_ - lensMin_, 1)));
	}

	metadataReady.emit(frame, metadata);
}

} /* namespace visp */

} /* namespace ipa */

extern "C" {
const struct IPAModuleInfo ipaModuleInfo = {
	IPA_MODULE_API_VERSION,
	1,
	"visp",
	"visp",
};

IPAInterface *ipaCreate()
{
	return new ipa::visp::IPAVisp();
}
}

} /* namespace libcamera */
