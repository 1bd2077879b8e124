/* test_data.c — JSON and YAML in and out (src/data.h) and parameter
 * coercion and sources (src/params.h). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "params.h"
#include "unit.h"
#include "value.h"

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

static char texts_[16][2048];
static int ntext_;
static const char *keep_text(const char *s)
{
    char *t = texts_[ntext_++ % 16];
    snprintf(t, 2048, "%s", s);
    return t;
}

/* Parse; "type:json" of the value, or "error: message". */
static Value last_;
static const char *parse_with(int (*f)(const char *, size_t, Value *, char **), const char *text,
                              size_t len)
{
    Value v;
    char *err = NULL;
    if (f(text, len, &v, &err) < 0) {
        char t[600];
        snprintf(t, sizeof t, "error: %s", err);
        free(err);
        last_ = val_null();
        return keep_text(t);
    }
    last_ = K(v);
    Buf b = {0};
    buf_printf(&b, "%s:", val_type_name(v));
    data_write_json(v, &b, false);
    const char *t = keep_text(b.data);
    buf_free(&b);
    return t;
}
static const char *Y(const char *text) { return parse_with(data_parse_yaml, text, strlen(text)); }
static const char *JS(const char *text) { return parse_with(data_parse_json, text, strlen(text)); }

static const char *to_json(Value v)
{
    Buf b = {0};
    data_write_json(v, &b, false);
    const char *t = keep_text(b.data ? b.data : "");
    buf_free(&b);
    return t;
}
static const char *to_yaml(Value v, bool mask)
{
    Buf b = {0};
    data_write_yaml(v, &b, mask);
    const char *t = keep_text(b.data ? b.data : "");
    buf_free(&b);
    return t;
}

TEST(yaml_core_schema_nulls_and_bools)
{
    CHECK_EQ_STR(Y("[~, null, Null, NULL, nULL, '', \"null\"]"),
                 "list:[null,null,null,null,\"nULL\",\"\",\"null\"]");
    CHECK_EQ_STR(Y("a:\nb: ~\n"), "map:{\"a\":null,\"b\":null}");
    CHECK_EQ_STR(Y("[true, True, TRUE, false, False, FALSE, tRUE, yes, no, on, 'true']"),
                 "list:[true,true,true,false,false,false,\"tRUE\",\"yes\",\"no\",\"on\",\"true\"]");
    drain();
}

TEST(yaml_core_schema_numbers)
{
    CHECK_EQ_STR(Y("[0, 12, -3, +4, 0x1F, 0o17, 0x, 0o8, 012]"),
                 "list:[0,12,-3,4,31,15,\"0x\",\"0o8\",12]");
    CHECK_EQ_STR(Y("[1.5, -2.0, 1e3, 1E-2, .5, 5., +1.5e+2, \"1.5\", 1.2.3, 1e, e3]"),
                 "list:[1.5,-2.0,1000.0,0.01,0.5,5.0,150.0,\"1.5\",\"1.2.3\",\"1e\",\"e3\"]");
    Y("[.inf, -.inf, +.Inf, .nan, .NaN, inf, nan]");
    REQUIRE(last_.type == T_LIST);
    List *l = val_list(last_);
    CHECK(l->items[0].type == T_FLOAT && l->items[0].as.f > 1e308);
    CHECK(l->items[1].type == T_FLOAT && l->items[1].as.f < -1e308);
    CHECK(l->items[2].type == T_FLOAT && l->items[2].as.f > 1e308);
    CHECK(l->items[3].type == T_FLOAT && l->items[3].as.f != l->items[3].as.f);
    CHECK(l->items[4].type == T_FLOAT);
    CHECK(l->items[5].type == T_STRING && l->items[6].type == T_STRING);
    CHECK_EQ_STR(Y("[9223372036854775807, -9223372036854775808, 9223372036854775808]"),
                 "list:[9223372036854775807,-9223372036854775808,9.223372036854776e+18]");
    CHECK_EQ_STR(Y("0x8000000000000000"), "string:\"0x8000000000000000\"");
    drain();
}

