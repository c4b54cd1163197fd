/*
 * strmap.c - open-addressing hash map from strings to indices, for id
 * look-ups while loading (20,000 accounts must load in well under a second).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

struct kp__strmap {
    size_t cap, n;          /* cap is a power of two */
    const char **keys;
    long *vals;
    uint64_t *hashes;       /* compared before the strings: a probe past
                               another key then costs no pointer chase */
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

kp__strmap *kp__strmap_new(size_t expect)
{
    kp__strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 16;
    while (m->cap < 2 * expect + 16)
        m->cap *= 2;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->vals = calloc(m->cap, sizeof *m->vals);
    m->hashes = calloc(m->cap, sizeof *m->hashes);
    if (!m->keys || !m->vals || !m->hashes) {
        kp__strmap_free(m);
        return NULL;
    }
    return m;
}

void kp__strmap_free(kp__strmap *m)
{
    if (!m)
        return;
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    free(m);
}

static size_t slot(const kp__strmap *m, const char *key, uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);
    while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key) != 0))
        i = (i + 1) & (m->cap - 1);
    return i;
}

long kp__strmap_get(const kp__strmap *m, const char *key)
{
    size_t i = slot(m, key, hash(key));
    return m->keys[i] ? m->vals[i] : -1;
}

static int grow(kp__strmap *m)
{
    kp__strmap big = {2 * m->cap, 0, NULL, NULL, NULL};
    big.keys = calloc(big.cap, sizeof *big.keys);
    big.vals = calloc(big.cap, sizeof *big.vals);
    big.hashes = calloc(big.cap, sizeof *big.hashes);
    if (!big.keys || !big.vals || !big.hashes) {
        free(big.keys);
        free(big.vals);
        free(big.hashes);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i]) {
            size_t j = slot(&big, m->keys[i], m->hashes[i]);
            big.keys[j] = m->keys[i];
            big.vals[j] = m->vals[i];
            big.hashes[j] = m->hashes[i];
            big.n++;
        }
    }
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    *m = big;
    return 0;
}

long kp__strmap_put(kp__strmap *m, const char *key, long val)
{
    if (2 * (m->n + 1) > m->cap && grow(m) != 0)
        return -2;
    uint64_t h = hash(key);
    size_t i = slot(m, key, h);
    if (m->keys[i])
        return m->vals[i];
    m->keys[i] = key;
    m->vals[i] = val;
    m->hashes[i] = h;
    m->n++;
    return -1;
}
