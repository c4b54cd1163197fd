/*
 * test_json.c - the pieces of --format json: diagnostics keep their parts,
 * JSON strings escape what JSON requires and nothing else, and a table
 * written through kp__tab says the same in CSV and in JSON.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>

#include "harness.h"
#include "results/results.h"

/* What fn(f, arg) writes, as a malloc'd string. */
static char *capture(void (*fn)(FILE *f, const void *arg), const void *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fn(f, arg);
    fclose(f);
    return buf;
}

static void write_string(FILE *f, const void *arg) { kp_json_string(f, arg); }

static void diags_parts_are_kept(void)
{
    kp_diags *d = kp_diags_new();
    kp_diags_add(d, KP_ERROR, "accounts.csv", 7, "sales", "\"x\" is not a number");
    kp_diags_add(d, KP_WARNING, NULL, 0, NULL, "scenario base: infeasible");
    kp_diags_add(d, KP_ERROR, "a\nb.csv", 0, NULL, "tab\tand\x1b[31m escape");

    ASSERT_EQ(kp_diags_count(d), 3);
    ASSERT_EQ(kp_diags_errors(d), 2);
    ASSERT_STR(kp_diags_message(d, 0), "accounts.csv:7: column 'sales': \"x\" is not a number");
    ASSERT_STR(kp_diags_file(d, 0), "accounts.csv");
    ASSERT_EQ(kp_diags_line(d, 0), 7);
    ASSERT_STR(kp_diags_column(d, 0), "sales");
    ASSERT_STR(kp_diags_text(d, 0), "\"x\" is not a number");
    /* No file, line or column: NULL, 0, NULL, and the text is the message. */
    ASSERT_TRUE(kp_diags_file(d, 1) == NULL);
    ASSERT_EQ(kp_diags_line(d, 1), 0);
    ASSERT_TRUE(kp_diags_column(d, 1) == NULL);
    ASSERT_STR(kp_diags_text(d, 1), kp_diags_message(d, 1));
    /* Control characters are escaped in every part; tabs are kept. */
    ASSERT_STR(kp_diags_file(d, 2), "a\\nb.csv");
    ASSERT_STR(kp_diags_text(d, 2), "tab\tand\\x1B[31m escape");
    ASSERT_STR(kp_diags_message(d, 2), "a\\nb.csv: tab\tand\\x1B[31m escape");
    /* Long messages are kept whole, never cut (inside a UTF-8 character,
     * say): a file name and a text of 3,000 bytes each. */
    char *big = malloc(3001);
    for (int i = 0; i < 3000; i += 2)
        memcpy(big + i, "\xc3\xa4", 2);
    big[3000] = '\0';
    kp__diag(d, KP_WARNING, big, 2, NULL, "%s!", big);
    ASSERT_EQ(strlen(kp_diags_text(d, 3)), 3001);
    ASSERT_EQ(strlen(kp_diags_message(d, 3)), 3000 + 4 + 3001);
    ASSERT_STR(kp_diags_file(d, 3), big);
    free(big);
    /* Out of range: NULL and 0. */
    ASSERT_TRUE(kp_diags_text(d, 4) == NULL && kp_diags_line(d, 4) == 0);
    kp_diags_free(d);
}

static void json_strings_escape_what_json_requires(void)
{
    char *s = capture(write_string, "say \"hi\" \\ a\tb\nc\x01\x7f näme ☃");
    ASSERT_STR(s, "\"say \\\"hi\\\" \\\\ a\\tb\\nc\\u0001\\u007f näme ☃\"");
    free(s);
    s = capture(write_string, "");
    ASSERT_STR(s, "\"\"");
    free(s);
}

/* One table with a text, a missing text, a number, NaN and an int. */
static void body(kp__tab *t, int i, const void *info)
{
    (void)i;
    (void)info;
    kp__tab_begin(t, "rows", "id,note,value,bound,count");
    kp__tab_text(t, "a,b");
    kp__tab_text(t, NULL);
    kp__tab_num(t, 0.1);
    kp__tab_num(t, NAN);
    kp__tab_int(t, 3);
    kp__tab_row_end(t);
    kp__tab_text(t, "c");
    kp__tab_text(t, "");
    kp__tab_num(t, 1e15);
    kp__tab_num(t, -2.5);
    kp__tab_int(t, 0);
    kp__tab_row_end(t);
    kp__tab_end(t);
}

static void csv_table(FILE *f, const void *arg)
{
    kp__tab t;
    (void)arg;
    kp__tab_init(&t, f, 0);
    body(&t, 0, NULL);
}

static void json_tables(FILE *f, const void *arg)
{
    (void)arg;
    kp__json_tables(f, body, 2, NULL);
}

static void a_table_is_the_same_in_csv_and_json(void)
{
    char *csv = capture(csv_table, NULL), *json = capture(json_tables, NULL);
    ASSERT_STR(csv, "id,note,value,bound,count\n\"a,b\",,0.1,,3\nc,,1000000000000000,-2.5,0\n");
    ASSERT_STR(json, "{\"rows\":[{\"id\":\"a,b\",\"note\":null,\"value\":0.1,\"bound\":null,"
                     "\"count\":3},{\"id\":\"c\",\"note\":null,\"value\":1000000000000000,"
                     "\"bound\":-2.5,\"count\":0}],"
                     "\"rows\":[{\"id\":\"a,b\",\"note\":null,\"value\":0.1,\"bound\":null,"
                     "\"count\":3},{\"id\":\"c\",\"note\":null,\"value\":1000000000000000,"
                     "\"bound\":-2.5,\"count\":0}]}");
    free(csv);
    free(json);
}

int main(void)
{
    diags_parts_are_kept();
    json_strings_escape_what_json_requires();
    a_table_is_the_same_in_csv_and_json();
    TEST_END();
}