TEST(yaml_strings_and_tags)
{
    CHECK_EQ_STR(Y("[abc, 'x y', \"a\\tb\", 1h30m, 2026-01-01, 1_000, \"123\", !!str 123, ! 12]"),
                 "list:[\"abc\",\"x y\",\"a\\tb\",\"1h30m\",\"2026-01-01\",\"1_000\",\"123\","
                 "\"123\",\"12\"]");
    CHECK_EQ_STR(Y("!!int \"42\""), "int:42");
    CHECK_EQ_STR(Y("text: |\n  line1\n  line2\nfold: >\n  a\n  b\n"),
                 "map:{\"text\":\"line1\\nline2\\n\",\"fold\":\"a b\\n\"}");
    drain();
}

TEST(yaml_nested_structures)
{
    CHECK_EQ_STR(Y("name: web\nports:\n  - 80\n  - 443\nmeta:\n  labels: {app: web, tier: front}\n"
                   "  empty: []\n  none: {}\n"),
                 "map:{\"name\":\"web\",\"ports\":[80,443],\"meta\":{\"labels\":{\"app\":\"web\","
                 "\"tier\":\"front\"},\"empty\":[],\"none\":{}}}");
    CHECK_EQ_STR(Y("- - - deep\n"), "list:[[[\"deep\"]]]");
    drain();
}

TEST(yaml_keys_and_duplicates)
{
    CHECK_EQ_STR(Y("a: 1\nb: 2\na: 3\n"), "map:{\"a\":3,\"b\":2}");
    CHECK_EQ_STR(Y("1: one\ntrue: yes\nnull: n\n1.50: f\n"),
                 "map:{\"1\":\"one\",\"true\":\"yes\",\"null\":\"n\",\"1.50\":\"f\"}");
    CHECK_EQ_STR(Y("? [a, b]\n: v\n"), "map:{\"[\\\"a\\\",\\\"b\\\"]\":\"v\"}");
    drain();
}

TEST(yaml_documents)
{
    CHECK_EQ_STR(Y(""), "null:null");
    CHECK_EQ_STR(Y("# only a comment\n"), "null:null");
    CHECK_EQ_STR(Y("---\n"), "null:null");
    CHECK_EQ_STR(Y("a: 1\n---\nb: 2\n"), "map:{\"a\":1}");
    CHECK_EQ_STR(Y("--- 5\n...\n"), "int:5");
    CHECK_EQ_STR(Y("plain words"), "string:\"plain words\"");
    drain();
}

TEST(yaml_anchors_aliases_and_merge)
{
    CHECK_EQ_STR(Y("base: &b {x: 1, y: 2}\ncopy: *b\nlist: [&s str, *s]\n"),
                 "map:{\"base\":{\"x\":1,\"y\":2},\"copy\":{\"x\":1,\"y\":2},\"list\":[\"str\",\"str\"]}");
    CHECK_EQ_STR(Y("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n"),
                 "map:{\"base\":{\"x\":1,\"y\":2},\"d\":{\"x\":1,\"y\":3}}");
    CHECK_EQ_STR(Y("a: &a {x: 1}\nb: &b {x: 2, z: 2}\nd:\n  x: 0\n  <<: [*a, *b]\n"),
                 "map:{\"a\":{\"x\":1},\"b\":{\"x\":2,\"z\":2},\"d\":{\"x\":0,\"z\":2}}");
    CHECK_EQ_STR(Y("\"<<\": 1\n"), "map:{\"<<\":1}");
    CHECK_EQ_STR(Y("a: *nope\n"), "error: line 1, column 4: undefined alias *nope");
    CHECK_EQ_STR(Y("a: &x [1, *x]\n"),
                 "error: line 1, column 11: alias *x refers to a node that contains it");
    drain();
}

TEST(yaml_alias_bomb_is_bounded)
{
    const char *bomb =
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
        "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
        "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
    const char *r = Y(bomb);
    CHECK(strstr(r, "error: line ") == r);
    CHECK(strstr(r, "aliases expand to more than 1000000 nodes") != NULL);
    drain();
}

