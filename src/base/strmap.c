/*
 * strmap.c - open-addressing hash map from strings to indices, for id
 * look-ups while loading (20,000 accounts must load in well under a second).
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

/* One slot: 16 bytes, so that a probe reads one cache line; the high half
 * of the hash is compared before the strings, so that a probe past
 * another key costs no pointer chase. */
struct slot {
    const char *key;        /* NULL: empty */
    uint32_t tag;           /* the hash's high 32 bits */
    int32_t val;
};

struct kp__strmap {
    size_t cap, n;          /* at most 3/4 full */
    struct slot *slots;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    /* FNV leaves similar ids ("A00017-X03", "A00017-X04") close together
     * in the low bits that pick the slot; a final mix spreads them, which
     * keeps linear probing short. */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

/* The room for n keys: n at most 3/4 of it. Not a power of two, which
 * would leave a map up to 5/8 empty: the slot comes from the hash by a
 * multiplication (start). */
static size_t room(size_t n)
{
    return n / 3 * 4 + 16;
}

/* The first slot to probe for hash h: its low 32 bits scaled to cap. */
static size_t start(const kp__strmap *m, uint64_t h)
{
    return (size_t)(((h & 0xFFFFFFFFu) * (uint64_t)m->cap) >> 32);
}

kp__strmap *kp__strmap_new(size_t expect)
{
    kp__strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = room(expect);
    m->slots = calloc(m->cap, sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return NULL;
    }
    return m;
}

void kp__strmap_free(kp__strmap *m)
{
    if (!m)
        return;
    free(m->slots);
    free(m);
}

/* The slot of key (hash h): where it is, or the empty slot where it
 * would go. */
static struct slot *find(const kp__strmap *m, const char *key, uint64_t h)
{
    size_t i = start(m, h);
    uint32_t tag = (uint32_t)(h >> 32);
    struct slot *s;

    while ((s = &m->slots[i])->key &&
           (s->tag != tag || strcmp(s->key, key) != 0))
        if (++i == m->cap)
            i = 0;
    return s;
}

void kp__strmap_prefetch(const kp__strmap *m, const char *key)
{
    if (m && key)
        __builtin_prefetch(&m->slots[start(m, hash(key))]);
}

long kp__strmap_get(const kp__strmap *m, const char *key)
{
    const struct slot *s = find(m, key, hash(key));
    return s->key ? s->val : -1;
}

static int grow(kp__strmap *m)
{
    kp__strmap big = {room(2 * m->n), m->n, NULL};
    big.slots = calloc(big.cap, sizeof *big.slots);
    if (!big.slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        const struct slot *s = &m->slots[i];
        if (s->key)
            *find(&big, s->key, hash(s->key)) = *s;
    }
    free(m->slots);
    *m = big;
    return 0;
}

long kp__strmap_put(kp__strmap *m, const char *key, long val)
{
    assert(val >= 0 && val <= INT32_MAX);
    if (m->cap / 4 * 3 < m->n + 1 && grow(m) != 0)
        return -2;
    uint64_t h = hash(key);
    struct slot *s = find(m, key, h);
    if (s->key)
        return s->val;
    s->key = key;
    s->tag = (uint32_t)(h >> 32);
    s->val = (int32_t)val;
    m->n++;
    return -1;
}
