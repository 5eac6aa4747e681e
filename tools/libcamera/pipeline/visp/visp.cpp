/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Copyright (C) 2026, The VISP authors
 *
 * Pipeline handler for the visp ISP
 *
 * The visp media graph (Documentation/admin-guide/media/visp.rst in the
 * visp project): a camera sensor linked to the visp-csi receiver, whose
 * frames visp-isp processes inline. The ISP feeds two resizers, the main
 * path (visp-resizer-main, visp-main) and the self path (visp-resizer-self,
 * visp-self, at most 2048x2048), from its processed source pad; the main
 * resizer can take the raw source pad instead, the bypass, while the self
 * path goes on processing. The ISP takes a parameters buffer per frame on
 * visp-params and writes statistics on visp-stats.
 *
 * A frame is processed once a buffer is queued on every enabled output
 * and on visp-params: each request gets a parameters and a statistics
 * buffer, and a scratch buffer for a configured stream it has no buffer
 * for.
 */

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <queue>
#include <vector>

#include <linux/media-bus-format.h>
#include <linux/visp-config.h>

#include <libcamera/base/log.h>
#include <libcamera/base/utils.h>

#include <libcamera/camera.h>
#include <libcamera/control_ids.h>
#include <libcamera/formats.h>
#include <libcamera/framebuffer.h>
#include <libcamera/geometry.h>
#include <libcamera/property_ids.h>
#include <libcamera/request.h>
#include <libcamera/stream.h>

#include <libcamera/ipa/core_ipa_interface.h>
#include <libcamera/ipa/visp_ipa_interface.h>
#include <libcamera/ipa/visp_ipa_proxy.h>

#include "libcamera/internal/camera.h"
#include "libcamera/internal/camera_lens.h"
#include "libcamera/internal/camera_sensor.h"
#include "libcamera/internal/camera_sensor_properties.h"
#include "libcamera/internal/delayed_controls.h"
#include "libcamera/internal/device_enumerator.h"
#include "libcamera/internal/framebuffer.h"
#include "libcamera/internal/media_device.h"
#include "libcamera/internal/pipeline_handler.h"
#include "libcamera/internal/request.h"
#include "libcamera/internal/v4l2_subdevice.h"
#include "libcamera/internal/v4l2_videodevice.h"

namespace libcamera {

LOG_DEFINE_CATEGORY(Visp)

namespace {

/* Parameters and statistics buffers, and scratch buffers of each path. */
constexpr unsigned int kVispInternalBufferCount = 4;
constexpr unsigned int kVispScratchBufferCount = 2;
constexpr unsigned int kVispBufferCount = 4;

constexpr Size kVispMinSize{ VISP_MIN_WIDTH, VISP_MIN_HEIGHT };

/* The pads of visp-isp. */
constexpr unsigned int kIspPadSink = 0;
constexpr unsigned int kIspPadSourceVideo = 2;
constexpr unsigned int kIspPadSourceStats = 3;
constexpr unsigned int kIspPadSourceRaw = 4;
constexpr Size kVispSelfMaxSize{ VISP_SELF_MAX_WIDTH, VISP_SELF_MAX_HEIGHT };

/* The processed formats of both paths, and the media bus code they need. */
const std::map<PixelFormat, uint32_t> kVispFormats = {
	{ formats::NV12, MEDIA_BUS_FMT_YUV8_1X24 },
	{ formats::NV16, MEDIA_BUS_FMT_YUV8_1X24 },
	{ formats::YUYV, MEDIA_BUS_FMT_YUV8_1X24 },
	{ formats::R8, MEDIA_BUS_FMT_YUV8_1X24 },
	{ formats::BGR888, MEDIA_BUS_FMT_RGB888_1X24 },
	{ formats::XRGB8888, MEDIA_BUS_FMT_RGB888_1X24 },
};

/* The raw bypass of the main path: 16-bit samples of the sensor's order. */
const std::map<PixelFormat, uint32_t> kVispRawFormats = {
	{ formats::SRGGB16, MEDIA_BUS_FMT_SRGGB16_1X16 },
	{ formats::SGRBG16, MEDIA_BUS_FMT_SGRBG16_1X16 },
	{ formats::SGBRG16, MEDIA_BUS_FMT_SGBRG16_1X16 },
	{ formats::SBGGR16, MEDIA_BUS_FMT_SBGGR16_1X16 },
};

/* The sensor codes the ISP takes inline. */
const std::vector<unsigned int> kVispSensorCodes = {
	MEDIA_BUS_FMT_SRGGB10_1X10, MEDIA_BUS_FMT_SGRBG10_1X10,
	MEDIA_BUS_FMT_SGBRG10_1X10, MEDIA_BUS_FMT_SBGGR10_1X10,
	MEDIA_BUS_FMT_SRGGB12_1X12, MEDIA_BUS_FMT_SGRBG12_1X12,
	MEDIA_BUS_FMT_SGBRG12_1X12, MEDIA_BUS_FMT_SBGGR12_1X12,
};

bool isRaw(const PixelFormat &format)
{
	return kVispRawFormats.count(format);
}

/* The 16-bit raw format of a sensor media bus code, of its CFA order. */
PixelFormat rawFormatOf(unsigned int code)
{
	switch (code) {
	case MEDIA_BUS_FMT_SRGGB10_1X10:
	case MEDIA_BUS_FMT_SRGGB12_1X12:
		return formats::SRGGB16;
	case MEDIA_BUS_FMT_SGRBG10_1X10:
	case MEDIA_BUS_FMT_SGRBG12_1X12:
		return formats::SGRBG16;
	case MEDIA_BUS_FMT_SGBRG10_1X10:
	case MEDIA_BUS_FMT_SGBRG12_1X12:
		return formats::SGBRG16;
	default:
		return formats::SBGGR16;
	}
}

} /* namespace */

class PipelineHandlerVisp;

/* One path after the ISP: its resizer and its capture node. */
struct VispPath {
	const char *resizerName;
	const char *videoName;
	Size maxSize;
	bool hasRaw;

