/* test_value.c — values (src/value.h) and regexes (src/regex.h): operators,
 * comparison, equality, `in`, truthiness, field access and indexing, string
 * context, secret propagation and masking, maps, and PCRE2 patterns. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "regex.h"
#include "unit.h"
#include "value.h"

/* Values made in a test are kept here and released by drain(). */
static Value pool_[1024];
static int npool_;
static Value K(Value v)
{
    if (npool_ < 1024)
        pool_[npool_++] = v;
    return v;
}
static void drain(void)
{
    while (npool_)
        val_release(pool_[--npool_]);
}

static char texts_[16][512];
static int ntext_;
static const char *keep_text(const char *s)
{
    char *t = texts_[ntext_++ % 16];
    snprintf(t, 512, "%s", s);
    return t;
}

static Value S(const char *s) { return K(val_cstring(s)); }
static Value SEC(const char *s) { return K(val_secret(s, strlen(s))); }
static Value J(const char *json)
{
    Value v;
    char *e;
    if (data_parse_json(json, strlen(json), &v, &e) < 0) {
        fprintf(stderr, "bad test JSON %s: %s\n", json, e);
        free(e);
        return val_null();
    }
    return K(v);
}

/* String context, unmasked / masked, and repr. */
static const char *txt(Value v)
{
    Buf b = {0};
    val_to_buf(v, &b, false);
    const char *t = keep_text(b.data ? b.data : "");
    buf_free(&b);
    return t;
}
static const char *masked(Value v)
{
    Buf b = {0};
    val_to_buf(v, &b, true);
    const char *t = keep_text(b.data ? b.data : "");
    buf_free(&b);
    return t;
}
static const char *repr(Value v)
{
    Buf b = {0};
    val_repr(v, &b);
    const char *t = keep_text(b.data ? b.data : "");
    buf_free(&b);
    return t;
}

typedef int (*BinOp)(Value, Value, Value *, char **);

/* "type:repr" of the result, or "error: message". */
static const char *bin(BinOp f, Value a, Value b)
{
    Value out;
    char *err = NULL;
    if (f(a, b, &out, &err) < 0) {
        char t[300];
        snprintf(t, sizeof t, "error: %s", err);
        free(err);
        return keep_text(t);
    }
    char t[400];
    snprintf(t, sizeof t, "%s:%s", val_type_name(out), repr(out));
    val_release(out);
    return keep_text(t);
}

static const char *cmp(Value a, int op, Value b)
{
    bool r;
    char *err = NULL;
    if (val_compare(a, b, op, &r, &err) < 0) {
        char t[300];
        snprintf(t, sizeof t, "error: %s", err);
        free(err);
        return keep_text(t);
    }
    return r ? "true" : "false";
}

static const char *in(Value needle, Value hay)
{
    bool r;
    char *err = NULL;
    if (val_in(needle, hay, &r, &err) < 0) {
        char t[300];
        snprintf(t, sizeof t, "error: %s", err);
        free(err);
        return keep_text(t);
    }
    return r ? "true" : "false";
}

static const char *idx(Value obj, Value i)
{
    return bin(val_index, obj, i);
}

#define I val_int
#define F val_float
#define D(ns) val_duration(ns)
#define SEC_NS 1000000000LL

TEST(add_numbers)
{
    CHECK_EQ_STR(bin(val_add, I(2), I(3)), "int:5");
    CHECK_EQ_STR(bin(val_add, I(2), F(0.5)), "float:2.5");
    CHECK_EQ_STR(bin(val_add, F(0.1), F(0.2)), "float:0.30000000000000004");
    CHECK_EQ_STR(bin(val_add, I(INT64_MAX), I(1)), "error: integer overflow");
    CHECK_EQ_STR(bin(val_sub, I(INT64_MIN), I(1)), "error: integer overflow");
    CHECK_EQ_STR(bin(val_mul, I(INT64_MAX), I(2)), "error: integer overflow");
    CHECK_EQ_STR(bin(val_sub, I(2), I(5)), "int:-3");
    CHECK_EQ_STR(bin(val_mul, I(-4), I(5)), "int:-20");
    CHECK_EQ_STR(bin(val_mul, F(1.5), I(2)), "float:3.0");
}