TEST(yaml_depth_is_bounded)
{
    size_t n = 5000;
    char *deep = malloc(2 * n + 1);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = '\0';
    const char *r = Y(deep);
    CHECK(strstr(r, "nesting deeper than 1000 levels") != NULL);
    CHECK_EQ_STR(r, "error: line 1, column 1001: nesting deeper than 1000 levels");
    deep[1000] = '\0';
    memset(deep + 500, ']', 500);
    r = Y(deep);
    CHECK(strncmp(r, "list:[[[", 8) == 0);
    free(deep);
    drain();
}

TEST(yaml_errors_have_positions)
{
    CHECK_EQ_STR(Y("a: 1\nb: [1, 2\nc: 3\n"),
                 "error: line 3, column 2: did not find expected ',' or ']' while parsing a flow sequence");
    CHECK_EQ_STR(Y("a: 1\n  b: 2\n"),
                 "error: line 2, column 4: mapping values are not allowed in this context");
    CHECK_EQ_STR(Y("a: \"unterminated\n"),
                 "error: line 2, column 1: found unexpected end of stream while scanning a quoted scalar");
    CHECK_EQ_STR(Y("x: 1\n\t- y\n"),
                 "error: line 2, column 1: found a tab character that violates indentation while scanning a plain scalar");
    const char *bad_utf8 = "a: b\nc: \xff\n";
    CHECK_EQ_STR(Y(bad_utf8), "error: line 2, column 4: invalid leading UTF-8 octet");
    drain();
}

TEST(yaml_garbage_never_crashes)
{
    /* Every prefix of a tricky document and some byte soup: an error or a
     * value, never a crash or a leak (ASan checks). */
    const char *doc = "a: &x {b: [1, 'two', \"th\\u00e9\"], c: *x}\n? complex\n: !!int 7\n"
                      "l: |\n  text\n- oops\n%YAML 1.2\n---\n";
    size_t n = strlen(doc);
    for (size_t i = 0; i <= n; i++)
        parse_with(data_parse_yaml, doc, i);
    unsigned seed = 12345;
    char soup[64];
    for (int round = 0; round < 2000; round++) {
        for (size_t i = 0; i < sizeof soup; i++) {
            seed = seed * 1103515245u + 12345u;
            soup[i] = "[]{}:,-&*!|>'\"#% \n\tab01?~."[(seed >> 16) % 27];
        }
        parse_with(data_parse_yaml, soup, sizeof soup);
        parse_with(data_parse_json, soup, sizeof soup);
        drain();
    }
    /* NUL bytes inside */
    parse_with(data_parse_yaml, "a: \0b", 5);
    drain();
    CHECK(1);
}

TEST(json_parsing)
{
    CHECK_EQ_STR(JS("{\"a\":1,\"b\":[true,false,null],\"c\":\"s\",\"d\":-1.5e2,\"e\":{}}"),
                 "map:{\"a\":1,\"b\":[true,false,null],\"c\":\"s\",\"d\":-150.0,\"e\":{}}");
    CHECK_EQ_STR(JS("  [1, 2]\n"), "list:[1,2]");
    CHECK_EQ_STR(JS("\"just a string\""), "string:\"just a string\"");
    CHECK_EQ_STR(JS("42"), "int:42");
    CHECK_EQ_STR(JS("null"), "null:null");
    CHECK_EQ_STR(JS("{\n\t\"tabbed\": 1\n}"), "map:{\"tabbed\":1}");
    CHECK_EQ_STR(JS("{\"k\":\"yes\",\"n\":\"123\"}"), "map:{\"k\":\"yes\",\"n\":\"123\"}");
    CHECK_EQ_STR(JS("\"caf\\u00e9 \\/ \\\"q\\\"\""), "string:\"caf\xc3\xa9 / \\\"q\\\"\"");
    CHECK_EQ_STR(JS("\"\\ud83d\\ude00\""), "string:\"\xf0\x9f\x98\x80\"");
    CHECK_EQ_STR(JS("[\"\\ud83d\", \"\\ude00x\"]"), "list:[\"\xef\xbf\xbd\",\"\xef\xbf\xbdx\"]");
    CHECK_EQ_STR(JS("\xef\xbb\xbf{}"), "map:{}");
    /* Raw characters JSON allows in strings but YAML does not. */
    JS("[\"a\xc2\x9e\", \"\xc2\x85\", \"\x7f\", \"\xef\xbb\xbf\", \"\xef\xbf\xbf\"]");
    REQUIRE(last_.type == T_LIST);
    CHECK_EQ_STR(val_str(val_list(last_)->items[0])->data, "a\xc2\x9e");
    CHECK_EQ_STR(val_str(val_list(last_)->items[1])->data, "\xc2\x85");
    CHECK_EQ_STR(val_str(val_list(last_)->items[2])->data, "\x7f");
    CHECK_EQ_STR(val_str(val_list(last_)->items[3])->data, "\xef\xbb\xbf");
    CHECK_EQ_STR(val_str(val_list(last_)->items[4])->data, "\xef\xbf\xbf");
    drain();
}

