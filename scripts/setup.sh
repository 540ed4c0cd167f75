#!/usr/bin/env bash
# Installs everything the tests and the benchmarks need on a fresh Debian/Ubuntu machine: ffmpeg/ffprobe
# from the distribution and the npm packages from the lockfile. (`npm start` alone needs no system ffmpeg:
# it falls back to the static binaries of the optional @ffmpeg-installer/@ffprobe-installer packages, and
# MPS_FFMPEG=bundled runs the tests on those; the benchmarks measure Debian's ffmpeg.)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1; then
  echo "Installing ffmpeg (Debian package)…"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq ffmpeg >/dev/null
fi

# The AI tests draw text with ffmpeg's drawtext, which needs a font (fontconfig's default).
if ! ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1; then
  echo "Installing fonts-dejavu-core (Debian package)…"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-dejavu-core >/dev/null
fi

# `npm ci` can fail when other-platform optional packages lag in the registry mirror; `npm install`
# with the committed lockfile installs the same tree.
npm install --no-audit --no-fund --loglevel=error
