/* test_builtins.c — every built-in function of src/builtins.h: results,
 * argument errors (naming the function), secret propagation and unknowns. */
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "data.h"
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

static char texts_[16][1024];
static int ntext_;
static const char *keep_text(const char *s)
{
    char *t = texts_[ntext_++ % 16];
    snprintf(t, 1024, "%s", s);
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

static Value last_;

/* Call by name; "type:repr" (secrets shown as "secret:" + their text), or
 * "error: message". The result stays in last_ (pooled). */
static const char *callv(const char *name, Value *args, int argc)
{
    int id = builtin_lookup(name);
    if (id < 0)
        return "no such builtin";
    Value out;
    char *err = NULL;
    if (builtin_call(id, args, argc, &out, &err) < 0) {
        char t[600];
        snprintf(t, sizeof t, "error: %s", err);
        free(err);
        last_ = val_null();
        return keep_text(t);
    }
    last_ = K(out);
    Buf b = {0};
    buf_printf(&b, "%s:", val_type_name(out));
    if (val_is_secret(out))
        buf_add_json_string(&b, val_str(out)->data, val_str(out)->len);
    else
        val_repr(out, &b);
    const char *t = keep_text(b.data);
    buf_free(&b);
    return t;
}
static const char *call1(const char *n, Value a) { return callv(n, &a, 1); }
static const char *call2(const char *n, Value a, Value b)
{
    Value v[2] = {a, b};
    return callv(n, v, 2);
}
static const char *call3(const char *n, Value a, Value b, Value c)
{
    Value v[3] = {a, b, c};
    return callv(n, v, 3);
}

#define I val_int
#define F val_float
#define SEC_NS 1000000000LL

TEST(table_and_lookup)
{
    CHECK_EQ_INT(builtin_lookup("len"), BI_len);
    CHECK_EQ_INT(builtin_lookup("unique"), BI_unique);
    CHECK_EQ_INT(builtin_lookup("nope"), -1);
    CHECK_EQ_STR(builtin_info[BI_default].name, "default");
    CHECK_EQ_INT(builtin_info[BI_replace].min_args, 3);
    CHECK_EQ_INT(builtin_info[BI_env].effect, EFF_READ);
    CHECK_EQ_INT(builtin_info[BI_now].effect, EFF_READ);
    CHECK_EQ_INT(builtin_info[BI_split].effect, EFF_PURE);
    for (int i = 0; i < BI__COUNT; i++)
        CHECK(builtin_info[i].doc && builtin_info[i].doc[0]);
}

TEST(arity_is_checked)
{
    CHECK_EQ_STR(callv("len", NULL, 0), "error: len: expected 1 argument, got 0");
    CHECK_EQ_STR(call2("len", I(1), I(2)), "error: len: expected 1 argument, got 2");
    CHECK_EQ_STR(call1("now", I(1)), "error: now: expected 0 arguments, got 1");
    CHECK_EQ_STR(call1("split", S("a")), "error: split: expected 2 arguments, got 1");
    drain();
}

TEST(len)
{
    CHECK_EQ_STR(call1("len", S("abc")), "int:3");
    CHECK_EQ_STR(call1("len", S("")), "int:0");
    CHECK_EQ_STR(call1("len", S("h\xc3\xa9llo")), "int:5"); /* code points */
    CHECK_EQ_STR(call1("len", S("\xf0\x9f\x98\x80")), "int:1");
    CHECK_EQ_STR(call1("len", J("[1,2,3]")), "int:3");
    CHECK_EQ_STR(call1("len", J("{\"a\":1}")), "int:1");
    CHECK_EQ_STR(call1("len", I(5)), "error: len: expected a string, list or map, got int");
    CHECK_EQ_STR(call1("len", val_null()), "error: len: expected a string, list or map, got null");
    drain();
}

TEST(keys_and_values)
{
    Value m = J("{\"b\":1,\"a\":[2],\"c\":null}");
    CHECK_EQ_STR(call1("keys", m), "list:[\"b\",\"a\",\"c\"]");
    CHECK_EQ_STR(call1("values", m), "list:[1,[2],null]");
    CHECK_EQ_STR(call1("keys", J("{}")), "list:[]");
    CHECK_EQ_STR(call1("keys", J("[1]")), "error: keys: expected a map, got list");
    CHECK_EQ_STR(call1("values", S("x")), "error: values: expected a map, got string");
    drain();
}

TEST(str)
{
    CHECK_EQ_STR(call1("str", I(42)), "string:\"42\"");
    CHECK_EQ_STR(call1("str", F(2)), "string:\"2.0\"");
    CHECK_EQ_STR(call1("str", val_null()), "string:\"\"");
    CHECK_EQ_STR(call1("str", val_bool(true)), "string:\"true\"");
    CHECK_EQ_STR(call1("str", val_duration(90 * SEC_NS)), "string:\"1m30s\"");
    CHECK_EQ_STR(call1("str", J("{\"a\":[1,\"x\"]}")), "string:\"{\\\"a\\\":[1,\\\"x\\\"]}\"");
    CHECK_EQ_STR(call1("str", S("same")), "string:\"same\"");
    /* A secret anywhere inside makes the text secret, and it is the real
     * text (so it can reach a command), never masked. */
    Value inner = SEC("pw");
    Value l = K(val_list_from(&inner, 1));
    CHECK_EQ_STR(call1("str", l), "secret:\"[\\\"pw\\\"]\"");
    CHECK_EQ_STR(call1("str", SEC("pw")), "secret:\"pw\"");
    drain();
}

TEST(int_conversion)
{
    CHECK_EQ_STR(call1("int", I(7)), "int:7");
    CHECK_EQ_STR(call1("int", F(3.9)), "int:3");
    CHECK_EQ_STR(call1("int", F(-3.9)), "int:-3");
    CHECK_EQ_STR(call1("int", val_bool(true)), "int:1");
    CHECK_EQ_STR(call1("int", S("42")), "int:42");
    CHECK_EQ_STR(call1("int", S(" -42 \n")), "int:-42");
    CHECK_EQ_STR(call1("int", S("0x1f")), "int:31");
    CHECK_EQ_STR(call1("int", S("abc")), "error: int: cannot convert \"abc\" to int");
    CHECK_EQ_STR(call1("int", S("2.5")), "error: int: cannot convert \"2.5\" to int");
    CHECK_EQ_STR(call1("int", S("")), "error: int: cannot convert \"\" to int");
    CHECK_EQ_STR(call1("int", S("99999999999999999999")),
                 "error: int: cannot convert \"99999999999999999999\" to int");
    CHECK_EQ_STR(call1("int", F(1e300)), "error: int: 1e+300 is out of the int range");
    CHECK_EQ_STR(call1("int", val_null()), "error: int: cannot convert null to int");
    CHECK_EQ_STR(call1("int", J("[]")), "error: int: cannot convert list to int");
    CHECK_EQ_STR(call1("int", SEC("nope")), "error: int: cannot convert *** to int");
    drain();
}

TEST(float_conversion)
{
    CHECK_EQ_STR(call1("float", S("2.5")), "float:2.5");
    CHECK_EQ_STR(call1("float", S("3")), "float:3.0");
    CHECK_EQ_STR(call1("float", S("1e3")), "float:1000.0");
    CHECK_EQ_STR(call1("float", I(2)), "float:2.0");
    CHECK_EQ_STR(call1("float", F(0.5)), "float:0.5");
    CHECK_EQ_STR(call1("float", S("x1")), "error: float: cannot convert \"x1\" to float");
    CHECK_EQ_STR(call1("float", val_bool(true)), "error: float: cannot convert bool to float");
    drain();
}

TEST(bool_conversion)
{
    CHECK_EQ_STR(call1("bool", S("true")), "bool:true");
    CHECK_EQ_STR(call1("bool", S("false")), "bool:false");
    CHECK_EQ_STR(call1("bool", S("")), "bool:false");
    CHECK_EQ_STR(call1("bool", S("x")), "bool:true");
    CHECK_EQ_STR(call1("bool", I(0)), "bool:false");
    CHECK_EQ_STR(call1("bool", J("[]")), "bool:false");
    CHECK_EQ_STR(call1("bool", J("[0]")), "bool:true");
    CHECK_EQ_STR(call1("bool", val_null()), "bool:false");
    drain();
}

TEST(lower_upper_trim)
{
    CHECK_EQ_STR(call1("lower", S("HeLLo \xc3\x89")), "string:\"hello \xc3\x89\"");
    CHECK_EQ_STR(call1("upper", S("HeLLo")), "string:\"HELLO\"");
    CHECK_EQ_STR(call1("trim", S(" \t a b \r\n")), "string:\"a b\"");
    CHECK_EQ_STR(call1("trim", S("   ")), "string:\"\"");
    CHECK_EQ_STR(call1("upper", SEC("pw")), "secret:\"PW\"");
    CHECK_EQ_STR(call1("trim", SEC(" pw ")), "secret:\"pw\"");
    CHECK_EQ_STR(call1("lower", I(1)), "error: lower: expected a string, got int");
    CHECK_EQ_STR(call1("trim", val_null()), "error: trim: expected a string, got null");
    drain();
}

TEST(split)
{
    CHECK_EQ_STR(call2("split", S("a,b,c"), S(",")), "list:[\"a\",\"b\",\"c\"]");
    CHECK_EQ_STR(call2("split", S("a,,b,"), S(",")), "list:[\"a\",\"\",\"b\",\"\"]");
    CHECK_EQ_STR(call2("split", S(""), S(",")), "list:[\"\"]");
    CHECK_EQ_STR(call2("split", S("abc"), S(",")), "list:[\"abc\"]");
    CHECK_EQ_STR(call2("split", S("a::b"), S("::")), "list:[\"a\",\"b\"]");
    CHECK_EQ_STR(call2("split", S("a"), S("")), "error: split: sep must not be empty");
    CHECK_EQ_STR(call2("split", S("a"), I(1)), "error: split: sep must be a string, got int");
    CHECK_EQ_STR(call2("split", I(1), S(",")), "error: split: expected a string, got int");
    callv("split", (Value[]){SEC("u:p"), S(":")}, 2);
    REQUIRE(last_.type == T_LIST);
    CHECK(val_is_secret(val_list(last_)->items[0]));
    CHECK(val_is_secret(val_list(last_)->items[1]));
    drain();
}

TEST(join)
{
    CHECK_EQ_STR(call2("join", J("[\"a\",1,true,null]"), S("-")), "string:\"a-1-true-\"");
    CHECK_EQ_STR(call2("join", J("[]"), S(",")), "string:\"\"");
    CHECK_EQ_STR(call2("join", J("[[1],{\"a\":2}]"), S(" ")), "string:\"[1] {\\\"a\\\":2}\"");
    CHECK_EQ_STR(call2("join", S("ab"), S(",")),
                 "error: join: expected a list, got string");
    CHECK_EQ_STR(call2("join", J("[]"), I(0)), "error: join: sep must be a string, got int");
    Value items[2] = {S("user"), SEC("pw")};
    Value l = K(val_list_from(items, 2));
    CHECK_EQ_STR(call2("join", l, S(":")), "secret:\"user:pw\"");
    drain();
}

TEST(lines)
{
    CHECK_EQ_STR(call1("lines", S("a\nb\n")), "list:[\"a\",\"b\"]");
    CHECK_EQ_STR(call1("lines", S("a\r\nb")), "list:[\"a\",\"b\"]");
    CHECK_EQ_STR(call1("lines", S("")), "list:[]");
    CHECK_EQ_STR(call1("lines", S("\n")), "list:[\"\"]");
    CHECK_EQ_STR(call1("lines", S("a\n\nb")), "list:[\"a\",\"\",\"b\"]");
    CHECK_EQ_STR(call1("lines", S("x\r\r\n")), "list:[\"x\\r\"]");
    CHECK_EQ_STR(call1("lines", I(3)), "error: lines: expected a string, got int");
    drain();
}

TEST(contains_starts_ends)
{
    CHECK_EQ_STR(call2("contains", S("hello"), S("ell")), "bool:true");
    CHECK_EQ_STR(call2("contains", J("[1,2]"), I(2)), "bool:true");
    CHECK_EQ_STR(call2("contains", J("{\"k\":1}"), S("k")), "bool:true");
    CHECK_EQ_STR(call2("contains", J("{\"k\":1}"), S("v")), "bool:false");
    CHECK_EQ_STR(call2("contains", I(1), I(1)), "error: contains: cannot look for int in int");
    CHECK_EQ_STR(call2("starts_with", S("hello"), S("he")), "bool:true");
    CHECK_EQ_STR(call2("starts_with", S("hello"), S("lo")), "bool:false");
    CHECK_EQ_STR(call2("starts_with", S("he"), S("hello")), "bool:false");
    CHECK_EQ_STR(call2("starts_with", S("x"), S("")), "bool:true");
    CHECK_EQ_STR(call2("ends_with", S("hello"), S("lo")), "bool:true");
    CHECK_EQ_STR(call2("ends_with", S("hello"), S("he")), "bool:false");
    CHECK_EQ_STR(call2("ends_with", S("lo"), S("hello")), "bool:false");
    CHECK_EQ_STR(call2("starts_with", I(1), S("1")),
                 "error: starts_with: expected a string, got int");
    CHECK_EQ_STR(call2("ends_with", S("1"), J("[]")),
                 "error: ends_with: the suffix must be a string, got list");
    drain();
}

TEST(replace)
{
    CHECK_EQ_STR(call3("replace", S("a-b-c"), S("-"), S("+")), "string:\"a+b+c\"");
    CHECK_EQ_STR(call3("replace", S("aaa"), S("aa"), S("b")), "string:\"ba\"");
    CHECK_EQ_STR(call3("replace", S("abc"), S("x"), S("y")), "string:\"abc\"");
    CHECK_EQ_STR(call3("replace", S("abc"), S("b"), S("")), "string:\"ac\"");
    CHECK_EQ_STR(call3("replace", S("abc"), S(""), S("y")), "error: replace: old must not be empty");
    CHECK_EQ_STR(call3("replace", S("abc"), S("b"), I(1)), "error: replace: new must be a string, got int");
    CHECK_EQ_STR(call3("replace", S("x=TOKEN"), S("TOKEN"), SEC("pw")), "secret:\"x=pw\"");
    drain();
}

TEST(json_and_yaml_encode)
{
    CHECK_EQ_STR(call1("json", J("{\"a\":[1,2.5,\"x\",null,true]}")),
                 "string:\"{\\\"a\\\":[1,2.5,\\\"x\\\",null,true]}\"");
    CHECK_EQ_STR(call1("json", S("q\"")), "string:\"\\\"q\\\\\\\"\\\"\"");
    CHECK_EQ_STR(call1("json", val_duration(SEC_NS)), "string:\"\\\"1s\\\"\"");
    CHECK_EQ_STR(call1("yaml", J("{\"a\":[1,\"2\"]}")), "string:\"a:\\n- 1\\n- '2'\\n\"");
    /* json() of a secret: the real text, as a secret */
    Value m = K(val_obj(&map_new(1)->hdr));
    map_put_cstr(val_map(m), "password", val_secret("pw", 2));
    CHECK_EQ_STR(call1("json", m), "secret:\"{\\\"password\\\":\\\"pw\\\"}\"");
    CHECK_EQ_STR(call1("yaml", m), "secret:\"password: pw\\n\"");
    drain();
}

TEST(parse_json_and_yaml)
{
    CHECK_EQ_STR(call1("parse_json", S("{\"a\": [1, \"b\"]}")), "map:{\"a\":[1,\"b\"]}");
    CHECK_EQ_STR(call1("parse_yaml", S("a: 1\nb: [x, y]\n")), "map:{\"a\":1,\"b\":[\"x\",\"y\"]}");
    CHECK_EQ_STR(call1("parse_json", S("{\"a\": [1, 2}")),
                 "error: parse_json: line 1, column 12: did not find expected ',' or ']' while parsing a flow sequence");
    CHECK_EQ_STR(call1("parse_json", S("hello")),
                 "error: parse_json: line 1, column 1: expected a JSON value");
    CHECK_EQ_STR(call1("parse_yaml", I(1)), "error: parse_yaml: expected a string, got int");
    /* Parsed from a secret: every string inside is secret too. */
    callv("parse_json", (Value[]){SEC("{\"user\":\"u\",\"n\":3}")}, 1);
    REQUIRE(last_.type == T_MAP);
    CHECK(val_is_secret(map_get(val_map(last_), "user", 4)));
    CHECK(map_get(val_map(last_), "n", 1).type == T_INT);
    drain();
}

TEST(env)
{
    setenv("RUNBOOK_TEST_VAR", "v a l", 1);
    unsetenv("RUNBOOK_TEST_UNSET");
    CHECK_EQ_STR(call1("env", S("RUNBOOK_TEST_VAR")), "string:\"v a l\"");
    CHECK_EQ_STR(call1("env", S("RUNBOOK_TEST_UNSET")), "null:null");
    CHECK_EQ_STR(call1("env", K(val_string("A\0B", 3))), "null:null");
    CHECK_EQ_STR(call1("env", I(1)), "error: env: expected a string, got int");
    drain();
}

TEST(now)
{
    callv("now", NULL, 0);
    REQUIRE(last_.type == T_STRING);
    const char *s = val_str(last_)->data;
    CHECK_EQ_INT(strlen(s), 20);
    CHECK(s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' &&
          s[19] == 'Z');
    CHECK(strncmp(s, "20", 2) == 0);
    drain();
}

TEST(format_duration)
{
    CHECK_EQ_STR(call1("format_duration", val_duration(5400 * SEC_NS)), "string:\"1h30m\"");
    CHECK_EQ_STR(call1("format_duration", val_duration(0)), "string:\"0s\"");
    CHECK_EQ_STR(call1("format_duration", I(5)),
                 "error: format_duration: expected a duration, got int");
    drain();
}

TEST(default)
{
    CHECK_EQ_STR(call2("default", val_null(), S("fb")), "string:\"fb\"");
    CHECK_EQ_STR(call2("default", S(""), S("fb")), "string:\"\"");
    CHECK_EQ_STR(call2("default", val_bool(false), I(1)), "bool:false");
    CHECK_EQ_STR(call2("default", I(0), I(1)), "int:0");
    drain();
}

TEST(min_max)
{
    CHECK_EQ_STR(call2("min", I(3), I(2)), "int:2");
    CHECK_EQ_STR(call2("max", I(3), I(2)), "int:3");
    CHECK_EQ_STR(call2("min", I(1), F(1.5)), "int:1");
    CHECK_EQ_STR(call2("max", I(1), F(1.5)), "float:1.5");
    CHECK_EQ_STR(call2("min", I(1), F(1.0)), "int:1"); /* ties keep the first */
    CHECK_EQ_STR(call2("max", F(1.0), I(1)), "float:1.0");
    CHECK_EQ_STR(call2("min", S("b"), S("a")), "string:\"a\"");
    CHECK_EQ_STR(call2("max", val_duration(SEC_NS), val_duration(2 * SEC_NS)), "duration:2s");
    CHECK_EQ_STR(call2("min", J("[]"), I(1)), "error: min: cannot compare list and int");
    CHECK_EQ_STR(call2("max", S("a"), I(1)), "error: max: cannot compare string and int");
    drain();
}

TEST(sort)
{
    CHECK_EQ_STR(call1("sort", J("[3,1,2.5,-1]")), "list:[-1,1,2.5,3]");
    CHECK_EQ_STR(call1("sort", J("[\"b\",\"a\",\"B\"]")), "list:[\"B\",\"a\",\"b\"]");
    CHECK_EQ_STR(call1("sort", J("[]")), "list:[]");
    CHECK_EQ_STR(call1("sort", J("[1,\"a\"]")), "error: sort: cannot compare int and string");
    CHECK_EQ_STR(call1("sort", J("[[1]]")), "error: sort: cannot sort a list holding list");
    CHECK_EQ_STR(call1("sort", J("[null]")), "error: sort: cannot sort a list holding null");
    CHECK_EQ_STR(call1("sort", S("x")), "error: sort: expected a list, got string");
    Value ds[3] = {val_duration(3), val_duration(1), val_duration(2)};
    Value l = K(val_list_from(ds, 3));
    callv("sort", &l, 1);
    REQUIRE(last_.type == T_LIST);
    CHECK_EQ_INT(val_list(last_)->items[0].as.i, 1);
    CHECK_EQ_INT(val_list(last_)->items[2].as.i, 3);
    /* The input is not changed. */
    CHECK_EQ_INT(val_list(l)->items[0].as.i, 3);
    /* Stable: 1 and 1.0 keep their order. */
    CHECK_EQ_STR(call1("sort", J("[2,1.0,1]")), "list:[1.0,1,2]");
    /* A longer list */
    Buf b = {0};
    buf_addc(&b, '[');
    for (int i = 0; i < 500; i++)
        buf_printf(&b, "%s%d", i ? "," : "", (i * 7919) % 500);
    buf_addc(&b, ']');
    callv("sort", (Value[]){J(b.data)}, 1);
    buf_free(&b);
    REQUIRE(last_.type == T_LIST);
    bool sorted = true;
    for (size_t i = 0; i < 500; i++)
        sorted &= val_list(last_)->items[i].as.i == (int64_t)i;
    CHECK(sorted);
    drain();
}

TEST(unique)
{
    CHECK_EQ_STR(call1("unique", J("[1,2,1,3,2]")), "list:[1,2,3]");
    CHECK_EQ_STR(call1("unique", J("[1,1.0,\"1\"]")), "list:[1,\"1\"]");
    CHECK_EQ_STR(call1("unique", J("[[1],[1],{\"a\":1},{\"a\":1}]")), "list:[[1],{\"a\":1}]");
    CHECK_EQ_STR(call1("unique", J("[]")), "list:[]");
    CHECK_EQ_STR(call1("unique", J("[null,null]")), "list:[null]");
    CHECK_EQ_STR(call1("unique", I(1)), "error: unique: expected a list, got int");
    Buf b = {0};
    buf_addc(&b, '[');
    for (int i = 0; i < 2000; i++)
        buf_printf(&b, "%s%d", i ? "," : "", i % 100);
    buf_addc(&b, ']');
    callv("unique", (Value[]){J(b.data)}, 1);
    buf_free(&b);
    REQUIRE(last_.type == T_LIST);
    CHECK_EQ_INT(val_list(last_)->len, 100);
    drain();
}

TEST(unknown_arguments_give_unknown)
{
    CHECK_EQ_STR(call1("len", val_unknown()), "unknown:(known after run)");
    CHECK_EQ_STR(call2("split", val_unknown(), S(",")), "unknown:(known after run)");
    Value u = val_unknown();
    CHECK_EQ_STR(call1("json", K(val_list_from(&u, 1))), "unknown:(known after run)");
    drain();
}

UNIT_MAIN()