TEST(divide_and_remainder)
{
    CHECK_EQ_STR(bin(val_div, I(7), I(2)), "int:3");
    CHECK_EQ_STR(bin(val_div, I(-7), I(2)), "int:-3");
    CHECK_EQ_STR(bin(val_div, I(7), F(2)), "float:3.5");
    CHECK_EQ_STR(bin(val_div, I(7), I(0)), "error: division by zero");
    CHECK_EQ_STR(bin(val_div, F(7), F(0)), "error: division by zero");
    CHECK_EQ_STR(bin(val_mod, I(7), I(0)), "error: division by zero");
    CHECK_EQ_STR(bin(val_div, I(INT64_MIN), I(-1)), "error: integer overflow");
    CHECK_EQ_STR(bin(val_mod, I(INT64_MIN), I(-1)), "int:0");
    CHECK_EQ_STR(bin(val_mod, I(7), I(3)), "int:1");
    CHECK_EQ_STR(bin(val_mod, I(-7), I(3)), "int:-1");
    CHECK_EQ_STR(bin(val_mod, F(7.5), I(2)), "float:1.5");
}

TEST(negate)
{
    Value out;
    char *err = NULL;
    CHECK(val_neg(I(5), &out, &err) == 0 && out.as.i == -5);
    CHECK(val_neg(F(1.5), &out, &err) == 0 && out.as.f == -1.5);
    CHECK(val_neg(D(SEC_NS), &out, &err) == 0 && out.type == T_DURATION && out.as.i == -SEC_NS);
    CHECK(val_neg(I(INT64_MIN), &out, &err) < 0);
    CHECK_EQ_STR(err, "integer overflow");
    free(err);
    err = NULL;
    CHECK(val_neg(S("x"), &out, &err) < 0);
    CHECK_EQ_STR(err, "cannot negate string");
    free(err);
    drain();
}

TEST(durations)
{
    CHECK_EQ_STR(bin(val_add, D(3600 * SEC_NS), D(1800 * SEC_NS)), "duration:1h30m");
    CHECK_EQ_STR(bin(val_sub, D(60 * SEC_NS), D(30 * SEC_NS)), "duration:30s");
    CHECK_EQ_STR(bin(val_mul, D(30 * SEC_NS), I(2)), "duration:1m");
    CHECK_EQ_STR(bin(val_mul, I(3), D(SEC_NS)), "duration:3s");
    CHECK_EQ_STR(bin(val_mul, D(SEC_NS), F(1.5)), "duration:1.5s");
    CHECK_EQ_STR(bin(val_div, D(60 * SEC_NS), I(4)), "duration:15s");
    CHECK_EQ_STR(bin(val_div, D(60 * SEC_NS), D(30 * SEC_NS)), "float:2.0");
    CHECK_EQ_STR(bin(val_div, D(SEC_NS), I(0)), "error: division by zero");
    CHECK_EQ_STR(bin(val_div, D(SEC_NS), D(0)), "error: division by zero");
    CHECK_EQ_STR(bin(val_add, D(SEC_NS), I(1)), "error: cannot add duration and int");
    CHECK_EQ_STR(bin(val_mul, D(SEC_NS), D(SEC_NS)), "error: cannot multiply duration by duration");
    CHECK_EQ_STR(bin(val_mul, D(INT64_MAX / 2), I(3)), "error: duration overflow");
    CHECK_EQ_STR(bin(val_div, I(2), D(SEC_NS)), "error: cannot divide int by duration");
    CHECK_EQ_STR(cmp(D(SEC_NS), '<', D(2 * SEC_NS)), "true");
    CHECK_EQ_STR(cmp(D(SEC_NS), '<', I(2)), "error: cannot compare duration and int");
}

