#include "memorytuning.h"

#include <cstdlib>   // defines __GLIBC__ (through <features.h>) where the C library is glibc
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace memorytuning {

void keepMessageMemory()
{
#if defined(__GLIBC__)
    // Fixed values also switch off glibc's dynamic threshold, which moves with every free().
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
#else
#warning "memorytuning: not glibc, keepMessageMemory() does nothing"
#endif
}

} // namespace memorytuning
