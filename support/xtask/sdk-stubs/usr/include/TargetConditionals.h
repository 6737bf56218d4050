/* The few lines of Apple's TargetConditionals.h that ring's C code reads, so that
   `cargo xtask platforms` can check the workspace for macOS from Linux (clang, no SDK). */
#pragma once
#define TARGET_OS_MAC 1
#define TARGET_OS_OSX 1
#define TARGET_OS_IPHONE 0
#define TARGET_OS_IOS 0
#define TARGET_OS_TV 0
#define TARGET_OS_WATCH 0
#define TARGET_OS_SIMULATOR 0
