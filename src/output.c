/*
 * output.c - writes summary.csv, plan.csv and accounts.csv (MODEL.md,
 * "Outputs").
 *
 * All three files are written under temporary names in the output folder
 * and renamed into place only once all three are complete and flushed to
 * disk, so a failed or interrupted run never leaves a half-written file and
 * a failed run leaves the folder as it was.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

enum { F_SUMMARY, F_PLAN, F_ACCOUNTS, NFILES };

static const char *const NAMES[NFILES] = {"summary.csv", "plan.csv", "accounts.csv"};

/* Writes s as one CSV field, quoted only when it must be. */
static void put_text(FILE *f, const char *s)
{
    if (!s[strcspn(s, ",;\"\r\n")] && s[0] != ' ' &&
        (!s[0] || s[strlen(s) - 1] != ' ')) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Writes ",x" with x in shortest round-trip form; NaN leaves it empty. */
static void put_num(FILE *f, double x)
{
    char buf[40];
    fputc(',', f);
    if (kp__isset(x)) {
        kp__fmt_double(buf, sizeof buf, x);
        fputs(buf, f);
    }
}

static void write_summary(FILE *f, const kp_instance *in, kp_result *const *res,
                          size_t n)
{
    fputs("scenario,status,objective,bound,gap_pct,hours_used,hours_available,"
          "budget_used,budget_available,key_accounts,activities,seconds\n", f);
    for (size_t s = 0; s < n && s < in->nscen; s++) {
        kp_result_summary m;
        if (!res[s])
            continue;
        kp_result_get_summary(res[s], &m);
        int plan = m.status == KP_RES_OPTIMAL || m.status == KP_RES_FEASIBLE;
        put_text(f, in->scen[s].id);
        fprintf(f, ",%s", kp_result_status_name(m.status));
        put_num(f, plan ? m.objective : NAN);
        put_num(f, m.bound);
        put_num(f, plan ? m.gap_pct : NAN);
        put_num(f, plan ? m.hours_used : NAN);
        put_num(f, in->scen[s].hours);
        put_num(f, plan ? m.budget_used : NAN);
        put_num(f, in->scen[s].budget);
        put_num(f, plan ? m.key_accounts : NAN);
        put_num(f, plan ? m.activities : NAN);
        put_num(f, m.seconds);
        fputc('\n', f);
    }
}

static int has_plan(const kp_result *r)
{
    kp_result_summary m;
    if (!r)
        return 0;
    kp_result_get_summary(r, &m);
    return m.status == KP_RES_OPTIMAL || m.status == KP_RES_FEASIBLE;
}

static void write_plan(FILE *f, const kp_instance *in, kp_result *const *res,
                       size_t n)
{
    fputs("scenario,account_id,activity_id,kind,count,hours,cost,value\n", f);
    for (size_t s = 0; s < n && s < in->nscen; s++) {
        if (!has_plan(res[s]))
            continue;
        for (size_t a = 0; a < in->nact; a++) {
            const kp__activity *ac = &in->act[a];
            int c = kp_result_count(res[s], a);
            double v = 0;
            if (c <= 0)
                continue;
            for (int j = 1; j <= c; j++)
                v += kp__occurrence_value(ac, j);
            put_text(f, in->scen[s].id);
            fputc(',', f);
            put_text(f, in->acc[ac->account].id);
            fputc(',', f);
            put_text(f, ac->id);
            fputc(',', f);
            put_text(f, ac->kind);
            fprintf(f, ",%d", c);
            put_num(f, c * ac->hours);
            put_num(f, c * ac->cost);
            put_num(f, v);
            fputc('\n', f);
        }
    }
}

static void write_accounts(FILE *f, const kp_instance *in, kp_result *const *res,
                           size_t n)
{
    fputs("scenario,account_id,key,hours,cost,value,contacts_engaged,"
          "objectives_supported\n", f);
    for (size_t s = 0; s < n && s < in->nscen; s++) {
        if (!has_plan(res[s]))
            continue;
        for (size_t k = 0; k < in->nacc; k++) {
            double h = 0, c = 0, v = 0;
            int key = in->acc[k].status == KP_KEY, engaged = 0, supported = 0;
            for (int i = in->act_start[k]; i < in->act_start[k + 1]; i++) {
                int a = in->act_idx[i], cnt = kp_result_count(res[s], (size_t)a);
                key |= cnt > 0;
                h += cnt * in->act[a].hours;
                c += cnt * in->act[a].cost;
                for (int j = 1; j <= cnt; j++)
                    v += kp__occurrence_value(&in->act[a], j);
            }
            for (int i = in->con_start[k]; i < in->con_start[k + 1]; i++) {
                int ci = in->con_idx[i];
                for (int j = in->cact_start[ci]; j < in->cact_start[ci + 1]; j++) {
                    if (kp_result_count(res[s], (size_t)in->cact_idx[j]) > 0) {
                        engaged++;
                        break;
                    }
                }
            }
            for (int i = in->obj_start[k]; i < in->obj_start[k + 1]; i++) {
                int o = in->obj_idx[i];
                for (int j = in->oact_start[o]; j < in->oact_start[o + 1]; j++) {
                    if (kp_result_count(res[s], (size_t)in->oact_idx[j]) > 0) {
                        supported++;
                        v += in->obj[o].value;
                        break;
                    }
                }
            }
            put_text(f, in->scen[s].id);
            fputc(',', f);
            put_text(f, in->acc[k].id);
            fprintf(f, ",%d", key);
            put_num(f, h);
            put_num(f, c);
            put_num(f, v);
            fprintf(f, ",%d,%d\n", engaged, supported);
        }
    }
}

int kp_results_write(const kp_instance *in, kp_result *const *res, size_t n,
                     const char *outdir, kp_diags *d)
{
    char *tmp[NFILES] = {NULL}, *final[NFILES] = {NULL};
    int made_dir = 0, rc = KP_OK;
    struct stat st;

    if (stat(outdir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            kp__diag(d, KP_ERROR, outdir, 0, NULL, "exists and is not a folder");
            return KP_EIO;
        }
    } else if (mkdir(outdir, 0777) == 0) {
        made_dir = 1;
    } else {
        kp__diag(d, KP_ERROR, outdir, 0, NULL, "cannot create folder: %s",
                 strerror(errno));
        return KP_EIO;
    }
    for (int i = 0; i < NFILES; i++) {
        char name[64];
        snprintf(name, sizeof name, ".%s.XXXXXX", NAMES[i]);
        tmp[i] = kp__path_join(outdir, name);
        final[i] = kp__path_join(outdir, NAMES[i]);
        if (!tmp[i] || !final[i]) {
            rc = KP_ENOMEM;
            goto out;
        }
        int fd = mkstemp(tmp[i]);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!f) {
            kp__diag(d, KP_ERROR, final[i], 0, NULL, "cannot write: %s", strerror(errno));
            if (fd >= 0)
                close(fd);
            else
                tmp[i][0] = '\0';   /* nothing to remove */
            rc = KP_EIO;
            goto out;
        }
        if (i == F_SUMMARY)
            write_summary(f, in, res, n);
        else if (i == F_PLAN)
            write_plan(f, in, res, n);
        else
            write_accounts(f, in, res, n);
        int bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
        int err = errno;
        bad |= fclose(f) != 0;
        if (bad) {
            kp__diag(d, KP_ERROR, final[i], 0, NULL, "cannot write: %s", strerror(err));
            rc = KP_EIO;
            goto out;
        }
        chmod(tmp[i], 0644);   /* mkstemp made it 0600 */
    }
    for (int i = 0; i < NFILES; i++) {
        if (rename(tmp[i], final[i]) != 0) {
            kp__diag(d, KP_ERROR, final[i], 0, NULL, "cannot rename into place: %s",
                     strerror(errno));
            rc = KP_EIO;
            goto out;
        }
        tmp[i][0] = '\0';
    }
out:
    for (int i = 0; i < NFILES; i++) {
        if (tmp[i] && tmp[i][0])
            unlink(tmp[i]);
        free(tmp[i]);
        free(final[i]);
    }
    if (rc != KP_OK && made_dir)
        rmdir(outdir);
    return rc;
}