TEST(add_strings_lists_maps)
{
    CHECK_EQ_STR(bin(val_add, S("ab"), S("cd")), "string:\"abcd\"");
    CHECK_EQ_STR(bin(val_add, J("[1,2]"), J("[3]")), "list:[1,2,3]");
    CHECK_EQ_STR(bin(val_add, J("[]"), J("[]")), "list:[]");
    CHECK_EQ_STR(bin(val_add, J("{\"a\":1,\"b\":2}"), J("{\"c\":3,\"a\":9}")),
                 "map:{\"a\":9,\"b\":2,\"c\":3}");
    CHECK_EQ_STR(bin(val_add, S("a"), I(1)), "error: cannot add string and int");
    CHECK_EQ_STR(bin(val_add, I(1), S("a")), "error: cannot add int and string");
    CHECK_EQ_STR(bin(val_add, J("[1]"), J("{}")), "error: cannot add list and map");
    CHECK_EQ_STR(bin(val_sub, S("a"), I(1)), "error: cannot subtract int from string");
    CHECK_EQ_STR(bin(val_mul, S("a"), I(3)), "error: cannot multiply string by int");
    CHECK_EQ_STR(bin(val_add, val_null(), I(1)), "error: cannot add null and int");
    CHECK_EQ_STR(bin(val_add, val_bool(true), I(1)), "error: cannot add bool and int");
    drain();
}

TEST(maps_are_not_changed_by_merge)
{
    Value a = J("{\"x\":1}"), b = J("{\"x\":2}");
    CHECK_EQ_STR(bin(val_add, a, b), "map:{\"x\":2}");
    CHECK_EQ_STR(txt(a), "{\"x\":1}");
    CHECK_EQ_STR(txt(b), "{\"x\":2}");
    drain();
}

TEST(unknown_propagates_through_arithmetic)
{
    CHECK_EQ_STR(bin(val_add, val_unknown(), I(1)), "unknown:(known after run)");
    CHECK_EQ_STR(bin(val_mul, S("x"), val_unknown()), "unknown:(known after run)");
    Value f = val_field(val_unknown(), "a", 1);
    CHECK(f.type == T_UNKNOWN);
    CHECK_EQ_STR(idx(val_unknown(), I(0)), "unknown:(known after run)");
    drain();
}

TEST(compare)
{
    CHECK_EQ_STR(cmp(I(1), '<', I(2)), "true");
    CHECK_EQ_STR(cmp(I(2), 'l', I(2)), "true");
    CHECK_EQ_STR(cmp(I(2), '>', I(2)), "false");
    CHECK_EQ_STR(cmp(I(2), 'g', I(2)), "true");
    CHECK_EQ_STR(cmp(I(1), '<', F(1.5)), "true");
    CHECK_EQ_STR(cmp(F(1.5), '<', I(1)), "false");
    CHECK_EQ_STR(cmp(I(INT64_MAX), '<', F(9223372036854775808.0)), "true");
    CHECK_EQ_STR(cmp(I(9007199254740993LL), '>', F(9007199254740992.0)), "true");
    CHECK_EQ_STR(cmp(F(NAN), '<', I(1)), "false");
    CHECK_EQ_STR(cmp(F(NAN), 'g', I(1)), "false");
    CHECK_EQ_STR(cmp(S("abc"), '<', S("abd")), "true");
    CHECK_EQ_STR(cmp(S("ab"), '<', S("abc")), "true");
    CHECK_EQ_STR(cmp(S("b"), '>', S("abc")), "true");
    CHECK_EQ_STR(cmp(S("\xc3\xa9"), '>', S("z")), "true"); /* bytewise */
    CHECK_EQ_STR(cmp(J("[1]"), '<', I(1)), "error: cannot compare list and int");
    CHECK_EQ_STR(cmp(S("1"), '<', I(2)), "error: cannot compare string and int");
    CHECK_EQ_STR(cmp(val_null(), '<', val_null()), "error: cannot compare null and null");
    CHECK_EQ_STR(cmp(val_bool(false), '<', val_bool(true)), "error: cannot compare bool and bool");
    drain();
}