TEST(json_errors)
{
    CHECK_EQ_STR(JS(""), "error: line 1, column 1: expected a JSON value, got nothing");
    CHECK_EQ_STR(JS("   \n "), "error: line 2, column 2: expected a JSON value, got nothing");
    CHECK_EQ_STR(JS("a: 1"), "error: line 1, column 1: expected a JSON value");
    CHECK_EQ_STR(JS("\n  ---\n"), "error: line 2, column 3: expected a JSON value");
    CHECK_EQ_STR(JS("nothing"), "error: line 1, column 1: expected a JSON value");
    CHECK_EQ_STR(JS("-x"), "error: line 1, column 1: expected a JSON value");
    CHECK_EQ_STR(JS("[1, 2] [3]"), "error: line 1, column 8: unexpected text after the JSON value");
    CHECK_EQ_STR(JS("{\"a\":1}\n---\n{}"),
                 "error: line 2, column 1: unexpected text after the JSON value");
    CHECK_EQ_STR(JS("{\"a\": [1, 2}"),
                 "error: line 1, column 12: did not find expected ',' or ']' while parsing a flow sequence");
    drain();
}

TEST(json_writer)
{
    Map *m = map_new(0);
    map_put_cstr(m, "s", val_cstring("a\"b\\c\n\x01"));
    map_put_cstr(m, "i", val_int(-7));
    map_put_cstr(m, "f", val_float(2.0));
    map_put_cstr(m, "g", val_float(0.1));
    map_put_cstr(m, "inf", val_float(1.0 / 0.0));
    map_put_cstr(m, "d", val_duration(90LL * 1000000000));
    map_put_cstr(m, "n", val_null());
    map_put_cstr(m, "b", val_bool(false));
    map_put_cstr(m, "u", val_unknown());
    map_put_cstr(m, "pw", val_secret("hunter2", 7));
    Value v = K(val_obj(&m->hdr));
    CHECK_EQ_STR(to_json(v), "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"i\":-7,\"f\":2.0,\"g\":0.1,"
                             "\"inf\":null,\"d\":\"1m30s\",\"n\":null,\"b\":false,"
                             "\"u\":\"(known after run)\",\"pw\":\"hunter2\"}");
    Buf b = {0};
    data_write_json(v, &b, true);
    CHECK(strstr(b.data, "\"pw\":\"***\"") != NULL);
    CHECK(strstr(b.data, "hunter2") == NULL);
    buf_free(&b);
    drain();
}

