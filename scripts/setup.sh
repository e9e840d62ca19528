#!/usr/bin/env bash
# Installs whatever Plenair needs and this machine lacks; does nothing for what is already there.
#   scripts/setup.sh          npm packages, redis-server, livekit-server, plenair-recorder
#   scripts/setup.sh --test   the same, plus Chromium for the tests
# Debian packages come through apt-get (as root, or through sudo). livekit-server is built with
# `go install` at a pinned version into a cache folder outside the checkout, or, where Go is
# absent, taken from LiveKit's official release archive. The built-in recorder (recorder/) is
# built with `go build` (Go's official release is unpacked into the cache where Go is absent);
# if that cannot be done, built-in recording is off.
set -euo pipefail
cd "$(dirname "$0")/.."

LIVEKIT_VERSION="${LIVEKIT_VERSION:-v1.13.5}"
CACHE_DIR="${PLENAIR_CACHE_DIR:-$HOME/.cache/plenair}"
LIVEKIT_DIR="$CACHE_DIR/livekit/$LIVEKIT_VERSION"
with_browser=0
[ "${1:-}" = "--test" ] && with_browser=1

log() { printf '[setup] %s\n' "$*"; }

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
		echo "[setup] need root to run: $*" >&2
		exit 1
	fi
}

apt_updated=0
apt_install() {
	if ! command -v apt-get >/dev/null; then
		echo "[setup] please install: $* (no apt-get on this machine)" >&2
		exit 1
	fi
	if [ $apt_updated = 0 ]; then
		log "apt-get update"
		as_root apt-get update -qq
		apt_updated=1
	fi
	log "installing $*"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Node: Vite 8 and ESLint 10 need 20.19 or newer.
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || {
	echo "[setup] Node $(node --version) is too old: Plenair needs Node 20.19 or newer" >&2
	exit 1
}

# npm packages, when missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	log "installing npm packages (npm ci, from package-lock.json)"
	# Exactly the locked versions, and the lock file stays as committed: no fallback to
	# npm install, which would rewrite it. A failure here means the lock file needs fixing.
	npm ci --no-audit --no-fund --loglevel=error
fi

command -v redis-server >/dev/null || apt_install redis-server

install_livekit() {
	mkdir -p "$LIVEKIT_DIR"
	if command -v go >/dev/null; then
		log "building livekit-server $LIVEKIT_VERSION with go install (a few minutes, once)"
		CGO_ENABLED=0 GOBIN="$LIVEKIT_DIR" go install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION"
	else
		local arch
		case "$(uname -m)" in
		x86_64) arch=amd64 ;;
		aarch64 | arm64) arch=arm64 ;;
		*) echo "[setup] no livekit-server release for $(uname -m)" >&2 && exit 1 ;;
		esac
		command -v curl >/dev/null || apt_install curl ca-certificates
		local version="${LIVEKIT_VERSION#v}" tmp
		tmp="$(mktemp -d)"
		log "downloading livekit-server $LIVEKIT_VERSION release"
		curl -fsSL "https://github.com/livekit/livekit/releases/download/$LIVEKIT_VERSION/livekit_${version}_linux_${arch}.tar.gz" |
			tar -xz -C "$tmp"
		mv "$tmp/livekit-server" "$LIVEKIT_DIR/server"
		rm -rf "$tmp"
	fi
}
[ -x "$LIVEKIT_DIR/server" ] || install_livekit
log "livekit-server $LIVEKIT_VERSION at $LIVEKIT_DIR/server"

# The recorder is built once per version of its sources, into a folder named by their hash;
# server/children/recorder-binary.ts computes the same hash to find it.
recorder_hash() {
	find recorder -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) -print0 |
		LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
}
install_recorder() {
	local dir="$1" tool
	log "building plenair-recorder with go build (a minute or two, once per version)"
	mkdir -p "$dir"
	for tool in plenair-recorder testpublisher; do
		(cd recorder && CGO_ENABLED=0 go build -trimpath -o "$dir/$tool.tmp" "./cmd/$tool")
		mv "$dir/$tool.tmp" "$dir/$tool"
	done
}
# Where Go is absent, the official Go release is unpacked into the cache (like livekit-server's
# release above): LiveKit's Go SDK needs a newer Go than distributions ship.
GO_VERSION=1.26.8
ensure_go() {
	command -v go >/dev/null && return 0
	[ -x /usr/local/go/bin/go ] && PATH="/usr/local/go/bin:$PATH" && return 0
	local dir="$CACHE_DIR/go/$GO_VERSION" arch
	if [ ! -x "$dir/go/bin/go" ]; then
		case "$(uname -m)" in
		x86_64) arch=amd64 ;;
		aarch64 | arm64) arch=arm64 ;;
		*) return 1 ;;
		esac
		log "downloading Go $GO_VERSION to build plenair-recorder"
		mkdir -p "$dir"
		curl -fsSL "https://go.dev/dl/go${GO_VERSION}.linux-${arch}.tar.gz" | tar -xz -C "$dir" ||
			{ rm -rf "$dir" && return 1; }
	fi
	PATH="$dir/go/bin:$PATH"
}
if ensure_go; then
	RECORDER_DIR="$CACHE_DIR/recorder/$(recorder_hash)"
	[ -x "$RECORDER_DIR/plenair-recorder" ] && [ -x "$RECORDER_DIR/testpublisher" ] ||
		install_recorder "$RECORDER_DIR"
	log "plenair-recorder at $RECORDER_DIR/plenair-recorder"
else
	log "Go is not installed and could not be fetched, so built-in recording is OFF;"
	log "  install Go $GO_VERSION and run scripts/setup.sh again, or set PLENAIR_RECORDER_BIN"
fi

# The built-in recorder composes its videos with ffmpeg (and the app takes thumbnails with it).
command -v ffmpeg >/dev/null || apt_install ffmpeg
if [ $with_browser = 1 ]; then
	[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || apt_install chromium fonts-dejavu-core
fi
log "ready"