TEST(equality)
{
    CHECK(val_equal(I(1), F(1.0)));
    CHECK(val_equal(F(1.0), I(1)));
    CHECK(!val_equal(I(1), F(1.5)));
    CHECK(!val_equal(I(1), S("1")));
    CHECK(!val_equal(I(1), D(1)));
    CHECK(val_equal(D(5), D(5)));
    CHECK(val_equal(val_null(), val_null()));
    CHECK(!val_equal(val_null(), val_bool(false)));
    CHECK(val_equal(S("abc"), S("abc")));
    CHECK(val_equal(S("abc"), SEC("abc")));
    CHECK(!val_equal(S("abc"), S("abd")));
    CHECK(val_equal(J("[1,[2,{\"a\":null}]]"), J("[1.0,[2,{\"a\":null}]]")));
    CHECK(!val_equal(J("[1,2]"), J("[2,1]")));
    CHECK(!val_equal(J("[1,2]"), J("[1,2,3]")));
    CHECK(val_equal(J("{\"a\":1,\"b\":2}"), J("{\"b\":2,\"a\":1}")));
    CHECK(!val_equal(J("{\"a\":1}"), J("{\"a\":1,\"b\":2}")));
    CHECK(!val_equal(J("{\"a\":1}"), J("{\"b\":1}")));
    CHECK(!val_equal(F(NAN), F(NAN)));
    CHECK(!val_equal(val_unknown(), val_unknown()));
    CHECK(!val_equal(J("[]"), J("{}")));
    drain();
}

TEST(hash_agrees_with_equality)
{
    CHECK(val_hash(I(1)) == val_hash(F(1.0)));
    CHECK(val_hash(S("x")) == val_hash(SEC("x")));
    CHECK(val_hash(J("{\"a\":1,\"b\":[2]}")) == val_hash(J("{\"b\":[2.0],\"a\":1}")));
    CHECK(val_hash(I(1)) != val_hash(I(2)));
    drain();
}

TEST(in_operator)
{
    CHECK_EQ_STR(in(I(2), J("[1,2,3]")), "true");
    CHECK_EQ_STR(in(F(2.0), J("[1,2,3]")), "true");
    CHECK_EQ_STR(in(I(4), J("[1,2,3]")), "false");
    CHECK_EQ_STR(in(J("[1]"), J("[[1],2]")), "true");
    CHECK_EQ_STR(in(S("a"), J("{\"a\":null}")), "true");
    CHECK_EQ_STR(in(S("b"), J("{\"a\":1}")), "false");
    CHECK_EQ_STR(in(S("ell"), S("hello")), "true");
    CHECK_EQ_STR(in(S(""), S("hello")), "true");
    CHECK_EQ_STR(in(S("hello!"), S("hello")), "false");
    CHECK_EQ_STR(in(S("lo"), S("hello")), "true");
    CHECK_EQ_STR(in(I(1), S("123")), "error: cannot look for int in string");
    CHECK_EQ_STR(in(I(1), J("{\"1\":1}")), "error: cannot look for int in map");
    CHECK_EQ_STR(in(I(1), I(1)), "error: cannot look for int in int");
    CHECK_EQ_STR(in(S("x"), val_null()), "error: cannot look for string in null");
    drain();
}

TEST(truthiness)
{
    CHECK(!val_truthy(val_null()));
    CHECK(!val_truthy(val_bool(false)));
    CHECK(val_truthy(val_bool(true)));
    CHECK(!val_truthy(I(0)));
    CHECK(val_truthy(I(-1)));
    CHECK(!val_truthy(F(0.0)));
    CHECK(val_truthy(F(0.1)));
    CHECK(!val_truthy(D(0)));
    CHECK(val_truthy(D(1)));
    CHECK(!val_truthy(S("")));
    CHECK(val_truthy(S("false")));
    CHECK(val_truthy(S("0")));
    CHECK(!val_truthy(J("[]")));
    CHECK(val_truthy(J("[null]")));
    CHECK(!val_truthy(J("{}")));
    CHECK(val_truthy(J("{\"a\":null}")));
    drain();
}

