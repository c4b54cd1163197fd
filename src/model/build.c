/*
 * build.c - the programme's building blocks: a kp__lp in plain 0-based
 * arrays, grown a column, a row and an entry at a time, with names that
 * CPLEX LP and MPS files accept. programme.c lays out the columns and the
 * rows that tie them together; each rule's rows come from its entry in
 * rules.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/rules.h"

/* model.h. */
void kp__lp_free(kp__lp *lp)
{
    if (!lp)
        return;
    if (lp->cname)
        for (int j = 0; j < lp->ncols; j++)
            free(lp->cname[j]);
    if (lp->rname)
        for (int i = 0; i < lp->nrows; i++)
            free(lp->rname[i]);
    free(lp->cname);
    free(lp->rname);
    free(lp->obj);
    free(lp->lb);
    free(lp->ub);
    free(lp->rlo);
    free(lp->rhi);
    free(lp->rstart);
    free(lp->rind);
    free(lp->rval);
    free(lp->rscale);
    free(lp->y);
    free(lp->x);
    free(lp->z);
    free(lp->w);
    free(lp->col_acc);
    free(lp->team_u);
    free(lp->cont);
    free(lp->pn);
    free(lp->ps);
    free(lp->blocked_why);
    free(lp);
}

/* Where kp__lp_scale puts a row's largest coefficient: [2^6, 2^7).
 * Any fixed power of two makes the scaling exact and unit-free; this one
 * leaves a row of everyday hours (tens) near the numbers GLPK always saw,
 * so its search on everyday data changes little (with [1, 2) the proof's
 * block listings ran out of nodes on some generated instances). */
#define ROW_EXP 6
/* Where it puts the objective's largest coefficient: [2^13, 2^14), where
 * everyday values (thousands) already are. */
#define OBJ_EXP 13

/* The power of two that brings the largest of the n magnitudes v[] (at
 * stride 1) into [2^x, 2^(x+1)); 1 when all are 0. */
static double power_for(const double *v, size_t n, int x)
{
    double big = 0;
    int e;
    for (size_t k = 0; k < n; k++)
        big = fmax(big, fabs(v[k]));
    if (!(big > 0))
        return 1;
    frexp(big, &e);             /* big = m * 2^e, m in [0.5, 1) */
    return ldexp(1, x + 1 - e);
}

/* model.h. */
int kp__lp_scale(kp__lp *lp)
{
    double *f = malloc(((size_t)lp->nrows + 1) * sizeof *f);
    if (!f)
        return KP_ENOMEM;
    for (int i = 0; i < lp->nrows; i++) {
        int k0 = lp->rstart[i], n = lp->rstart[i + 1] - k0;
        f[i] = n > 0 ? power_for(lp->rval + k0, (size_t)n, ROW_EXP) : 1;
        for (int k = k0; k < k0 + n; k++)
            lp->rval[k] *= f[i];
        lp->rlo[i] *= f[i];     /* +-HUGE_VAL stay infinite */
        lp->rhi[i] *= f[i];
    }
    free(lp->rscale);
    lp->rscale = f;
    lp->objscale = power_for(lp->obj, (size_t)lp->ncols, OBJ_EXP);
    for (int j = 0; j < lp->ncols; j++)
        lp->obj[j] *= lp->objscale;
    return KP_OK;
}

/* model.h. */
void kp__lp_unscale(kp__lp *lp)
{
    for (int i = 0; lp->rscale && i < lp->nrows; i++) {
        double f = lp->rscale[i];
        for (int k = lp->rstart[i]; k < lp->rstart[i + 1]; k++)
            lp->rval[k] /= f;
        lp->rlo[i] /= f;
        lp->rhi[i] /= f;
        lp->rscale[i] = 1;
    }
    for (int j = 0; lp->objscale != 1 && j < lp->ncols; j++)
        lp->obj[j] /= lp->objscale;
    lp->objscale = 1;
}

