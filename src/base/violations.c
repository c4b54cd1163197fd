/*
 * violations.c - kamplan.h's list of broken rules (kp_violations): the
 * container only; which rule is broken and how is decided by the plan
 * check (src/model/check.c) and the plan reader (src/io/plan_file.c).
 */
#include <stdlib.h>

#include "base/base.h"

struct kp_violations {
    size_t n, cap;
    kp_violation *items;    /* every string malloc'd, owned by the list */
};

/* kamplan.h: a list's accessors; kp_violations_free(NULL) is a no-op. */
kp_violations *kp_violations_new(void)
{
    return calloc(1, sizeof(kp_violations));
}

void kp_violations_free(kp_violations *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        free((char *)v->items[i].account_id);
        free((char *)v->items[i].item_id);
        free((char *)v->items[i].detail);
    }
    free(v->items);
    free(v);
}

size_t kp_violations_count(const kp_violations *v)
{
    return v ? v->n : 0;
}

const kp_violation *kp_violations_get(const kp_violations *v, size_t i)
{
    return v && i < v->n ? &v->items[i] : NULL;
}

/* Appends a violation, copying its strings (NULL account or item: ""). */
int kp__violations_add(kp_violations *v, int rule, const char *account,
                       const char *item, double amount, const char *detail)
{
    kp_violation *e;
    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 16;
        kp_violation *p = realloc(v->items, cap * sizeof *p);
        if (!p)
            return -1;
        v->items = p;
        v->cap = cap;
    }
    e = &v->items[v->n];
    e->rule = rule;
    e->amount = amount;
    e->account_id = kp__strdup(account ? account : "");
    e->item_id = kp__strdup(item ? item : "");
    e->detail = kp__strdup(detail);
    if (!e->account_id || !e->item_id || !e->detail) {
        free((char *)e->account_id);
        free((char *)e->item_id);
        free((char *)e->detail);
        return -1;
    }
    v->n++;
    return 0;
}