TEST(field_access)
{
    Value m = J("{\"a\":{\"b\":{\"c\":42}},\"n\":null}");
    Value a = K(val_field(m, "a", 1));
    Value b = K(val_field(a, "b", 1));
    Value c = K(val_field(b, "c", 1));
    CHECK_EQ_STR(repr(c), "42");
    CHECK(K(val_field(m, "zz", 2)).type == T_NULL);
    Value n = K(val_field(m, "n", 1));
    CHECK(n.type == T_NULL);
    CHECK(K(val_field(n, "deeper", 6)).type == T_NULL);
    CHECK(K(val_field(I(3), "x", 1)).type == T_NULL);
    CHECK(K(val_field(S("s"), "len", 3)).type == T_NULL);
    CHECK(K(val_field(J("[1]"), "x", 1)).type == T_NULL);
    drain();
}

TEST(indexing)
{
    Value l = J("[10,20,30]");
    CHECK_EQ_STR(idx(l, I(0)), "int:10");
    CHECK_EQ_STR(idx(l, I(2)), "int:30");
    CHECK_EQ_STR(idx(l, I(-1)), "int:30");
    CHECK_EQ_STR(idx(l, I(-3)), "int:10");
    CHECK_EQ_STR(idx(l, I(3)), "null:null");
    CHECK_EQ_STR(idx(l, I(-4)), "null:null");
    CHECK_EQ_STR(idx(l, I(INT64_MIN)), "null:null");
    CHECK_EQ_STR(idx(l, S("0")), "error: a list index must be an int, got string");
    CHECK_EQ_STR(idx(l, F(1.0)), "error: a list index must be an int, got float");
    Value m = J("{\"k\":\"v\"}");
    CHECK_EQ_STR(idx(m, S("k")), "string:\"v\"");
    CHECK_EQ_STR(idx(m, S("nope")), "null:null");
    /* map keys are strings; an int index means its decimal text (captures[1]) */
    Value m2 = J("{\"0\":\"zero\",\"12\":\"twelve\"}");
    CHECK_EQ_STR(idx(m2, I(0)), "string:\"zero\"");
    CHECK_EQ_STR(idx(m2, I(12)), "string:\"twelve\"");
    CHECK_EQ_STR(idx(m, I(0)), "null:null");
    CHECK_EQ_STR(idx(m, F(1.0)), "error: a map key must be a string, got float");
    CHECK_EQ_STR(idx(val_null(), I(0)), "null:null");
    CHECK_EQ_STR(idx(val_null(), S("x")), "null:null");
    CHECK_EQ_STR(idx(S("abc"), I(0)), "error: cannot index string");
    CHECK_EQ_STR(idx(I(5), I(0)), "error: cannot index int");
    drain();
}

TEST(string_context)
{
    CHECK_EQ_STR(txt(S("raw \"text\"")), "raw \"text\"");
    CHECK_EQ_STR(txt(I(-42)), "-42");
    CHECK_EQ_STR(txt(F(2.0)), "2.0");
    CHECK_EQ_STR(txt(F(0.1)), "0.1");
    CHECK_EQ_STR(txt(F(2.5)), "2.5");
    CHECK_EQ_STR(txt(F(-0.0)), "-0.0");
    CHECK_EQ_STR(txt(F(1e20)), "1e+20");
    CHECK_EQ_STR(txt(F(1.0 / 3)), "0.3333333333333333");
    CHECK_EQ_STR(txt(F(INFINITY)), "inf");
    CHECK_EQ_STR(txt(F(-INFINITY)), "-inf");
    CHECK_EQ_STR(txt(F(NAN)), "nan");
    CHECK_EQ_STR(txt(D(5400 * SEC_NS)), "1h30m");
    CHECK_EQ_STR(txt(D(500000000)), "500ms");
    CHECK_EQ_STR(txt(val_bool(true)), "true");
    CHECK_EQ_STR(txt(val_bool(false)), "false");
    CHECK_EQ_STR(txt(val_null()), "");
    CHECK_EQ_STR(txt(val_unknown()), "(known after run)");
    CHECK_EQ_STR(txt(J("[1,\"a\",null,true,{\"k\":[]}]")), "[1,\"a\",null,true,{\"k\":[]}]");
    drain();
}

