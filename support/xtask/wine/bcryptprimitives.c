/* bcryptprimitives.dll for Wine 8, which has none: Rust's standard library asks its
   ProcessPrng for random bytes at start-up (the keys of every HashMap), so without it no
   Rust program starts under that Wine. Windows 10 and later ship the real DLL; this one
   answers from advapi32's RtlGenRandom (exported as SystemFunction036), which Wine has.
   `cargo xtask platforms` builds it with mingw-w64 into Wine's prefix under target/. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
