#!/bin/sh
# Install the Debian packages ganstab needs, and only those that are missing (idempotent).
set -eu
# libplplot-dev: PLplot, whose SVG driver draws the figures (its drivers come with libplplot17);
# librsvg2-bin: rsvg-convert, the tests render the SVGs to PNG; libxml2-dev: the figure unit test
# parses the SVGs; fonts-dejavu-core: the sans-serif font the renderers draw the text with.
PKGS="build-essential pkg-config clang libclang-rt-14-dev clang-format liblapacke-dev libopenblas-dev libgsl-dev libinih-dev libcjson-dev libcmocka-dev libmatheval-dev python3 python3-mpmath python3-numpy libplplot-dev librsvg2-bin libxml2-dev fonts-dejavu-core"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    exit 0
fi
echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
