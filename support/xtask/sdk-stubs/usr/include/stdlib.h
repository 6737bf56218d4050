/* What clang's own mm_malloc.h needs of C's stdlib.h, for ring's x86_64 C code
   (see TargetConditionals.h). */
#pragma once
#include <stddef.h>
void *malloc(size_t size);
void free(void *ptr);
int posix_memalign(void **ptr, size_t alignment, size_t size);
void abort(void);
