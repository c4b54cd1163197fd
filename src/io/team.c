/*
 * team.c - the inputs of a team planned over periods (issue 15:
 * managers.csv, periods.csv and their columns), which this version of
 * kamplan does not plan yet. Each is refused with an error naming the file
 * (and, for a column, its header line and the column), so that a planner
 * who asks for managers or quarters is never handed a plan that silently
 * ignores them. An instance without them reads as before.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/io.h"

/* What a refused input asks for, in a planner's words. */
static const char MANAGERS[] =
    "managers (managers.csv, accounts' manager_id) are not supported yet";
static const char PERIODS[] =
    "periods (periods.csv, activities' earliest, latest, max_per_period) "
    "are not supported yet";

/* io.h: the refused columns of each file kind, NULL-terminated. */
const char *const KP__TEAM_ACCOUNTS[] = {"manager_id", NULL};
const char *const KP__TEAM_ACTIVITIES[] = {
    "earliest", "latest", "max_per_period", "period", NULL
};
const char *const KP__TEAM_SCENARIOS[] = {
    "manager_hours_scale", "period_hours_scale", NULL
};
const char *const KP__TEAM_PLAN[] = {"manager_id", "period", NULL};

/* Whether column name is about managers (else it is about periods). */
static int about_managers(const char *name)
{
    return strncmp(name, "manager", 7) == 0;
}

/* io.h. */
int kp__team_column(const struct kp__reader *r, const char *name)
{
    const char *const *refused = r->sc->refused;
    for (int i = 0; refused && refused[i]; i++) {
        if (strcmp(refused[i], name) != 0)
            continue;
        kp__diag(r->d, KP_ERROR, r->t->name, r->t->header_line, name,
                 "%s: remove the column to plan without them",
                 about_managers(name) ? MANAGERS : PERIODS);
        return 1;
    }
    return 0;
}

/* io.h. */
int kp__team_files(const char *dir, kp_diags *d)
{
    static const char *const FILES[2] = {"managers.csv", "periods.csv"};
    int errs = 0;
    for (int i = 0; i < 2; i++) {
        struct stat st;
        char *path = kp__path_join(dir, FILES[i]);
        if (!path)
            return -1;
        if (stat(path, &st) == 0) {
            kp__diag(d, KP_ERROR, path, 0, NULL,
                     "%s: remove the file to plan without them",
                     i == 0 ? MANAGERS : PERIODS);
            errs++;
        }
        free(path);
    }
    return errs;
}
