/*
 * test_base.c - the bottom layer's growable strings: text of any length,
 * built piece by piece, handed over whole.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "base/base.h"

/* An empty string reads as "" and is handed over as "". */
static void test_empty(void)
{
    kp__str s = KP__STR_INIT;
    ASSERT_STR(kp__str_get(&s), "");
    char *p = kp__str_take(&s);
    ASSERT_STR(p, "");
    free(p);
    ASSERT_TRUE(s.buf == NULL && s.len == 0);
}

/* Pieces are appended in order, formatted as printf would. */
static void test_pieces(void)
{
    kp__str s = KP__STR_INIT;
    ASSERT_EQ(kp__str_add(&s, "Keeping "), 0);
    ASSERT_EQ(kp__str_addf(&s, "%s costs %d", "ORCA", 51960), 0);
    ASSERT_STR(kp__str_get(&s), "Keeping ORCA costs 51960");
    ASSERT_EQ(s.len, strlen("Keeping ORCA costs 51960"));
    kp__str_free(&s);
    ASSERT_TRUE(s.buf == NULL);
}

/* A text far past any fixed buffer the code used to have (256 or 512
 * bytes) is kept whole. */
static void test_long(void)
{
    kp__str s = KP__STR_INIT;
    for (int i = 0; i < 10000; i++)
        kp__str_addf(&s, "%04d,", i % 10000);
    char *p = kp__str_take(&s);
    ASSERT_TRUE(p != NULL);
    ASSERT_EQ(strlen(p), 50000);
    ASSERT_TRUE(strncmp(p, "0000,0001,", 10) == 0);
    ASSERT_TRUE(strcmp(p + 49995, "9999,") == 0);
    free(p);
}

int main(void)
{
    test_empty();
    test_pieces();
    test_long();
    TEST_END();
}
