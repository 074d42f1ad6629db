#include "memorytuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace memorytuning {

void keepMessageMemory()
{
#if defined(__GLIBC__)
    // Fixed values also switch off glibc's dynamic threshold, which moves with every free().
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 16 * 1024 * 1024);
#endif
}

} // namespace memorytuning
