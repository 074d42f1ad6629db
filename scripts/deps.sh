# Sourced by demo.sh and test.sh: installs the Debian 12 packages that are missing, and only those.
# Usage: peerchat_install_missing pkg...   (uses sudo for apt only when not root)
peerchat_install_missing() {
    local missing=()
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    echo "peerchat: installing ${missing[*]}" >&2
    # Another apt may hold dpkg's lock (a fresh machine's daily upgrade, a second stage): wait for
    # it, up to 10 minutes, instead of failing at once.
    local wait=(-o DPkg::Lock::Timeout=600)
    "${sudo[@]}" apt-get "${wait[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get "${wait[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# What building and testing peerchat needs.
PEERCHAT_BUILD_PACKAGES=(build-essential cmake ninja-build qt6-base-dev qt6-tools-dev qt6-l10n-tools)
# peerchat-bridge (libmosquitto, found with pkg-config) and its test's broker, clients and certificates.
PEERCHAT_BRIDGE_PACKAGES=(pkg-config libmosquitto-dev mosquitto mosquitto-clients openssl)
# What scripts/package.sh needs besides: packaging, linting, the clean Debian root.
PEERCHAT_PACKAGE_PACKAGES=(dpkg-dev help2man lintian appstream desktop-file-utils debootstrap doxygen file)
