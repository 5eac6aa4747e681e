# SPDX-License-Identifier: GPL-2.0
#
# The environment of a libcamera build that build.sh installed, for sh:
# LIBCAMERA_DIR=DIR . DIR/env.sh (by default $VISP_DATA/libcamera).

: "${LIBCAMERA_DIR:=$VISP_DATA/libcamera}"
export PATH="$LIBCAMERA_DIR/bin:$PATH"
export LD_LIBRARY_PATH="$LIBCAMERA_DIR/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LIBCAMERA_IPA_MODULE_PATH="$LIBCAMERA_DIR/lib/ipa"
export LIBCAMERA_IPA_PROXY_PATH="$LIBCAMERA_DIR/libexec"
export LIBCAMERA_IPA_CONFIG_PATH="$LIBCAMERA_DIR/share-ipa"