TEST(float_text_reads_back)
{
    double xs[] = {0.1, 1.0 / 3, 123456.789, 5e-324, 1.7976931348623157e308, 100.0, 1e15,
                   1e16, 12345678901234567.0};
    for (size_t i = 0; i < sizeof xs / sizeof *xs; i++) {
        Buf b = {0};
        val_format_float(xs[i], &b);
        CHECK(strtod(b.data, NULL) == xs[i]);
        CHECK(strpbrk(b.data, ".e") != NULL);
        buf_free(&b);
    }
}

TEST(repr)
{
    CHECK_EQ_STR(repr(S("abc")), "\"abc\"");
    CHECK_EQ_STR(repr(S("a\"b\n")), "\"a\\\"b\\n\"");
    CHECK_EQ_STR(repr(val_null()), "null");
    CHECK_EQ_STR(repr(I(3)), "3");
    CHECK_EQ_STR(repr(D(SEC_NS)), "1s");
    CHECK_EQ_STR(repr(J("[\"x\"]")), "[\"x\"]");
    CHECK_EQ_STR(repr(SEC("hunter2")), "***");
    drain();
}

TEST(type_names)
{
    CHECK_EQ_STR(val_type_name(val_null()), "null");
    CHECK_EQ_STR(val_type_name(val_bool(true)), "bool");
    CHECK_EQ_STR(val_type_name(I(1)), "int");
    CHECK_EQ_STR(val_type_name(F(1)), "float");
    CHECK_EQ_STR(val_type_name(D(1)), "duration");
    CHECK_EQ_STR(val_type_name(S("x")), "string");
    CHECK_EQ_STR(val_type_name(SEC("x")), "secret");
    CHECK_EQ_STR(val_type_name(J("[]")), "list");
    CHECK_EQ_STR(val_type_name(J("{}")), "map");
    CHECK_EQ_STR(val_type_name(val_unknown()), "unknown");
    drain();
}

TEST(secrets_propagate_and_mask)
{
    Value tok = SEC("hunter2");
    Value out;
    char *err = NULL;
    REQUIRE(val_add(S("Bearer "), tok, &out, &err) == 0);
    K(out);
    CHECK(val_is_secret(out));
    CHECK_EQ_STR(txt(out), "Bearer hunter2");
    CHECK_EQ_STR(masked(out), "***");
    CHECK_EQ_STR(val_type_name(out), "secret");
    REQUIRE(val_add(tok, S("!"), &out, &err) == 0);
    K(out);
    CHECK(val_is_secret(out));
    /* Inside a list, a secret is masked in string context. */
    Value l = K(val_list_from(&tok, 1));
    CHECK_EQ_STR(masked(l), "[\"***\"]");
    CHECK_EQ_STR(txt(l), "[\"hunter2\"]");
    CHECK(val_has_secret(l));
    CHECK(!val_has_secret(J("[\"a\",{\"b\":1}]")));
    Value ms = K(val_make_secret(J("{\"a\":[\"x\",1]}")));
    CHECK_EQ_STR(masked(ms), "{\"a\":[\"***\",1]}");
    /* Errors name the type, never the text. */
    CHECK_EQ_STR(bin(val_sub, tok, I(1)), "error: cannot subtract int from secret");
    drain();
}