TEST(json_round_trip)
{
    const char *docs[] = {
        "{\"a\":[1,2.5,\"x\",null,true,false],\"b\":{\"c\":{}},\"d\":[]}",
        "[\"\\u0000\\t\",\"caf\xc3\xa9\",\"\\\"\",-0.0,1e+300,123456789012345678]",
        "\"yes\"", "\"0x10\"", "\"\"", "[\"~\",\"null\",\"1.5\",\"True\"]",
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        JS(docs[i]);
        Value v = last_;
        Value back;
        char *err = NULL;
        const char *text = to_json(v);
        REQUIRE(data_parse_json(text, strlen(text), &back, &err) == 0);
        CHECK(val_equal(v, back));
        CHECK_EQ_STR(to_json(back), text);
        val_release(back);
    }
    drain();
}

TEST(yaml_writer)
{
    JS("{\"name\":\"web\",\"ports\":[80,443],\"labels\":{\"app\":\"web\"},\"empty\":[],"
       "\"none\":{},\"n\":null,\"t\":true,\"f\":1.5}");
    CHECK_EQ_STR(to_yaml(last_, false),
                 "name: web\nports:\n- 80\n- 443\nlabels:\n  app: web\nempty: []\nnone: {}\n"
                 "'n': null\nt: true\nf: 1.5\n");
    /* Strings that would read back as something else are quoted. */
    JS("[\"123\",\"true\",\"null\",\"\",\"yes\",\"off\",\"1.5\",\"~\",\"0x1f\",\"plain\"]");
    CHECK_EQ_STR(to_yaml(last_, false),
                 "- '123'\n- 'true'\n- 'null'\n- ''\n- 'yes'\n- 'off'\n- '1.5'\n- '~'\n- '0x1f'\n"
                 "- plain\n");
    JS("\"multi\\nline\\n\"");
    CHECK_EQ_STR(to_yaml(last_, false), "|\n  multi\n  line\n");
    JS("5");
    CHECK_EQ_STR(to_yaml(last_, false), "5\n");
    Value pw = K(val_secret("hunter2", 7));
    CHECK_EQ_STR(to_yaml(pw, true), "'***'\n");
    CHECK_EQ_STR(to_yaml(pw, false), "hunter2\n");
    Value bad = K(val_string("a\xff" "b", 3));
    CHECK_EQ_STR(to_yaml(bad, false), "a\xef\xbf\xbd" "b\n");
    drain();
}

TEST(yaml_round_trip)
{
    const char *docs[] = {
        "{\"a\":[1,2.5,\"x\",null,true,false],\"b\":{\"c\":{}},\"d\":[]}",
        "[\"123\",\"true\",\"\",\" lead\",\"trail \",\"a: b\",\"- x\",\"#c\",\"'q'\",\"\\\"\"]",
        "{\"k: v\":1,\"\":2,\"1\":3,\"multi\\nline\":\"x\\ny\\n\\n\",\"tab\\t\":\"\\u0001\"}",
        "[[[[]]],{\"deep\":{\"er\":[{\"x\":-1.25e-7}]}}]",
        "[\"caf\xc3\xa9\",\"\\ud83d\\ude00\",\"line  \\n  indented\"]",
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        JS(docs[i]);
        Value v = last_;
        const char *text = to_yaml(v, false);
        Value back;
        char *err = NULL;
        int rc = data_parse_yaml(text, strlen(text), &back, &err);
        CHECK(rc == 0);
        if (rc < 0) {
            fprintf(stderr, "%s\n%s\n", text, err);
            free(err);
            continue;
        }
        CHECK(val_equal(v, back));
        val_release(back);
    }
    drain();
}

TEST(resolve_plain)
{
    Value v = K(data_resolve_plain("42", 2));
    CHECK(v.type == T_INT && v.as.i == 42);
    v = K(data_resolve_plain("4.5", 3));
    CHECK(v.type == T_FLOAT && v.as.f == 4.5);
    v = K(data_resolve_plain("", 0));
    CHECK(v.type == T_NULL);
    v = K(data_resolve_plain("-", 1));
    CHECK(v.type == T_STRING);
    v = K(data_resolve_plain("+", 1));
    CHECK(v.type == T_STRING);
    v = K(data_resolve_plain(".", 1));
    CHECK(v.type == T_STRING);
    drain();
}

/* ---- params ----------------------------------------------------------- */

