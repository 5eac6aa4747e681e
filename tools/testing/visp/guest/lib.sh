# SPDX-License-Identifier: GPL-2.0
# Helpers for guest test scripts: . /usr/lib/visp/lib.sh

# Without udev: /dev/char/M:m links, so media-ctl and v4l2-ctl can open
# nodes by entity name. Call again after loading a module.
mklinks() {
	mkdir -p /dev/char
	for u in /sys/dev/char/*/uevent; do
		MAJOR='' MINOR='' DEVNAME=''
		. "$u" 2>/dev/null
		[ -n "$DEVNAME" ] && ln -sf "/dev/$DEVNAME" "/dev/char/$MAJOR:$MINOR"
	done
	true
}

# The media device of the visp driver.
visp_media() {
	for m in /dev/media*; do
		media-ctl -d "$m" -p 2>/dev/null | grep -q '^driver *visp$' && echo "$m"
	done
}

# Device node of the media entity named $1 on media device $2.
entity_node() {
	media-ctl -d "$2" -e "$1"
}

# KUnit: copy the results of every suite that debugfs shows to $VISP_OUT,
# where the host parses them (one *.ktap file per suite).
kunit_collect() {
	for d in /sys/kernel/debug/kunit/*/; do
		[ -e "$d/results" ] || continue
		s=$(basename "$d")
		cp "$d/results" "$VISP_OUT/kunit-$s.ktap"
		echo "collected KUnit suite $s"
	done
}

fail() {
	echo "FAIL: $*"
	exit 1
}