/* Reallocates *p to n elements of size elem; leaves it alone on failure. */
static int resize(void *p, size_t n, size_t elem)
{
    void *q = realloc(*(void **)p, n * elem);
    if (!q)
        return -1;
    *(void **)p = q;
    return 0;
}

/* Appends id to out (n bytes used of len), keeping the characters that
 * CPLEX LP and MPS files accept in a name: '-' becomes '.', anything else
 * '_'. Returns the new length. */
static size_t put_id(char *out, size_t n, size_t len, const char *id)
{
    static const char ok[] = "!\"#$%&/.;?@_`'{}|";
    for (const char *p = id; *p && n + 1 < len; p++) {
        unsigned char ch = (unsigned char)*p;
        int keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                   (ch >= '0' && ch <= '9') || strchr(ok, ch);
        out[n++] = keep ? (char)ch : ch == '-' ? '.' : '_';
    }
    out[n] = '\0';
    return n;
}

/* Name "pfx(ID)", "pfx(ID,j)" (j > 0) or "pfx(ID,ID2)" (id2). Names stay
 * unique: one that was given already gets "~N" appended. The buffer is
 * fixed on purpose: ids are cut at 120 and 230 bytes so that a name stays
 * within GLPK's limit of 255. */
static char *make_name(struct kp__build *b, const char *pfx, const char *id,
                       const char *id2, int j, long index)
{
    char buf[256];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%s", pfx);
    if (id) {
        buf[n++] = '(';
        n = put_id(buf, n, 120, id);
        if (id2) {
            buf[n++] = ',';
            n = put_id(buf, n, 230, id2);
        } else if (j > 0) {
            n += (size_t)snprintf(buf + n, sizeof buf - n, ",%d", j);
        }
        buf[n++] = ')';
        buf[n] = '\0';
    }
    char *name = kp__strdup(buf);
    if (name && kp__strmap_get(b->seen, name) >= 0) {
        snprintf(buf + n, sizeof buf - n, "~%ld", index);
        free(name);
        name = kp__strdup(buf);
    }
    if (name && kp__strmap_put(b->seen, name, 0) == -2) {
        free(name);
        name = NULL;
    }
    return name;
}

/* rules.h. */
int kp__build_start(struct kp__build *b, const kp_instance *in,
                    const kp__scenario *sc, const kp__lp_opts *o)
{
    kp__lp *lp = calloc(1, sizeof *lp);
    memset(b, 0, sizeof *b);
    b->lp = lp;
    b->in = in;
    b->sc = sc;
    b->o = o;
    b->names = o->with_names;
    if (!lp)
        return KP_ENOMEM;
    lp->hours_row = lp->budget_row = lp->portfolio_row = -1;
    lp->changes_row = -1;
    lp->objscale = 1;
    if (b->names && !(b->seen = kp__strmap_new(4 * in->nact + 64)))
        goto oom;
    lp->y = malloc((in->nacc + 1) * sizeof *lp->y);
    lp->x = malloc((in->nact + 1) * sizeof *lp->x);
    lp->z = malloc((in->ncon + 1) * sizeof *lp->z);
    lp->w = malloc((in->nobj + 1) * sizeof *lp->w);
    if (!lp->y || !lp->x || !lp->z || !lp->w)
        goto oom;
    return KP_OK;
oom:
    kp__build_end(b);
    kp__lp_free(lp);
    b->lp = NULL;
    return KP_ENOMEM;
}

/* rules.h. */
void kp__build_end(struct kp__build *b)
{
    kp__strmap_free(b->seen);
    b->seen = NULL;
}