static const char *coerce(int kind, Value in)
{
    ParamType t = {kind, 0, NULL};
    Value out;
    char *err = NULL;
    if (param_coerce(&t, in, &out, &err) < 0) {
        char m[400];
        snprintf(m, sizeof m, "error: %s", err);
        free(err);
        return keep_text(m);
    }
    Buf b = {0};
    buf_printf(&b, "%s:", val_type_name(out));
    if (val_is_secret(out))
        buf_add(&b, val_str(out)->data, val_str(out)->len);
    else
        val_repr(out, &b);
    val_release(out);
    const char *r = keep_text(b.data);
    buf_free(&b);
    return r;
}

static Value S(const char *s) { return K(val_cstring(s)); }
static Value JV(const char *json)
{
    JS(json);
    return last_;
}

TEST(param_coerce_string)
{
    CHECK_EQ_STR(coerce(TY_STRING, S("abc")), "string:\"abc\"");
    CHECK_EQ_STR(coerce(TY_STRING, val_int(123)), "string:\"123\"");
    CHECK_EQ_STR(coerce(TY_STRING, val_float(1.5)), "string:\"1.5\"");
    CHECK_EQ_STR(coerce(TY_STRING, val_bool(true)), "string:\"true\"");
    CHECK_EQ_STR(coerce(TY_STRING, val_null()), "error: expected string, got null");
    CHECK_EQ_STR(coerce(TY_STRING, JV("[1]")), "error: expected string, got [1]");
    drain();
}

TEST(param_coerce_numbers_and_bools)
{
    CHECK_EQ_STR(coerce(TY_INT, S("3")), "int:3");
    CHECK_EQ_STR(coerce(TY_INT, S(" -3 ")), "int:-3");
    CHECK_EQ_STR(coerce(TY_INT, val_int(7)), "int:7");
    CHECK_EQ_STR(coerce(TY_INT, S("abc")), "error: expected int, got \"abc\"");
    CHECK_EQ_STR(coerce(TY_INT, S("2.5")), "error: expected int, got \"2.5\"");
    CHECK_EQ_STR(coerce(TY_INT, val_float(2.0)), "error: expected int, got 2.0");
    CHECK_EQ_STR(coerce(TY_INT, S("")), "error: expected int, got \"\"");
    CHECK_EQ_STR(coerce(TY_FLOAT, S("2.5")), "float:2.5");
    CHECK_EQ_STR(coerce(TY_FLOAT, S("2")), "float:2.0");
    CHECK_EQ_STR(coerce(TY_FLOAT, val_int(2)), "float:2.0");
    CHECK_EQ_STR(coerce(TY_FLOAT, S("x")), "error: expected float, got \"x\"");
    CHECK_EQ_STR(coerce(TY_BOOL, S("true")), "bool:true");
    CHECK_EQ_STR(coerce(TY_BOOL, S("false")), "bool:false");
    CHECK_EQ_STR(coerce(TY_BOOL, val_bool(true)), "bool:true");
    CHECK_EQ_STR(coerce(TY_BOOL, S("yes")), "error: expected bool, got \"yes\"");
    CHECK_EQ_STR(coerce(TY_BOOL, val_int(1)), "error: expected bool, got 1");
    drain();
}

TEST(param_coerce_duration)
{
    CHECK_EQ_STR(coerce(TY_DURATION, S("5m")), "duration:5m");
    CHECK_EQ_STR(coerce(TY_DURATION, S("1h30m")), "duration:1h30m");
    CHECK_EQ_STR(coerce(TY_DURATION, val_duration(1000000000)), "duration:1s");
    CHECK_EQ_STR(coerce(TY_DURATION, S("5")),
                 "error: expected duration, got \"5\" (a duration needs a unit, e.g. 30s or 5m)");
    CHECK_EQ_STR(coerce(TY_DURATION, val_int(30)),
                 "error: expected duration, got 30 (a duration needs a unit, e.g. 30s or 5m)");
    CHECK_EQ_STR(coerce(TY_DURATION, S("soon")), "error: expected duration, got \"soon\"");
    drain();
}

