/*
 * fixture.h - the instance scaffolding the unit tests share: writing an
 * instance's files into a temporary folder, the small instance whose
 * answers test_model.c and test_evaluate.c work out by hand, the random
 * numbers of the tiny random instances (test_explain.c and the brute-force
 * tests of brute.h) and removing the folder afterwards.
 *
 * Everything here is static inline (or marked unused), so a test includes
 * it whole and uses what it needs. A failure to write a file ends the test
 * with exit status 2: a broken fixture is not a finding about kamplan.
 */
#ifndef KP_FIXTURE_H
#define KP_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Opens dir/name for writing (replacing it); the caller closes it. */
static inline FILE *fx_open(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    return f;
}

/* Writes text as the whole of dir/name. */
static inline void fx_put(const char *dir, const char *name, const char *text)
{
    FILE *f = fx_open(dir, name);
    fputs(text, f);
    if (fclose(f) != 0) {
        perror(name);
        exit(2);
    }
}

/* The hand-worked instance: BIG buys the most but loses money and pays
 * late, so it meets only the sales criterion and does not qualify; GOOD
 * meets three (max_hours 10); KEY is forced, OUT is excluded; hours 9,
 * budget 120. */
static inline void fx_write_hand_instance(const char *dir)
{
    fx_put(dir, "accounts.csv",
           "id,name,sales,margin_pct,days_to_pay,access,status,max_hours\n"
           "BIG,Big Buyer,9000000,-3,95,1,auto,\n"
           "GOOD,Good Co,800000,12,30,4,auto,10\n"
           "KEY,Key Co,100,1,120,0,key,\n"
           "OUT,Out Co,5000000,20,10,5,exclude,\n");
    fx_put(dir, "contacts.csv",
           "id,account_id,influence,entrenched,stance\n"
           "g1,GOOD,5,yes,neutral\n"
           "g2,GOOD,2,no,opponent\n"
           "k1,KEY,1,no,supporter\n"
           "b1,BIG,3,no,neutral\n");
    fx_put(dir, "objectives.csv",
           "id,account_id,horizon,value\nGO,GOOD,long,100\nGZ,GOOD,short,0\n");
    fx_put(dir, "activities.csv",
           "id,account_id,hours,cost,value,contact_id,objective_id,max_count,decay,requires,group\n"
           "gm,GOOD,2,10,30,g1,,3,0.5,,\n"
           "gp,GOOD,5,100,50,,GO,1,1,gm,\n"
           "ga,GOOD,1,0,5,g2,,1,1,,alt\n"
           "gb,GOOD,1,0,6,g2,,1,1,,alt\n"
           "km,KEY,1,5,8,k1,,2,1,,\n"
           "bm,BIG,1,0,99,b1,,1,1,,\n"
           "gx,GOOD,1,0,1,,,1,1,bm,\n");
    fx_put(dir, "policy.csv",
           "key,value\nhours,9\nbudget,120\nmin_contacts,1\nopponent_influence,2\n"
           "min_sales,1000000\nmin_margin_pct,5\nmax_days_to_pay,60\nmin_access,3\n"
           "min_criteria,3\n");
}

/* The state of fx_rnd's xorshift generator: a test seeds it with a fixed
 * value so that its random instances are the same on every run. */
static uint64_t fx_rng_state __attribute__((unused));

/* A pseudo-random number in [0, n). */
static inline unsigned fx_rnd(unsigned n)
{
    fx_rng_state ^= fx_rng_state << 13;
    fx_rng_state ^= fx_rng_state >> 7;
    fx_rng_state ^= fx_rng_state << 17;
    return (unsigned)(fx_rng_state % n);
}

/* contacts.csv of the tiny random instances (test_explain.c, brute.h):
 * 1 to 3 contacts C<k>.<c> for each account A<k> of nacc, their number
 * into ncon[k], with random influence, entrenchment and stance. */
static inline void fx_write_contacts(const char *dir, int nacc, int *ncon)
{
    FILE *f = fx_open(dir, "contacts.csv");
    fprintf(f, "id,account_id,influence,entrenched,stance\n");
    for (int k = 0; k < nacc; k++) {
        ncon[k] = 1 + (int)fx_rnd(3);
        for (int c = 0; c < ncon[k]; c++) {
            static const char *const stance[] = {"supporter", "neutral", "opponent"};
            fprintf(f, "C%d.%d,A%d,%d,%s,%s\n", k, c, k, (int)fx_rnd(6),
                    fx_rnd(4) == 0 ? "yes" : "no", stance[fx_rnd(3)]);
        }
    }
    fclose(f);
}

/* Removes an instance's files from dir (those absent are skipped), then
 * dir itself when nothing else is left in it. */
static inline void fx_remove_instance(const char *dir)
{
    static const char *const names[] = {"accounts.csv", "contacts.csv",
                                        "objectives.csv", "activities.csv",
                                        "policy.csv", "scenarios.csv",
                                        "managers.csv", "periods.csv"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

#endif /* KP_FIXTURE_H */