TEST(strings_are_copied_and_terminated)
{
    char src[] = "abc";
    Value v = K(val_string(src, 3));
    src[0] = 'X';
    CHECK_EQ_STR(val_str(v)->data, "abc");
    Value z = K(val_string("a\0b", 3));
    CHECK_EQ_INT(val_str(z)->len, 3);
    CHECK(val_str(z)->data[3] == '\0');
    Buf b = {0};
    buf_adds(&b, "taken");
    Value t = K(val_string_take(&b, true));
    CHECK(b.data == NULL);
    CHECK_EQ_STR(val_str(t)->data, "taken");
    CHECK(val_is_secret(t));
    Buf e = {0};
    Value te = K(val_string_take(&e, false));
    CHECK_EQ_INT(val_str(te)->len, 0);
    drain();
}

TEST(map_basics)
{
    Map *m = map_new(0);
    char key[16];
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof key, "k%d", i);
        map_put_cstr(m, key, val_int(i));
    }
    map_put_cstr(m, "k5", val_int(-5)); /* replaces in place */
    CHECK_EQ_INT(m->len, 100);
    CHECK_EQ_STR(m->keys[0]->data, "k0");
    CHECK_EQ_STR(m->keys[99]->data, "k99");
    CHECK_EQ_INT(map_get(m, "k5", 2).as.i, -5);
    CHECK_EQ_INT(map_get(m, "k77", 3).as.i, 77);
    CHECK(map_get(m, "k100", 4).type == T_ABSENT);
    CHECK(map_get(m, "k", 1).type == T_ABSENT);
    Value mv = K(val_obj(&m->hdr));
    Value c = K(map_copy(m));
    CHECK(val_equal(mv, c));
    map_put_cstr(val_map(c), "new", val_null());
    CHECK_EQ_INT(val_map(c)->len, 101);
    CHECK_EQ_INT(m->len, 100);
    CHECK(!val_equal(mv, c));
    Map *e = map_new(4);
    CHECK(map_get(e, "", 0).type == T_ABSENT);
    map_put_cstr(e, "", val_int(1));
    CHECK_EQ_INT(map_get(e, "", 0).as.i, 1);
    K(val_obj(&e->hdr));
    drain();
}

TEST(list_basics)
{
    List *l = list_new(3);
    CHECK(l->items[0].type == T_NULL);
    l->items[1] = val_cstring("x");
    Value lv = K(val_obj(&l->hdr));
    Value items[2] = {S("a"), I(1)};
    Value l2 = K(val_list_from(items, 2));
    CHECK_EQ_STR(txt(l2), "[\"a\",1]");
    CHECK_EQ_STR(txt(lv), "[null,\"x\",null]");
    drain();
}

/* ---- regexes ---------------------------------------------------------- */

static Value RE(const char *pat, const char *flags)
{
    char *err = NULL;
    size_t off = 0;
    Value r = regex_compile(pat, strlen(pat), flags, &err, &off);
    if (r.type != T_REGEX) {
        fprintf(stderr, "regex %s: %s\n", pat, err);
        free(err);
    }
    return K(r);
}

static const char *match(Value re, const char *subject)
{
    Value caps;
    char *err = NULL;
    int rc = regex_match(re, subject, strlen(subject), &caps, &err);
    if (rc < 0) {
        char t[300];
        snprintf(t, sizeof t, "error: %s", err);
        free(err);
        return keep_text(t);
    }
    if (rc == 0)
        return caps.type == T_NULL ? "no match" : "no match, but captures set";
    const char *t = txt(caps);
    val_release(caps);
    return t;
}

TEST(regex_compile_errors)
{
    char *err = NULL;
    size_t off = 99;
    Value r = regex_compile("ab(c", 4, "", &err, &off);
    CHECK(r.type == T_NULL);
    CHECK(err != NULL && strstr(err, "missing closing parenthesis") != NULL);
    CHECK_EQ_INT(off, 4);
    free(err);
    err = NULL;
    r = regex_compile("a[z-a]", 6, "", &err, &off);
    CHECK(r.type == T_NULL);
    CHECK_EQ_INT(off, 4);
    free(err);
    err = NULL;
    r = regex_compile("abc", 3, "iq", &err, &off);
    CHECK(r.type == T_NULL);
    CHECK_EQ_STR(err, "unknown regex flag 'q' (flags are i, m, s, x)");
    CHECK_EQ_INT(off, 3);
    free(err);
    err = NULL;
    r = regex_compile("\xff", 1, "", &err, &off); /* invalid UTF-8 pattern */
    CHECK(r.type == T_NULL);
    CHECK_EQ_INT(off, 0);
    free(err);
}