TEST(param_coerce_list_map)
{
    CHECK_EQ_STR(coerce(TY_LIST, S("[a, b]")), "list:[\"a\",\"b\"]");
    CHECK_EQ_STR(coerce(TY_LIST, S("[\"a\", 1]")), "list:[\"a\",1]");
    CHECK_EQ_STR(coerce(TY_LIST, JV("[1]")), "list:[1]");
    CHECK_EQ_STR(coerce(TY_LIST, S("a,b")), "error: expected list, got \"a,b\"");
    CHECK_EQ_STR(coerce(TY_LIST, S("[unclosed")), "error: expected list, got \"[unclosed\"");
    CHECK_EQ_STR(coerce(TY_MAP, S("{k: v}")), "map:{\"k\":\"v\"}");
    CHECK_EQ_STR(coerce(TY_MAP, JV("{\"a\":1}")), "map:{\"a\":1}");
    CHECK_EQ_STR(coerce(TY_MAP, JV("[1]")), "error: expected map, got [1]");
    CHECK_EQ_STR(coerce(TY_MAP, val_int(1)), "error: expected map, got 1");
    drain();
}

TEST(param_coerce_secret_and_any)
{
    CHECK_EQ_STR(coerce(TY_SECRET, S("hunter2")), "secret:hunter2");
    CHECK_EQ_STR(coerce(TY_SECRET, val_int(1234)), "secret:1234");
    CHECK_EQ_STR(coerce(TY_SECRET, val_null()), "error: expected secret, got null");
    CHECK_EQ_STR(coerce(TY_ANY, JV("[1]")), "list:[1]");
    CHECK_EQ_STR(coerce(TY_ANY, val_null()), "null:null");
    drain();
}

TEST(param_coerce_enum)
{
    char *members[] = {"staging", "production"};
    ParamType t = {TY_ENUM, 2, members};
    Value out;
    char *err = NULL;
    REQUIRE(param_coerce(&t, S("staging"), &out, &err) == 0);
    CHECK_EQ_STR(val_str(out)->data, "staging");
    val_release(out);
    CHECK(param_coerce(&t, S("dev"), &out, &err) < 0);
    CHECK_EQ_STR(err, "must be one of \"staging\", \"production\"; got \"dev\"");
    free(err);
    err = NULL;
    CHECK(param_coerce(&t, val_int(3), &out, &err) < 0);
    CHECK_EQ_STR(err, "must be one of \"staging\", \"production\"; got 3");
    free(err);
    char *nums[] = {"1", "2"};
    ParamType tn = {TY_ENUM, 2, nums};
    REQUIRE(param_coerce(&tn, val_int(2), &out, &err) == 0);
    CHECK_EQ_STR(val_str(out)->data, "2");
    val_release(out);
    char *d = param_type_describe(&t);
    CHECK_EQ_STR(d, "\"staging\" | \"production\"");
    free(d);
    drain();
}

TEST(param_type_describe_and_free)
{
    const char *names[] = {"any", "string", "int", "float", "bool", "duration", "list", "map",
                           "secret"};
    for (int k = TY_ANY; k <= TY_SECRET; k++) {
        ParamType t = {k, 0, NULL};
        char *d = param_type_describe(&t);
        CHECK_EQ_STR(d, names[k]);
        free(d);
    }
    ParamType t = {TY_ENUM, 2, malloc(2 * sizeof(char *))};
    t.members[0] = strdup("a");
    t.members[1] = strdup("b");
    param_type_free(&t);
    CHECK(t.members == NULL && t.nmembers == 0);
}

TEST(param_errors_mask_and_shorten)
{
    CHECK_EQ_STR(coerce(TY_INT, K(val_secret("pw", 2))), "error: expected int, got ***");
    const char *r = coerce(TY_INT, S("0123456789012345678901234567890123456789012345678901234567890123456789"));
    CHECK(strlen(r) < 100);
    CHECK(strstr(r, "...") != NULL);
    drain();
}

