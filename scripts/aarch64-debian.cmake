# Cross-build peerchat for arm64 (aarch64) on a Debian 12 amd64 host with multiarch Qt.
#   cmake -S . -B build-arm64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=scripts/aarch64-debian.cmake
# Needs: crossbuild-essential-arm64, qt6-base-dev:arm64, qt6-tools-dev:arm64, and the amd64
# qt6-base-dev-tools / qt6-l10n-tools (moc, rcc, uic, lrelease run natively: Debian's arm64 Qt
# config points at /usr/lib/qt6/libexec and /usr/lib/qt6/bin, so no QT_HOST_PATH is needed).
# scripts/arm64.sh installs all of it and uses this file.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(CMAKE_C_COMPILER   aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# find_library/find_package look in /usr/lib/aarch64-linux-gnu (the :arm64 multiarch packages).
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

# CTest runs every test executable through this (no binfmt_misc needed). A CACHE entry so that
# -DCMAKE_CROSSCOMPILING_EMULATOR=... on the command line wins; a plain set() would override it.
# Never add "-L /usr/aarch64-linux-gnu": it mixes the cross ld.so with libc6:arm64 and every
# pthread_create then spins forever.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static CACHE STRING
    "Runs arm64 executables (tests) on the build host")

# Debian's multiarch libdir (/usr/lib/aarch64-linux-gnu), where the arm64 packages put the window
# module: GNUInstallDirs picks it by itself only when not cross-compiling.
set(CMAKE_INSTALL_LIBDIR lib/${CMAKE_LIBRARY_ARCHITECTURE} CACHE PATH "Object code libraries (lib)")