	std::unique_ptr<V4L2Subdevice> resizer;
	std::unique_ptr<V4L2VideoDevice> video;
	Stream stream;
	bool enabled = false;

	std::vector<std::unique_ptr<FrameBuffer>> scratch;
	std::queue<FrameBuffer *> freeScratch;
};

struct VispFrameInfo {
	unsigned int frame;
	Request *request;

	FrameBuffer *paramBuffer;
	FrameBuffer *statBuffer;
	FrameBuffer *mainBuffer;
	FrameBuffer *selfBuffer;
	bool mainScratch;
	bool selfScratch;

	bool queued;
	bool paramDequeued;
	bool metadataProcessed;
};

class VispCameraData : public Camera::Private
{
public:
	VispCameraData(PipelineHandler *pipe)
		: Camera::Private(pipe), frame_(0)
	{
	}

	PipelineHandlerVisp *pipe();
	const PipelineHandlerVisp *pipe() const;

	int loadIPA();

	VispFrameInfo *findFrame(unsigned int frame);
	VispFrameInfo *findFrame(FrameBuffer *buffer);

	void frameStarted(uint32_t sequence);
	void resetLens();
	ControlList lensControlsOf(uint32_t sequence) const;

	std::unique_ptr<CameraSensor> sensor_;
	std::unique_ptr<DelayedControls> delayedCtrls_;
	std::unique_ptr<ipa::visp::IPAProxyVisp> ipa_;

	std::map<unsigned int, VispFrameInfo> frameInfo_;
	unsigned int frame_;
	std::vector<IPABuffer> ipaBuffers_;

	V4L2SubdeviceFormat sensorFormat_;

	/* A focus lens position written, after frame @sequence had started. */
	struct LensWrite {
		uint32_t sequence;
		int32_t position;
	};
	std::deque<LensWrite> lensWrites_;
	uint32_t lastFrameStart_ = 0;

private:
	void paramsComputed(unsigned int frame, unsigned int bytesused);
	void setSensorControls(unsigned int frame, const ControlList &controls,
			       const ControlList &lensControls);
	void metadataReady(unsigned int frame, const ControlList &metadata);
};

class VispCameraConfiguration : public CameraConfiguration
{
public:
	VispCameraConfiguration(VispCameraData *data)
		: CameraConfiguration(), data_(data)
	{
	}

	Status validate() override;

	/* True when the main path carries the raw bypass, after validate(). */
	bool mainRaw() const
	{
		for (unsigned int i = 0; i < config_.size(); i++) {
			if (onMain_[i] && isRaw(config_[i].pixelFormat))
				return true;
		}
		return false;
	}

	/* The path of each entry, after validate(): true for main. */
	std::vector<bool> onMain_;
	V4L2SubdeviceFormat sensorFormat_;

private:
	Status validateStream(StreamConfiguration &cfg, bool main,
			      const Size &sensorSize);

	const VispCameraData *data_;
};

class PipelineHandlerVisp : public PipelineHandler
{
public:
	PipelineHandlerVisp(CameraManager *manager);

	std::unique_ptr<CameraConfiguration>
	generateConfiguration(Camera *camera, Span<const StreamRole> roles) override;
	int configure(Camera *camera, CameraConfiguration *config) override;

	int exportFrameBuffers(Camera *camera, Stream *stream,
			       std::vector<std::unique_ptr<FrameBuffer>> *buffers) override;

	int start(Camera *camera, const ControlList *controls) override;
	void stopDevice(Camera *camera) override;

	int queueRequestDevice(Camera *camera, Request *request) override;

	bool match(DeviceEnumerator *enumerator) override;

private:
	friend VispCameraData;
	friend VispCameraConfiguration;

	VispCameraData *cameraData(Camera *camera)
	{
		return static_cast<VispCameraData *>(camera->_d());
	}

	VispPath *pathOf(const Stream *stream);
	int createCamera(MediaEntity *sensor);
	int setupLinks(const VispCameraConfiguration &config);
	int configurePath(VispPath &path, const StreamConfiguration &cfg,
			  const V4L2SubdeviceFormat &ispFormat);
	int allocateBuffers(Camera *camera);
	void freeBuffers(Camera *camera);
	void queueFrame(VispCameraData *data, VispFrameInfo *info);
	void tryCompleteRequest(VispCameraData *data, VispFrameInfo *info);
	void disconnectFrameStart(VispCameraData *data);

	void imageBufferReady(FrameBuffer *buffer);
	void paramBufferReady(FrameBuffer *buffer);
	void statBufferReady(FrameBuffer *buffer);

	std::shared_ptr<MediaDevice> media_;
	std::unique_ptr<V4L2Subdevice> csi_;
	std::unique_ptr<V4L2Subdevice> isp_;
	std::unique_ptr<V4L2VideoDevice> params_;
	std::unique_ptr<V4L2VideoDevice> stats_;
	VispPath main_;
	VispPath self_;

	std::vector<std::unique_ptr<FrameBuffer>> paramBuffers_;
	std::vector<std::unique_ptr<FrameBuffer>> statBuffers_;
	std::queue<FrameBuffer *> freeParamBuffers_;
	std::queue<FrameBuffer *> freeStatBuffers_;

