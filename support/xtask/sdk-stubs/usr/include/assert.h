/* C's assert, as macOS's SDK declares it, for ring's C code (see TargetConditionals.h). */
#pragma once
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
void __assert_rtn(const char *, const char *, int, const char *);
#define assert(e) ((e) ? (void)0 : __assert_rtn(__func__, __FILE__, __LINE__, #e))
#endif