TEST(paramset_assignments)
{
    ParamSet ps;
    paramset_init(&ps);
    char *err = NULL;
    CHECK(paramset_add_assignment(&ps, "tag=v1.2.3", &err) == 0);
    CHECK(paramset_add_assignment(&ps, "expr=a=b", &err) == 0);
    CHECK(paramset_add_assignment(&ps, "empty=", &err) == 0);
    CHECK(paramset_add_assignment(&ps, "tag=v2", &err) == 0); /* later wins */
    Value v = map_get(ps.values, "tag", 3);
    CHECK(v.type == T_STRING && strcmp(val_str(v)->data, "v2") == 0);
    v = map_get(ps.values, "expr", 4);
    CHECK(v.type == T_STRING && strcmp(val_str(v)->data, "a=b") == 0);
    v = map_get(ps.values, "empty", 5);
    CHECK(v.type == T_STRING && val_str(v)->len == 0);
    CHECK(paramset_add_assignment(&ps, "noequals", &err) < 0);
    CHECK_EQ_STR(err, "expected NAME=VALUE, got \"noequals\"");
    free(err);
    err = NULL;
    CHECK(paramset_add_assignment(&ps, "1x=3", &err) < 0);
    CHECK_EQ_STR(err, "\"1x\" is not a parameter name");
    free(err);
    err = NULL;
    CHECK(paramset_add_assignment(&ps, "=3", &err) < 0);
    CHECK_EQ_STR(err, "\"\" is not a parameter name");
    free(err);
    CHECK_EQ_INT(ps.values->len, 3);
    paramset_free(&ps);
}

static char *write_temp(const char *content)
{
    char *path = strdup("/tmp/runbook-test-vars-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return path;
    ssize_t w = write(fd, content, strlen(content));
    (void)w;
    close(fd);
    return path;
}

TEST(paramset_vars_files)
{
    ParamSet ps;
    paramset_init(&ps);
    char *err = NULL;
    CHECK(paramset_add_assignment(&ps, "tag=from-p", &err) == 0);
    char *p1 = write_temp("tag: 123\nreplicas: 3\nlist: [a, b]\n");
    REQUIRE(paramset_add_vars_file(&ps, p1, &err) == 0);
    Value v = map_get(ps.values, "tag", 3);
    CHECK(v.type == T_INT && v.as.i == 123); /* the file came later, so it wins */
    CHECK(map_get(ps.values, "list", 4).type == T_LIST);
    /* A vars value typed by YAML coerces to a string parameter. */
    CHECK_EQ_STR(coerce(TY_STRING, v), "string:\"123\"");

    char *p2 = write_temp("a: 1\nb: [1,\nc: 2\n");
    CHECK(paramset_add_vars_file(&ps, p2, &err) < 0);
    char *want = NULL;
    if (err) {
        want = malloc(strlen(p2) + 100);
        sprintf(want, "%s:4:1: did not find expected ',' or ']' while parsing a flow sequence", p2);
        CHECK_EQ_STR(err, want);
    }
    free(want);
    free(err);
    err = NULL;

    char *p3 = write_temp("- a\n- b\n");
    CHECK(paramset_add_vars_file(&ps, p3, &err) < 0);
    CHECK(err && strstr(err, ": expected a map of parameter names to values at the top level"));
    CHECK(err && strncmp(err, p3, strlen(p3)) == 0);
    free(err);
    err = NULL;

    char *p4 = write_temp("# nothing yet\n");
    CHECK(paramset_add_vars_file(&ps, p4, &err) == 0);

    CHECK(paramset_add_vars_file(&ps, "/nonexistent/vars.yaml", &err) < 0);
    CHECK_EQ_STR(err, "/nonexistent/vars.yaml: No such file or directory");
    free(err);

    unlink(p1), unlink(p2), unlink(p3), unlink(p4);
    free(p1), free(p2), free(p3), free(p4);
    paramset_free(&ps);
    drain();
}

UNIT_MAIN()
