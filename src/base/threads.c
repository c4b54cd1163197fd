/*
 * threads.c - how many threads the address space affords.
 *
 * libgomp ends the program (exit status 1, "libgomp: Thread creation
 * failed") when it cannot create a thread of a parallel region, and a
 * thread's stack (8 MiB by default) is address space: under `ulimit -v`
 * the first region of a run could end it that way instead of with
 * kamplan's "out of memory". So a region asks for no more threads than
 * the stacks of which can be mapped now.
 */
#define _DEFAULT_SOURCE
#include <stddef.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "base/base.h"

/* A thread's stack when RLIMIT_STACK is unlimited (glibc's default on
 * 64-bit), and what each thread is given beside its stack. */
#define STACK_UNLIMITED ((size_t)32 << 20)
#define SLACK ((size_t)1 << 20)

/* base.h. */
int kp__threads_fit(int n)
{
    struct rlimit as, st;
    size_t stack;

    if (n <= 1 || getrlimit(RLIMIT_AS, &as) != 0 || as.rlim_cur == RLIM_INFINITY)
        return n;
    stack = getrlimit(RLIMIT_STACK, &st) == 0 && st.rlim_cur != RLIM_INFINITY
            ? (size_t)st.rlim_cur : STACK_UNLIMITED;
    stack += SLACK;
    /* The calling thread has its stack already: n - 1 new ones. */
    for (; n > 1; n--) {
        size_t need = (size_t)(n - 1) * stack;
        void *p = mmap(NULL, need, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p != MAP_FAILED) {
            munmap(p, need);
            break;
        }
    }
    return n;
}
