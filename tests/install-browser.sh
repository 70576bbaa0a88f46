#!/usr/bin/env bash
# Install headless Chromium (Debian packages chromium + chromium-driver) for tests/test_browser.py.
# Never fails the build: when it cannot install, it says why and exits 0; the browser test then skips.
set -u

say() { echo "install-browser: $*" >&2; }

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    say "apt-get not found (not Debian/Ubuntu); install chromium yourself or the browser test skips."
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        say "not root and no password-less sudo; run 'sudo apt-get install chromium chromium-driver' or the browser test skips."
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1; then
    say "refreshing package lists…"
    if ! $SUDO apt-get update -q >/dev/null 2>&1; then
        say "apt-get update failed (offline?); the browser test skips."
        exit 0
    fi
    if ! $SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1; then
        say "apt-get install chromium chromium-driver failed; the browser test skips."
        exit 0
    fi
fi
say "installed $(chromium --version 2>/dev/null || echo chromium)"
exit 0