/* A column named "pfx(ID)", "pfx(ID,j)" or "pfx(ID,ID2)". */
static int add_col(struct kp__build *b, double obj, double lb, double ub,
                   const char *pfx, const char *id, const char *id2, long index, int j)
{
    kp__lp *lp = b->lp;
    int c = lp->ncols;
    if (b->oom)
        return -1;
    if (c == b->colcap) {
        size_t cap = b->colcap ? 2 * (size_t)b->colcap : 1024;
        if (resize(&lp->obj, cap, sizeof *lp->obj) ||
            resize(&lp->lb, cap, sizeof *lp->lb) ||
            resize(&lp->ub, cap, sizeof *lp->ub) ||
            (b->names && resize(&lp->cname, cap, sizeof *lp->cname))) {
            b->oom = 1;
            return -1;
        }
        b->colcap = (int)cap;
    }
    lp->obj[c] = obj;
    lp->lb[c] = lb;
    lp->ub[c] = ub;
    if (b->names && !(lp->cname[c] = make_name(b, pfx, id, id2, j, index))) {
        b->oom = 1;
        return -1;
    }
    lp->ncols++;
    return c;
}

/* rules.h. */
int kp__build_col(struct kp__build *b, double obj, double lb, double ub,
                  const char *pfx, const char *id, long index, int j)
{
    return add_col(b, obj, lb, ub, pfx, id, NULL, index, j);
}

/* rules.h. */
int kp__build_col2(struct kp__build *b, double obj, double lb, double ub,
                   const char *pfx, const char *id, const char *id2, long index)
{
    return add_col(b, obj, lb, ub, pfx, id, id2, index, 0);
}

/* rules.h. */
int kp__build_row(struct kp__build *b, double lo, double hi, const char *pfx,
                  const char *id, const char *id2, long index, int j)
{
    kp__lp *lp = b->lp;
    int r = lp->nrows;
    if (b->oom)
        return -1;
    if (r + 2 > b->rowcap) {
        size_t cap = b->rowcap ? 2 * (size_t)b->rowcap : 1024;
        if (resize(&lp->rlo, cap, sizeof *lp->rlo) ||
            resize(&lp->rhi, cap, sizeof *lp->rhi) ||
            resize(&lp->rstart, cap, sizeof *lp->rstart) ||
            (b->names && resize(&lp->rname, cap, sizeof *lp->rname))) {
            b->oom = 1;
            return -1;
        }
        b->rowcap = (int)cap;
    }
    lp->rlo[r] = lo;
    lp->rhi[r] = hi;
    lp->rstart[r] = (int)lp->nnz;
    lp->rstart[r + 1] = (int)lp->nnz;
    if (b->names && !(lp->rname[r] = make_name(b, pfx, id, id2, j, index))) {
        b->oom = 1;
        return -1;
    }
    lp->nrows++;
    return r;
}

/* rules.h. */
void kp__build_entry(struct kp__build *b, int col, double val)
{
    kp__lp *lp = b->lp;
    if (b->oom || col < 0 || val == 0)
        return;
    if (lp->nnz == lp->cap) {
        size_t cap = lp->cap ? 2 * lp->cap : 4096;
        if (resize(&lp->rind, cap, sizeof *lp->rind) ||
            resize(&lp->rval, cap, sizeof *lp->rval)) {
            b->oom = 1;
            return;
        }
        lp->cap = cap;
    }
    lp->rind[lp->nnz] = col;
    lp->rval[lp->nnz] = val;
    lp->nnz++;
    lp->rstart[lp->nrows] = (int)lp->nnz;
}

/* rules.h. */
void kp__build_account_sum(struct kp__build *b, int k, int use_cost)
{
    const kp_instance *in = b->in;
    for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
        int a = in->act_idx[i];
        const kp__activity *ac = &in->act[a];
        if (b->lp->x[a] < 0)
            continue;
        for (int j = 0; j < ac->max_count; j++)
            kp__build_entry(b, b->lp->x[a] + j, use_cost ? ac->cost : ac->hours);
    }
}

/* rules.h. */
int kp__build_dropped(const struct kp__build *b, int k, int rule)
{
    if (k < 0)
        return (b->o->drop & KP__RULE_BIT(rule)) != 0;
    return b->o->drop_acc && (b->o->drop_acc[k] & KP__RULE_BIT(rule)) != 0;
}