	Camera *activeCamera_;
};

/* -----------------------------------------------------------------------------
 * Camera data
 */

PipelineHandlerVisp *VispCameraData::pipe()
{
	return static_cast<PipelineHandlerVisp *>(Camera::Private::pipe());
}

const PipelineHandlerVisp *VispCameraData::pipe() const
{
	return static_cast<const PipelineHandlerVisp *>(Camera::Private::pipe());
}

int VispCameraData::loadIPA()
{
	ipa_ = pipe()->createIPA<ipa::visp::IPAProxyVisp>(1, 1);
	if (!ipa_)
		return -ENOENT;

	ipa_->paramsComputed.connect(this, &VispCameraData::paramsComputed);
	ipa_->setSensorControls.connect(this, &VispCameraData::setSensorControls);
	ipa_->metadataReady.connect(this, &VispCameraData::metadataReady);

	std::string tuning = ipa_->configurationFile(sensor_->model() + ".yaml",
						     "uncalibrated.yaml");

	IPACameraSensorInfo sensorInfo{};
	int ret = sensor_->sensorInfo(&sensorInfo);
	if (ret)
		return ret;

	ControlInfoMap ipaControls;
	ControlInfoMap lensControls;
	if (CameraLens *lens = sensor_->focusLens())
		lensControls = lens->controls();

	ret = ipa_->init({ tuning, sensor_->model() }, sensorInfo,
			 sensor_->controls(), lensControls, &ipaControls);
	if (ret) {
		LOG(Visp, Error) << "The IPA failed to initialise";
		return ret;
	}

	controlInfo_ = ipaControls;
	return 0;
}

VispFrameInfo *VispCameraData::findFrame(unsigned int frame)
{
	auto it = frameInfo_.find(frame);
	return it == frameInfo_.end() ? nullptr : &it->second;
}

VispFrameInfo *VispCameraData::findFrame(FrameBuffer *buffer)
{
	for (auto &[frame, info] : frameInfo_) {
		if (info.paramBuffer == buffer || info.statBuffer == buffer ||
		    info.mainBuffer == buffer || info.selfBuffer == buffer)
			return &info;
	}

	return nullptr;
}

void VispCameraData::paramsComputed(unsigned int frame, unsigned int bytesused)
{
	VispFrameInfo *info = findFrame(frame);
	if (!info)
		return;

	info->paramBuffer->_d()->metadata().planes()[0].bytesused = bytesused;
	pipe()->queueFrame(this, info);
}

void VispCameraData::setSensorControls([[maybe_unused]] unsigned int frame,
				       const ControlList &controls,
				       const ControlList &lensControls)
{
	delayedCtrls_->push(controls);

	CameraLens *lens = sensor_->focusLens();
	if (!lens || !lensControls.contains(V4L2_CID_FOCUS_ABSOLUTE))
		return;

	int32_t position = lensControls.get(V4L2_CID_FOCUS_ABSOLUTE).get<int32_t>();
	if (!lensWrites_.empty() && lensWrites_.back().position == position)
		return;

	if (lens->setFocusPosition(position)) {
		LOG(Visp, Error) << "Cannot move the lens to " << position;
		return;
	}

	/*
	 * The lens moves from the frame after the one exposed now, the last
	 * frame start seen.
	 */
	lensWrites_.push_back({ lastFrameStart_, position });
	while (lensWrites_.size() > 16)
		lensWrites_.pop_front();
}

void VispCameraData::frameStarted(uint32_t sequence)
{
	lastFrameStart_ = sequence;
}

void VispCameraData::resetLens()
{
	lensWrites_.clear();
	lastFrameStart_ = 0;
}

/*
 * The lens position frame @sequence was exposed with: the last write made
 * two frames or more before it. A write seen one frame before may belong
 * to that frame or to the next, whose frame start event was not handled
 * yet: such a frame gets no position.
 */
ControlList VispCameraData::lensControlsOf(uint32_t sequence) const
{
	CameraLens *lens = sensor_->focusLens();
	if (!lens)
		return ControlList();

	ControlList ctrls(lens->controls());
	for (auto it = lensWrites_.rbegin(); it != lensWrites_.rend(); ++it) {
		if (it->sequence >= sequence)
			continue;
		if (it->sequence + 1 < sequence)
			ctrls.set(V4L2_CID_FOCUS_ABSOLUTE, it->position);
		break;
	}

	return ctrls;
}

void VispCameraData::metadataReady(unsigned int frame, const ControlList &metadata)
{
	VispFrameInfo *info = findFrame(frame);
	if (!info)
		return;

	info->request->_d()->metadata().merge(metadata);
	info->metadataProcessed = true;
	pipe()->tryCompleteRequest(this, info);
}

/* -----------------------------------------------------------------------------
 * Camera configuration
 */

CameraConfiguration::Status
VispCameraConfiguration::validateStream(StreamConfiguration &cfg, bool main,
					const Size &sensorSize)
{
	const PipelineHandlerVisp *pipe = data_->pipe();
	const VispPath &path = main ? pipe->main_ : pipe->self_;
	Status status = Valid;

	/* Only the main path has the raw bypass. */
	if (isRaw(cfg.pixelFormat) && !path.hasRaw) {
		cfg.pixelFormat = formats::NV12;
		status = Adjusted;
	}

	if (isRaw(cfg.pixelFormat)) {
		PixelFormat raw = rawFormatOf(sensorFormat_.code);
		if (cfg.pixelFormat != raw) {
			cfg.pixelFormat = raw;
			status = Adjusted;
		}
		/* The raw bypass does not scale. */
		if (cfg.size != sensorSize) {
			cfg.size = sensorSize;
			status = Adjusted;
		}
	} else {
		if (!kVispFormats.count(cfg.pixelFormat)) {
			cfg.pixelFormat = formats::NV12;
			status = Adjusted;
		}

		/* The resizers scale from 1/8 to 1, in even sizes. */
		Size maxSize = sensorSize.boundedTo(path.maxSize);
		Size minSize = (sensorSize / 8).expandedTo(kVispMinSize)
				       .alignedUpTo(2, 2);
		Size size = cfg.size;
		if (size.isNull())
			size = maxSize;
		size = size.boundedTo(maxSize).expandedTo(minSize)
			       .alignedDownTo(2, 2);
		if (size != cfg.size) {
			LOG(Visp, Debug) << "Adjusting size from " << cfg.size
					 << " to " << size;
			cfg.size = size;
			status = Adjusted;
		}
	}

	/*
	 * The colour space: raw for the bypass, sRGB for RGB, and for YUV the
	 * one requested that the CSC supports (BT.601 limited by default).
	 */
	V4L2DeviceFormat format;
	format.fourcc = path.video->toV4L2PixelFormat(cfg.pixelFormat);
	format.size = cfg.size;
	std::optional<ColorSpace> colorSpace;
	if (isRaw(cfg.pixelFormat)) {
		colorSpace = ColorSpace::Raw;
	} else if (kVispFormats.at(cfg.pixelFormat) == MEDIA_BUS_FMT_YUV8_1X24) {
		format.colorSpace = cfg.colorSpace.value_or(ColorSpace::Smpte170m);
		format.colorSpace->adjust(cfg.pixelFormat);
	} else {
		colorSpace = ColorSpace::Srgb;
	}

	int ret = path.video->tryFormat(&format);
	if (ret)
		return Invalid;

	if (!colorSpace) {
		colorSpace = format.colorSpace.value_or(ColorSpace::Smpte170m);
		colorSpace->adjust(cfg.pixelFormat);
	}
	if (cfg.colorSpace != colorSpace) {
		if (cfg.colorSpace)
			status = Adjusted;
		cfg.colorSpace = colorSpace;
	}

	cfg.stride = format.planes[0].bpl;
	cfg.frameSize = format.planes[0].size;
	if (cfg.bufferCount < 2)
		cfg.bufferCount = kVispBufferCount;

	return status;
}

CameraConfiguration::Status VispCameraConfiguration::validate()
{
	Status status = Valid;

	if (config_.empty())
		return Invalid;

	Orientation requested = orientation;
	data_->sensor_->computeTransform(&orientation);
	if (orientation != requested)
		status = Adjusted;

	if (config_.size() > 2) {
		config_.resize(2);
		status = Adjusted;
	}

	/*
	 * The raw bypass belongs to the main path: of two raw streams, the
	 * second becomes a processed one on the self path.
	 */
	auto raw = std::find_if(config_.begin(), config_.end(),
				[](const StreamConfiguration &cfg) {
					return isRaw(cfg.pixelFormat);
				});
	for (auto it = config_.begin(); it != config_.end(); ++it) {
		if (it != raw && isRaw(it->pixelFormat)) {
			it->pixelFormat = formats::NV12;
			status = Adjusted;
		}
	}

	/* The sensor mode: the smallest that covers the largest stream. */
	Size maxSize;
	for (const StreamConfiguration &cfg : config_)
		maxSize.expandTo(cfg.size);
	if (raw != config_.end() && maxSize.isNull())
		maxSize = data_->sensor_->resolution();

	sensorFormat_ = data_->sensor_->getFormat(kVispSensorCodes, maxSize);
	if (!sensorFormat_.code)
		return Invalid;

	/*
	 * A raw stream takes the main path. Otherwise the larger stream takes
	 * the main path, and the other the self path, which needs a size of
	 * at most 2048x2048.
	 */
	onMain_.assign(config_.size(), true);
	if (config_.size() == 2) {
		const Size &a = config_[0].size;
		const Size &b = config_[1].size;
		if (raw != config_.end())
			onMain_[raw == config_.begin() ? 1 : 0] = false;
		else if (a.width * a.height >= b.width * b.height)
			onMain_[1] = false;
		else
			onMain_[0] = false;
	}

	for (unsigned int i = 0; i < config_.size(); i++) {
		Status s = validateStream(config_[i], onMain_[i],
					  sensorFormat_.size);
		if (s == Invalid)
			return Invalid;
		if (s == Adjusted)
			status = Adjusted;
	}

	/* Both YUV paths share the colour space conversion: main's. */
	if (config_.size() == 2) {
		StreamConfiguration &main = config_[onMain_[0] ? 0 : 1];
		StreamConfiguration &self = config_[onMain_[0] ? 1 : 0];
		auto yuv = [](const StreamConfiguration &cfg) {
			return !isRaw(cfg.pixelFormat) &&
			       kVispFormats.at(cfg.pixelFormat) == MEDIA_BUS_FMT_YUV8_1X24;
		};
		if (yuv(main) && yuv(self) && main.colorSpace != self.colorSpace) {
			self.colorSpace = main.colorSpace;
			status = Adjusted;
		}
	}

	return status;
}

/* -----------------------------------------------------------------------------
 * Pipeline handler
 */

PipelineHandlerVisp::PipelineHandlerVisp(CameraManager *manager)
	: PipelineHandler(manager, kVispInternalBufferCount),
	  activeCamera_(nullptr)
{
	main_.resizerName = "visp-resizer-main";
	main_.videoName = "visp-main";
	main_.maxSize = { VISP_MAX_WIDTH, VISP_MAX_HEIGHT };
	main_.hasRaw = true;

	self_.resizerName = "visp-resizer-self";
	self_.videoName = "visp-self";
	self_.maxSize = kVispSelfMaxSize;
	self_.hasRaw = false;
}

VispPath *PipelineHandlerVisp::pathOf(const Stream *stream)
{
	if (stream == &main_.stream)
		return &main_;
	if (stream == &self_.stream)
		return &self_;
	return nullptr;
}

std::unique_ptr<CameraConfiguration>
PipelineHandlerVisp::generateConfiguration(Camera *camera,
					   Span<const StreamRole> roles)
{
	VispCameraData *data = cameraData(camera);
	auto config = std::make_unique<VispCameraConfiguration>(data);

	if (roles.empty())
		return config;

	const Size resolution = data->sensor_->resolution();
	bool mainTaken = false;
	bool selfTaken = false;

	/* The raw stream takes the main path: the others are processed. */
	unsigned int rawCount = std::count(roles.begin(), roles.end(),
					   StreamRole::Raw);
	if (rawCount > 1) {
		LOG(Visp, Error) << "Only the main path has a raw bypass";
		return nullptr;
	}

	for (const StreamRole role : roles) {
		bool main;
		Size size;
		PixelFormat format = formats::NV12;

		switch (role) {
		case StreamRole::Raw:
			main = true;
			format = rawFormatOf(data->sensor_->mbusCodes().empty()
						     ? 0 : data->sensor_->mbusCodes()[0]);
			size = resolution;
			break;

		case StreamRole::Viewfinder:
			main = selfTaken;
			size = (resolution / 3).alignedDownTo(2, 2);
			break;

		case StreamRole::StillCapture:
		case StreamRole::VideoRecording:
			main = !mainTaken && !rawCount;
			size = resolution;
			break;

		default:
			LOG(Visp, Warning) << "Unsupported role " << role;
			return nullptr;
		}

		if ((main && mainTaken) || (!main && selfTaken)) {
			LOG(Visp, Error) << "No path left for role " << role;
			return nullptr;
		}
		if (main)
			mainTaken = true;
		else
			selfTaken = true;

		const VispPath &path = main ? main_ : self_;
		std::map<PixelFormat, std::vector<SizeRange>> streamFormats;
		Size maxSize = resolution.boundedTo(path.maxSize);
		Size minSize = (resolution / 8).expandedTo(kVispMinSize)
				       .alignedUpTo(2, 2);

		if (role == StreamRole::Raw) {
			streamFormats[format] = { SizeRange(resolution) };
		} else {
			for (const auto &[pixelFormat, code] : kVispFormats)
				streamFormats[pixelFormat] = {
					SizeRange(minSize, maxSize, 2, 2)
				};
		}

		StreamConfiguration cfg{ StreamFormats{ streamFormats } };
		cfg.pixelFormat = format;
		cfg.size = size.boundedTo(maxSize);
		cfg.bufferCount = kVispBufferCount;
		config->addConfiguration(cfg);
	}

	if (config->validate() == CameraConfiguration::Invalid)
		return nullptr;

	return config;
}

int PipelineHandlerVisp::setupLinks(const VispCameraConfiguration &config)
{
	int ret = media_->disableLinks();
	if (ret)
		return ret;

	std::vector<std::tuple<const char *, unsigned int, const char *>> links = {
		{ "visp-csi", 1, "visp-isp" },
		{ "visp-isp", kIspPadSourceStats, "visp-stats" },
	};

	/* The main resizer takes the processed or the raw source pad. */
	if (main_.enabled) {
		links.emplace_back("visp-isp",
				   config.mainRaw() ? kIspPadSourceRaw
						    : kIspPadSourceVideo,
				   main_.resizerName);
		links.emplace_back(main_.resizerName, 1, main_.videoName);
	}
	if (self_.enabled) {
		links.emplace_back("visp-isp", kIspPadSourceVideo,
				   self_.resizerName);
		links.emplace_back(self_.resizerName, 1, self_.videoName);
	}

	for (const auto &[source, pad, sink] : links) {
		MediaLink *link = media_->link(source, pad, sink, 0);
		if (!link) {
			LOG(Visp, Error) << "No link from " << source << " to "
					 << sink;
			return -ENODEV;
		}
		ret = link->setEnabled(true);
		if (ret)
			return ret;
	}

	return 0;
}

int PipelineHandlerVisp::configurePath(VispPath &path,
				       const StreamConfiguration &cfg,
				       const V4L2SubdeviceFormat &ispFormat)
{
	V4L2SubdeviceFormat format = ispFormat;
	int ret = path.resizer->setFormat(0, &format);
	if (ret)
		return ret;

	Rectangle crop{ 0, 0, ispFormat.size };
	ret = path.resizer->setSelection(0, V4L2_SEL_TGT_CROP, &crop);
	if (ret)
		return ret;

	bool raw = isRaw(cfg.pixelFormat);
	Rectangle compose{ 0, 0, raw ? ispFormat.size : cfg.size };
	ret = path.resizer->setSelection(0, V4L2_SEL_TGT_COMPOSE, &compose);
	if (ret)
		return ret;

	format.code = raw ? ispFormat.code : kVispFormats.at(cfg.pixelFormat);
	format.size = cfg.size;
	ret = path.resizer->setFormat(1, &format);
	if (ret)
		return ret;
	if (format.size != cfg.size) {
		LOG(Visp, Error) << path.resizerName << " gives " << format.size
				 << " for " << cfg.size;
		return -EINVAL;
	}

	V4L2DeviceFormat vformat;
	vformat.fourcc = path.video->toV4L2PixelFormat(cfg.pixelFormat);
	vformat.size = cfg.size;
	vformat.colorSpace = cfg.colorSpace;
	ret = path.video->setFormat(&vformat);
	if (ret)
		return ret;

	if (vformat.size != cfg.size ||
	    vformat.fourcc != path.video->toV4L2PixelFormat(cfg.pixelFormat)) {
		LOG(Visp, Error) << path.videoName << " refused " << cfg.toString();
		return -EINVAL;
	}

	return 0;
}

int PipelineHandlerVisp::configure(Camera *camera, CameraConfiguration *c)
{
	VispCameraConfiguration *config = static_cast<VispCameraConfiguration *>(c);
	VispCameraData *data = cameraData(camera);
	int ret;

	main_.enabled = false;
	self_.enabled = false;
	for (unsigned int i = 0; i < config->size(); i++)
		(config->onMain_[i] ? main_ : self_).enabled = true;

	ret = setupLinks(*config);
	if (ret) {
		LOG(Visp, Error) << "Cannot set up the links: " << ret;
		return ret;
	}

	/* Sensor, receiver and ISP sink: the same Bayer format. */
	V4L2SubdeviceFormat format = config->sensorFormat_;
	Transform transform = data->sensor_->computeTransform(&config->orientation);
	ret = data->sensor_->setFormat(&format, transform);
	if (ret)
		return ret;
	data->sensorFormat_ = format;

	LOG(Visp, Debug) << "Sensor format " << format;

	ret = csi_->setFormat(0, &format);
	if (ret)
		return ret;
	V4L2SubdeviceFormat csiOut = format;
	ret = csi_->getFormat(1, &csiOut);
	if (ret)
		return ret;

	V4L2SubdeviceFormat ispFormat = format;
	ret = isp_->setFormat(kIspPadSink, &ispFormat);
	if (ret)
		return ret;

	Rectangle crop{ 0, 0, format.size };
	ret = isp_->setSelection(kIspPadSink, V4L2_SEL_TGT_CROP, &crop);
	if (ret)
		return ret;

	/* The processed source pad, and the raw one of the bypass. */
	V4L2SubdeviceFormat videoFormat = format;
	videoFormat.code = MEDIA_BUS_FMT_RGB121212_1X36;
	ret = isp_->setFormat(kIspPadSourceVideo, &videoFormat);
	if (ret)
		return ret;

	V4L2SubdeviceFormat rawFormat = format;
	ret = isp_->setFormat(kIspPadSourceRaw, &rawFormat);
	if (ret)
		return ret;

	for (unsigned int i = 0; i < config->size(); i++) {
		StreamConfiguration &cfg = config->at(i);
		VispPath &path = config->onMain_[i] ? main_ : self_;
		bool raw = isRaw(cfg.pixelFormat);

		ret = configurePath(path, cfg, raw ? rawFormat : videoFormat);
		if (ret)
			return ret;

		cfg.setStream(&path.stream);
		LOG(Visp, Debug) << "Stream " << i << " on " << path.videoName
				 << ": " << cfg.toString();
	}

	V4L2DeviceFormat meta;
	meta.fourcc = V4L2PixelFormat(V4L2_META_FMT_VISP_PARAMS);
	ret = params_->setFormat(&meta);
	if (ret)
		return ret;
	meta = {};
	meta.fourcc = V4L2PixelFormat(V4L2_META_FMT_VISP_STATS);
	ret = stats_->setFormat(&meta);
	if (ret)
		return ret;

	ipa::visp::IPAConfigInfo ipaConfig{};
	ret = data->sensor_->sensorInfo(&ipaConfig.sensorInfo);
	if (ret)
		return ret;
	ipaConfig.sensorControls = data->sensor_->controls();
	if (CameraLens *lens = data->sensor_->focusLens())
		ipaConfig.lensControls = lens->controls();

	ControlInfoMap ipaControls;
	ret = data->ipa_->configure(ipaConfig, &ipaControls);
	if (ret) {
		LOG(Visp, Error) << "The IPA refused the configuration";
		return ret;
	}
	data->controlInfo_ = ipaControls;

	return 0;
}

int PipelineHandlerVisp::exportFrameBuffers([[maybe_unused]] Camera *camera,
					    Stream *stream,
					    std::vector<std::unique_ptr<FrameBuffer>> *buffers)
{
	VispPath *path = pathOf(stream);
	if (!path)
		return -EINVAL;

	unsigned int count = stream->configuration().bufferCount;
	return path->video->exportBuffers(count, buffers);
}

int PipelineHandlerVisp::allocateBuffers(Camera *camera)
{
	VispCameraData *data = cameraData(camera);
	unsigned int ipaBufferId = 1;
	int ret;

	ret = params_->allocateBuffers(kVispInternalBufferCount, &paramBuffers_);
	if (ret < 0)
		return ret;

	ret = stats_->allocateBuffers(kVispInternalBufferCount, &statBuffers_);
	if (ret < 0)
		return ret;

	auto share = [&](std::vector<std::unique_ptr<FrameBuffer>> &buffers,
			 std::queue<FrameBuffer *> &queue) {
		for (std::unique_ptr<FrameBuffer> &buffer : buffers) {
			Span<const FrameBuffer::Plane> planes = buffer->planes();

			buffer->setCookie(ipaBufferId++);
			data->ipaBuffers_.emplace_back(buffer->cookie(),
						       std::vector<FrameBuffer::Plane>{
							       planes.begin(), planes.end() });
			queue.push(buffer.get());
		}
	};

	share(paramBuffers_, freeParamBuffers_);
	share(statBuffers_, freeStatBuffers_);
	data->ipa_->mapBuffers(data->ipaBuffers_);

	/* Scratch buffers for a request without a buffer of a stream. */
	for (VispPath *path : { &main_, &self_ }) {
		if (!path->enabled)
			continue;

		ret = path->video->exportBuffers(kVispScratchBufferCount,
						 &path->scratch);
		if (ret < 0)
			return ret;
		for (std::unique_ptr<FrameBuffer> &buffer : path->scratch)
			path->freeScratch.push(buffer.get());
	}

	return 0;
}

void PipelineHandlerVisp::freeBuffers(Camera *camera)
{
	VispCameraData *data = cameraData(camera);

	std::vector<unsigned int> ids;
	for (IPABuffer &buffer : data->ipaBuffers_)
		ids.push_back(buffer.id);
	if (!ids.empty())
		data->ipa_->unmapBuffers(ids);
	data->ipaBuffers_.clear();

	freeParamBuffers_ = {};
	freeStatBuffers_ = {};
	paramBuffers_.clear();
	statBuffers_.clear();

	for (VispPath *path : { &main_, &self_ }) {
		path->freeScratch = {};
		path->scratch.clear();
	}

	if (params_->releaseBuffers())
		LOG(Visp, Error) << "Cannot release the parameters buffers";
	if (stats_->releaseBuffers())
		LOG(Visp, Error) << "Cannot release the statistics buffers";
}

int PipelineHandlerVisp::start(Camera *camera,
			       [[maybe_unused]] const ControlList *controls)
{
	VispCameraData *data = cameraData(camera);
	utils::ScopeExitActions actions;
	int ret;

	ret = allocateBuffers(camera);
	if (ret) {
		freeBuffers(camera);
		return ret;
	}
	actions += [&]() { freeBuffers(camera); };

	ret = data->ipa_->start();
	if (ret) {
		LOG(Visp, Error) << "The IPA did not start";
		return ret;
	}
	actions += [&]() { data->ipa_->stop(); };

	data->frame_ = 0;
	data->delayedCtrls_->reset();
	data->resetLens();

	for (VispPath *path : { &main_, &self_ }) {
		if (!path->enabled)
			continue;

		unsigned int count = path->stream.configuration().bufferCount +
				     kVispScratchBufferCount;
		ret = path->video->importBuffers(count);
		if (ret < 0)
			return ret;
		actions += [path]() { path->video->releaseBuffers(); };
	}

	/*
	 * The frame start events reach the camera only while it streams:
	 * VispCameraData is no Object, and a connection to it would outlive
	 * it (a camera whose creation failed, a camera freed before the
	 * handler), left for visp-csi's next frame start to call into.
	 */
	csi_->frameStart.connect(data->delayedCtrls_.get(),
				 &DelayedControls::applyControls);
	csi_->frameStart.connect(data, &VispCameraData::frameStarted);
	actions += [&]() { disconnectFrameStart(data); };

	/* The first node to stream starts the sensor: frame start first. */
	ret = csi_->setFrameStartEnabled(true);
	if (ret)
		LOG(Visp, Warning) << "No frame start events: " << ret;
	actions += [&]() { csi_->setFrameStartEnabled(false); };

	ret = params_->streamOn();
	if (ret)
		return ret;
	actions += [&]() { params_->streamOff(); };

	ret = stats_->streamOn();
	if (ret)
		return ret;
	actions += [&]() { stats_->streamOff(); };

	for (VispPath *path : { &main_, &self_ }) {
		if (!path->enabled)
			continue;

		ret = path->video->streamOn();
		if (ret) {
			LOG(Visp, Error) << "Cannot stream on " << path->videoName;
			return ret;
		}
		actions += [path]() { path->video->streamOff(); };
	}

	activeCamera_ = camera;
	actions.release();
	return 0;
}

void PipelineHandlerVisp::disconnectFrameStart(VispCameraData *data)
{
	csi_->frameStart.disconnect(data->delayedCtrls_.get(),
				    &DelayedControls::applyControls);
	csi_->frameStart.disconnect(data, &VispCameraData::frameStarted);
}

void PipelineHandlerVisp::stopDevice(Camera *camera)
{
	VispCameraData *data = cameraData(camera);

	data->ipa_->stop();

	for (VispPath *path : { &main_, &self_ }) {
		if (!path->enabled)
			continue;
		path->video->streamOff();
	}
	stats_->streamOff();
	params_->streamOff();
	csi_->setFrameStartEnabled(false);
	disconnectFrameStart(data);

	for (VispPath *path : { &main_, &self_ }) {
		if (path->enabled)
			path->video->releaseBuffers();
	}

	/*
	 * What is left: requests whose buffers were never queued, their
	 * parameters not computed, and requests whose buffers the stream off
	 * completed but whose metadata did not come.
	 */
	for (auto &[frame, info] : data->frameInfo_) {
		Request *request = info.request;
		if (!info.queued) {
			for (auto [stream, buffer] : request->buffers()) {
				buffer->_d()->cancel();
				completeBuffer(request, buffer);
			}
		}
		completeRequest(request);
	}
	data->frameInfo_.clear();

	freeBuffers(camera);
	activeCamera_ = nullptr;
}

int PipelineHandlerVisp::queueRequestDevice(Camera *camera, Request *request)
{
	VispCameraData *data = cameraData(camera);

	if (freeParamBuffers_.empty() || freeStatBuffers_.empty()) {
		LOG(Visp, Error) << "No parameters or statistics buffer left";
		return -ENOBUFS;
	}

	VispFrameInfo info{};
	info.frame = data->frame_;
	info.request = request;
	info.paramBuffer = freeParamBuffers_.front();
	info.statBuffer = freeStatBuffers_.front();

	for (auto [stream, buffer] : request->buffers()) {
		if (stream == &main_.stream)
			info.mainBuffer = buffer;
		else if (stream == &self_.stream)
			info.selfBuffer = buffer;
	}

	/* A job needs a buffer on every enabled path. */
	auto scratch = [](VispPath &path, FrameBuffer *&buffer, bool &used) {
		if (!path.enabled || buffer)
			return true;
		if (path.freeScratch.empty())
			return false;
		buffer = path.freeScratch.front();
		path.freeScratch.pop();
		used = true;
		return true;
	};
	if (!scratch(main_, info.mainBuffer, info.mainScratch) ||
	    !scratch(self_, info.selfBuffer, info.selfScratch)) {
		LOG(Visp, Error) << "No scratch buffer left";
		if (info.mainScratch)
			main_.freeScratch.push(info.mainBuffer);
		return -ENOBUFS;
	}

	freeParamBuffers_.pop();
	freeStatBuffers_.pop();
	data->frameInfo_[info.frame] = info;

	data->ipa_->queueRequest(info.frame, request->controls());
	data->ipa_->computeParams(info.frame, info.paramBuffer->cookie());

	data->frame_++;
	return 0;
}

void PipelineHandlerVisp::queueFrame(VispCameraData *data, VispFrameInfo *info)
{
	info->queued = true;
	int ret = params_->queueBuffer(info->paramBuffer);
	if (ret < 0)
		LOG(Visp, Error) << "Cannot queue a parameters buffer: " << ret;

	stats_->queueBuffer(info->statBuffer);
	if (info->mainBuffer)
		main_.video->queueBuffer(info->mainBuffer);
	if (info->selfBuffer)
		self_.video->queueBuffer(info->selfBuffer);

	(void)data;
}

void PipelineHandlerVisp::tryCompleteRequest(VispCameraData *data,
					     VispFrameInfo *info)
{
	Request *request = info->request;

	if (request->hasPendingBuffers())
		return;
	if (!info->metadataProcessed || !info->paramDequeued)
		return;
	if (info->mainScratch && info->mainBuffer)
		return;
	if (info->selfScratch && info->selfBuffer)
		return;

	freeParamBuffers_.push(info->paramBuffer);
	freeStatBuffers_.push(info->statBuffer);
	data->frameInfo_.erase(info->frame);

	completeRequest(request);
}

void PipelineHandlerVisp::imageBufferReady(FrameBuffer *buffer)
{
	ASSERT(activeCamera_);
	VispCameraData *data = cameraData(activeCamera_);

	VispFrameInfo *info = data->findFrame(buffer);
	if (!info)
		return;

	Request *request = info->request;

	/* A scratch buffer goes back to its pool. */
	if (info->mainScratch && buffer == info->mainBuffer) {
		main_.freeScratch.push(buffer);
		info->mainBuffer = nullptr;
		tryCompleteRequest(data, info);
		return;
	}
	if (info->selfScratch && buffer == info->selfBuffer) {
		self_.freeScratch.push(buffer);
		info->selfBuffer = nullptr;
		tryCompleteRequest(data, info);
		return;
	}

	const FrameMetadata &metadata = buffer->metadata();
	if (metadata.status != FrameMetadata::FrameCancelled)
		request->_d()->metadata().set(controls::SensorTimestamp,
					      metadata.timestamp);

	completeBuffer(request, buffer);
	tryCompleteRequest(data, info);
}

void PipelineHandlerVisp::paramBufferReady(FrameBuffer *buffer)
{
	ASSERT(activeCamera_);
	VispCameraData *data = cameraData(activeCamera_);

	VispFrameInfo *info = data->findFrame(buffer);
	if (!info)
		return;

	info->paramDequeued = true;
	tryCompleteRequest(data, info);
}

void PipelineHandlerVisp::statBufferReady(FrameBuffer *buffer)
{
	ASSERT(activeCamera_);
	VispCameraData *data = cameraData(activeCamera_);

	VispFrameInfo *info = data->findFrame(buffer);
	if (!info)
		return;

	const FrameMetadata &metadata = buffer->metadata();
	if (metadata.status == FrameMetadata::FrameCancelled) {
		info->metadataProcessed = true;
		tryCompleteRequest(data, info);
		return;
	}

	data->ipa_->processStats(info->frame, buffer->cookie(),
				 data->delayedCtrls_->get(metadata.sequence),
				 data->lensControlsOf(metadata.sequence));
}

int PipelineHandlerVisp::createCamera(MediaEntity *sensor)
{
	auto data = std::make_unique<VispCameraData>(this);

	data->sensor_ = CameraSensorFactoryBase::create(sensor);
	if (!data->sensor_)
		return -ENODEV;

	data->properties_ = data->sensor_->properties();

	const CameraSensorProperties::SensorDelays &delays =
		data->sensor_->sensorDelays();
	std::unordered_map<uint32_t, DelayedControls::ControlParams> params = {
		{ V4L2_CID_ANALOGUE_GAIN, { delays.gainDelay, false } },
		{ V4L2_CID_EXPOSURE, { delays.exposureDelay, false } },
		{ V4L2_CID_VBLANK, { delays.vblankDelay, true } },
	};
	data->delayedCtrls_ =
		std::make_unique<DelayedControls>(data->sensor_->device(), params);

	if (data->sensor_->focusLens())
		LOG(Visp, Debug) << "Focus lens "
				 << data->sensor_->focusLens()->model();

	int ret = data->loadIPA();
	if (ret)
		return ret;

	std::set<Stream *> streams{ &main_.stream, &self_.stream };
	const std::string &id = data->sensor_->id();
	std::shared_ptr<Camera> camera =
		Camera::create(std::move(data), id, streams);
	registerCamera(std::move(camera));

	return 0;
}

bool PipelineHandlerVisp::match(DeviceEnumerator *enumerator)
{
	DeviceMatch dm("visp");
	dm.add("visp-csi");
	dm.add("visp-isp");
	dm.add("visp-params");
	dm.add("visp-stats");
	dm.add("visp-resizer-main");
	dm.add("visp-resizer-self");
	dm.add("visp-main");
	dm.add("visp-self");

	media_ = acquireMediaDevice(enumerator, dm);
	if (!media_)
		return false;

	csi_ = V4L2Subdevice::fromEntityName(media_.get(), "visp-csi");
	isp_ = V4L2Subdevice::fromEntityName(media_.get(), "visp-isp");
	params_ = V4L2VideoDevice::fromEntityName(media_.get(), "visp-params");
	stats_ = V4L2VideoDevice::fromEntityName(media_.get(), "visp-stats");
	if (csi_->open() || isp_->open() || params_->open() || stats_->open())
		return false;

	for (VispPath *path : { &main_, &self_ }) {
		path->resizer = V4L2Subdevice::fromEntityName(media_.get(),
							      path->resizerName);
		path->video = V4L2VideoDevice::fromEntityName(media_.get(),
							      path->videoName);
		if (path->resizer->open() || path->video->open())
			return false;
		path->video->bufferReady.connect(this,
						 &PipelineHandlerVisp::imageBufferReady);
	}
	params_->bufferReady.connect(this, &PipelineHandlerVisp::paramBufferReady);
	stats_->bufferReady.connect(this, &PipelineHandlerVisp::statBufferReady);

	/* One camera for the sensor behind visp-csi. */
	const MediaPad *csiSink = csi_->entity()->getPadByIndex(0);
	if (!csiSink) {
		LOG(Visp, Error) << "visp-csi has no sink pad";
		return false;
	}

	bool registered = false;
	for (const MediaLink *link : csiSink->links()) {
		MediaEntity *sensor = link->source()->entity();
		if (sensor->function() != MEDIA_ENT_F_CAM_SENSOR)
			continue;

		LOG(Visp, Debug) << "Sensor " << sensor->name();
		if (!createCamera(sensor))
			registered = true;
	}

	if (!registered)
		LOG(Visp, Info) << "No camera sensor on visp-csi";

	return registered;
}

REGISTER_PIPELINE_HANDLER(PipelineHandlerVisp, "visp")

} /* namespace libcamera */