TEST(regex_text_and_flags)
{
    Value r = RE("a+b", "xsi");
    REQUIRE(r.type == T_REGEX);
    CHECK_EQ_STR(txt(r), "/a+b/isx");
    CHECK_EQ_STR(regex_flags(r), "isx");
    size_t n;
    const char *p = regex_pattern(r, &n);
    CHECK_EQ_INT(n, 3);
    CHECK(memcmp(p, "a+b", 3) == 0);
    CHECK_EQ_STR(val_type_name(r), "regex");
    CHECK(val_truthy(r));
    CHECK(K(val_field(r, "x", 1)).type == T_NULL);
    drain();
}

TEST(regex_captures)
{
    Value r = RE("(\\d+)\\.(\\d+)(?:\\.(\\d+))?", "");
    CHECK_EQ_STR(match(r, "version 1.25 ok"), "{\"0\":\"1.25\",\"1\":\"1\",\"2\":\"25\",\"3\":null}");
    CHECK_EQ_STR(match(r, "v3.4.5"), "{\"0\":\"3.4.5\",\"1\":\"3\",\"2\":\"4\",\"3\":\"5\"}");
    CHECK_EQ_STR(match(r, "none"), "no match");
    Value named = RE("(?<major>\\d+)\\.(?<minor>\\d+)", "");
    CHECK_EQ_STR(match(named, "1.25"),
                 "{\"0\":\"1.25\",\"1\":\"1\",\"2\":\"25\",\"major\":\"1\",\"minor\":\"25\"}");
    drain();
}

TEST(regex_flags_work)
{
    CHECK_EQ_STR(match(RE("abc", "i"), "xABCx"), "{\"0\":\"ABC\"}");
    CHECK_EQ_STR(match(RE("abc", ""), "xABCx"), "no match");
    CHECK_EQ_STR(match(RE("^b$", "m"), "a\nb\nc"), "{\"0\":\"b\"}");
    CHECK_EQ_STR(match(RE("^b$", ""), "a\nb\nc"), "no match");
    CHECK_EQ_STR(match(RE("a.b", "s"), "a\nb"), "{\"0\":\"a\\nb\"}");
    CHECK_EQ_STR(match(RE("a.b", ""), "a\nb"), "no match");
    CHECK_EQ_STR(match(RE("a b # comment", "x"), "ab"), "{\"0\":\"ab\"}");
    drain();
}

TEST(regex_utf8)
{
    CHECK_EQ_STR(match(RE("^.$", ""), "\xc3\xa9"), "{\"0\":\"\xc3\xa9\"}");
    /* Invalid UTF-8 in the subject is no error. */
    CHECK_EQ_STR(match(RE("b", ""), "a\xff" "b"), "{\"0\":\"b\"}");
    drain();
}

TEST(regex_catastrophic_pattern_is_bounded)
{
    Value r = RE("^(a|a)*$", "");
    char subject[64];
    memset(subject, 'a', 40);
    subject[40] = 'b';
    subject[41] = '\0';
    const char *res = match(r, subject);
    CHECK(strncmp(res, "error: regex match failed", 25) == 0);
    drain();
}

TEST(regex_secret_subject_gives_secret_captures)
{
    Value r = RE("token=(\\w+)", "");
    Value caps;
    char *err = NULL;
    const char *s = "token=abc123";
    REQUIRE(regex_match_ex(r, s, strlen(s), true, &caps, &err) == 1);
    K(caps);
    CHECK_EQ_STR(masked(caps), "{\"0\":\"***\",\"1\":\"***\"}");
    drain();
}

UNIT_MAIN()
