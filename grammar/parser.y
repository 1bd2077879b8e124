%code top {
/* parser.y — the runbook grammar (LANGUAGE.md, GRAMMAR.md). A pure bison
 * parser over the tokens of grammar/lexer.l; it builds the AST of
 * src/ast.h and reports syntax errors, recovering at statement ends so that
 * one run reports many. It does no name resolution and no checks beyond
 * syntax: that is src/check.c's job.
 *
 * Shape of the grammar:
 *  - A file is a sequence of statements separated by NL (newline or `;`);
 *    declarations are statements too, and a block reports any that are not
 *    at top level. The `runbook "Title"` header is a statement that must come
 *    first. A statement that is only a string literal becomes N_DOC.
 *  - Expressions use precedence declarations (one `expr` nonterminal).
 *  - Commands are CMDWORD followed by WORD_BEGIN-separated pieces.
 *  - Strings are DQ_BEGIN/TQ_BEGIN pieces STR_END; """ strings are dedented
 *    here (tq_dedent) over the pieces the lexer marked.
 *  - Error recovery: `error NL` in statement lists, `error }` before a
 *    block's end, `error` in a statement header before its block, and
 *    inside ${ }.
 *  - Depth: every location carries how deeply nested its construct is;
 *    operators and else-if chains add one, and a tree deeper than
 *    FRONT_MAX_DEPTH is replaced by a null node after one error, so no
 *    later pass recurses without bound.
 */
#include <stdlib.h>
#include <string.h>
}

%code requires {
#include "ast.h"
#include "lexer_api.h"
}

%code provides {
int rb_lex(RB_STYPE *lval, Loc *lloc, Front *f);
}

%code {
#include "frontend.h"

#define YYLLOC_DEFAULT(Cur, Rhs, N) loc_default(&(Cur), (Rhs), (N))
static void loc_default(Loc *cur, const Loc *rhs, int n);
static void rb_error(Loc *loc, Front *f, const char *msg);

/* Private flags: """ pieces (set by the lexer) and a word whose first
 * piece is an unquoted ${}. */
#define TQF_NL (1 << 16)
#define TQF_INDENT (1 << 17)
#define PF_INTERP_FIRST (1 << 18)

static Node *mk(Front *f, NodeKind k, const Loc *l) { return ast_new(f->arena, k, l->span); }
static Node *mk1(Front *f, NodeKind k, const Loc *l, Node *a);
static Node *mk2(Front *f, NodeKind k, const Loc *l, Node *a, Node *b);
static Node *mk_named(NodeKind k, const Loc *l, Node *ident);
static Node *mk_op(Front *f, NodeKind k, int op, const Loc *l, Node *a, Node *b);
static Node *deeper(Front *f, Loc *l, Node *n, bool stmt);
static Node *finish_string(Front *f, Node *c);
static void tq_dedent(Front *f, Node *c, bool first_line_inline);
static void word_add_string(Front *f, Node *w, Node *c, int quote);
static Node *finish_word(Front *f, Node *w, const Loc *l);
static Node *finish_cmd(Front *f, int kind, Node *words, const Loc *l);
static Node *finish_doc(Front *f, Node *e, const Loc *l);
static void block_add(Front *f, Node *blk, Node *s);
static void module_add(Front *f, Node *s);
static Node *plain_string(Front *f, Node *s, const char *what);
static Node *param_type(Front *f, Node *ident);
static Node *until_block(Front *f, Node *blk);
static Node *negate(Node *lit);
static void opt_twice(Front *f, const Loc *l, const char *what);
}

%define api.prefix {rb_}
%define api.token.prefix {TK_}
%define api.pure full
%define api.location.type {Loc}
%define api.header.include {"parser.h"}
%define parse.error custom
%define parse.lac full
%locations
%param {Front *f}
%expect 0

%initial-action {
    @$.span = front_span(f, 0, 0);
    @$.depth = 0;
}

%union {
    Node *node;
    int num;
    int open_id; /* `{`, map `{` and `${`: see front_discard_open */
}

%token NL "end of line"
%token <node> IDENT "a name"
%token <node> INT "an integer"
%token <node> FLOAT "a number"
%token <node> DURATION "a duration"
%token <node> STR_TEXT "string text"
%token <node> RAWSTR "a raw string"
%token <node> REGEX "a regex literal /…/"
%token <node> BARE "command text"
%token DQ_BEGIN "a string"
%token TQ_BEGIN "a triple-quoted string"
%token STR_END "the end of the string"
%token <open_id> INTERP_BEGIN "`${`"
%token INTERP_END "`}` closing `${`"
%token WORD_BEGIN "a command word"
%token <open_id> LBRACE_MAP "`{` (map)"
%token <open_id> '{'
%token EQ "`==`" NE "`!=`" LE "`<=`" GE "`>=`" RE_MATCH "`=~`" RE_NOMATCH "`!~`"
%token ARROW "`=>`" COALESCE "`??`"
%token RUNBOOK "`runbook`" PARAM "`param`" LET "`let`" SET "`set`"
%token SECTION "`section`" STEP "`step`" CHECK "`check`" WAIT "`wait`"
%token UNTIL "`until`" TIMEOUT "`timeout`" EVERY "`every`" RETRY "`retry`"
%token BACKOFF "`backoff`" IF "`if`" ELSE "`else`" MATCH "`match`" FOR "`for`"
%token IN "`in`" PARALLEL "`parallel`" CONFIRM "`confirm`" ESCALATE "`escalate`"
%token ESCALATION "`escalation`" CONTACT "`contact`" PROCEDURE "`procedure`"
%token RETURN "`return`" ON "`on`" FAILURE "`failure`" SUCCESS "`success`"
%token UNDO "`undo`" ROLLBACK "`rollback`" FAIL "`fail`" ABORT "`abort`"
%token LOG "`log`" TRY "`try`" IMPORT "`import`" AS "`as`" DEFAULTS "`defaults`"
%token MONITOR "`monitor`" ALERT "`alert`" TRUE "`true`" FALSE "`false`"
%token NULL "`null`" AND "`and`" OR "`or`" NOT "`not`" SECRET "`secret`"
%token EXPECT "`expect`" WHEN "`when`"
%token RUN "`run`" SH "`sh`" KUBECTL "`kubectl`" AWS "`aws`" HTTP "`http`"

%right '?' ':'
%left COALESCE
%left OR
%left AND
%precedence NOT
%nonassoc EQ NE '<' LE '>' GE IN RE_MATCH RE_NOMATCH
%left '+' '-'
%left '*' '/' '%'
%precedence UMINUS
%precedence '.' '[' '('

%type <node> stmt value command words word pieces dq tq str_parts interp string expr
%type <node> args arg_list list_items map_items pair_list pair
%type <node> stmt_seq block if_stmt else_part arm_seq arm patterns pattern arm_body
%type <node> type enum_members opt_default opt_string proc_params pp_list pp opt_type
%type <node> name_list name_items wait_opts retry_opts step_timeout step_tail until_cond
%type <num> cmd_kw step_kw

%destructor { front_discard_open(f, $$); } <open_id>

%%

file
    : top_seq
    ;

top_seq
    : %empty
    | top_seq NL
    | top_seq stmt NL           { module_add(f, $2); }
    | top_seq error NL          { yyerrok; }
    ;

stmt_seq
    : %empty                    { $$ = mk(f, N_BLOCK, &@$); }
    | stmt_seq NL               { $$ = $1; }
    | stmt_seq stmt NL          { $$ = $1; block_add(f, $$, $2); }
    | stmt_seq error NL         { $$ = $1; yyerrok; }
    ;

block
    : '{' stmt_seq '}'          { (void)$1; $$ = $2; $$->span = @$.span; }
    | '{' stmt_seq stmt '}'     { (void)$1; $$ = $2; block_add(f, $$, $3); $$->span = @$.span; }
    | '{' stmt_seq error '}'    { (void)$1; $$ = $2; $$->span = @$.span; yyerrok; }
    ;

stmt
    : LET IDENT '=' value       { $$ = mk_named(N_LET, &@$, $2); $$->a = $4; }
    | SET IDENT '=' value       { $$ = mk_named(N_SET, &@$, $2); $$->a = $4; }
    | LOG expr                  { $$ = mk1(f, N_LOG, &@$, $2); }
    | EXPECT expr               { $$ = mk1(f, N_EXPECT, &@$, $2); }
    | EXPECT expr ',' expr      { $$ = mk2(f, N_EXPECT, &@$, $2, $4); }
    | FAIL                      { $$ = mk(f, N_FAIL, &@$); }
    | FAIL expr                 { $$ = mk1(f, N_FAIL, &@$, $2); }
    | ABORT                     { $$ = mk(f, N_ABORT, &@$); }
    | ABORT expr                { $$ = mk1(f, N_ABORT, &@$, $2); }
    | RETURN                    { $$ = mk(f, N_RETURN, &@$); }
    | RETURN expr               { $$ = mk1(f, N_RETURN, &@$, $2); }
    | ROLLBACK                  { $$ = mk(f, N_ROLLBACK, &@$); }
    | SECTION string block      { $$ = mk2(f, N_SECTION, &@$, $2, $3); }
    | SECTION error block       { $$ = NULL; yyerrok; }
    | step_kw string step_timeout block step_tail
                                {
                                    $$ = $5;
                                    $$->span = @$.span;
                                    $$->op = $1;
                                    $$->a = $2;
                                    $$->b = $3;
                                    $$->c = $4;
                                }
    | step_kw error block step_tail
                                { $$ = NULL; yyerrok; }
    | if_stmt                   { $$ = $1; }
    | IF error block else_part  { $$ = NULL; yyerrok; }
    | MATCH expr '{' arm_seq '}'
                                { (void)$3; $$ = $4; $$->span = @$.span; $$->a = $2; }
    | MATCH expr '{' arm_seq arm '}'
                                { (void)$3; $$ = $4; ast_add(f->arena, $$, $5); $$->span = @$.span; $$->a = $2; }
    | MATCH expr '{' arm_seq error '}'
                                { (void)$3; $$ = $4; $$->span = @$.span; $$->a = $2; yyerrok; }
    | FOR IDENT IN expr block   { $$ = mk_named(N_FOR, &@$, $2); $$->a = $4; $$->b = $5; }
    | FOR IDENT IN expr PARALLEL expr block
                                { $$ = mk_named(N_FOR, &@$, $2); $$->a = $4; $$->b = $7; $$->c = $6; }
    | FOR error block           { $$ = NULL; yyerrok; }
    | WAIT expr                 { $$ = mk1(f, N_WAIT, &@$, $2); }
    | WAIT wait_opts UNTIL until_cond
                                { $$ = $2; $$->span = @$.span; $$->d = $4; }
    | WAIT string wait_opts UNTIL until_cond
                                { $$ = $3; $$->span = @$.span; $$->a = $2; $$->d = $5; }
    | RETRY expr retry_opts block
                                { $$ = $3; $$->span = @$.span; $$->a = $2; $$->d = $4; }
    | RETRY error block         { $$ = NULL; yyerrok; }
    | TIMEOUT expr block        { $$ = mk2(f, N_TIMEOUT, &@$, $2, $3); }
    | PARALLEL block            { $$ = mk2(f, N_PARALLEL, &@$, NULL, $2); }
    | PARALLEL IDENT expr block
                                {
                                    if (strcmp($2->str, "limit") != 0)
                                        front_error(f, @2.span, "unexpected name `%s` after `parallel`; write `parallel limit N { … }`", $2->str);
                                    $$ = mk2(f, N_PARALLEL, &@$, $3, $4);
                                }
    | CONFIRM expr              { $$ = mk1(f, N_CONFIRM, &@$, $2); }
    | CONFIRM expr WHEN expr    { $$ = mk2(f, N_CONFIRM, &@$, $2, $4); }
    | ESCALATE IDENT expr       { $$ = mk_named(N_ESCALATE, &@$, $2); $$->a = $3; }
    | command                   { $$ = $1; }
    | TRY command               { $$ = $2; $$->flags |= NF_TRY; $$->span = @$.span; }
    | expr                      { $$ = finish_doc(f, $1, &@$); }
    | RUNBOOK string            { $$ = mk(f, N_MODULE, &@$); $$->a = plain_string(f, $2, "the runbook title"); }
    | IMPORT string AS IDENT
                                {
                                    $$ = mk(f, N_IMPORT, &@$);
                                    $2 = plain_string(f, $2, "an import path");
                                    ast_set_str(f->arena, $$, $2->str, $2->len);
                                    $$->str2 = arena_strndup(f->arena, $4->str, strlen($4->str));
                                }
    | PARAM IDENT ':' type opt_default opt_string
                                {
                                    $$ = mk_named(N_PARAM, &@$, $2);
                                    $$->a = $4;
                                    $$->b = $5;
                                    $$->c = $6 ? plain_string(f, $6, "a parameter description") : NULL;
                                }
    | CONTACT IDENT string IDENT expr
                                {
                                    $$ = mk_named(N_CONTACT, &@$, $2);
                                    $$->a = $3;
                                    $$->b = $5;
                                    const char *ch = $4->str;
                                    if (strcmp(ch, "webhook") == 0)
                                        $$->op = CH_WEBHOOK;
                                    else if (strcmp(ch, "pagerduty") == 0)
                                        $$->op = CH_PAGERDUTY;
                                    else if (strcmp(ch, "email") == 0)
                                        $$->op = CH_EMAIL;
                                    else
                                        front_error(f, @4.span, "unknown contact channel `%s` (channels are webhook, pagerduty, email and log)", ch);
                                }
    | CONTACT IDENT string LOG  { $$ = mk_named(N_CONTACT, &@$, $2); $$->a = $3; $$->op = CH_LOG; }
    | ESCALATION IDENT string '[' name_list ']'
                                { $$ = $5; $$->span = @$.span; ast_set_str(f->arena, $$, $2->str, $2->len); $$->a = $3; }
    | ESCALATION IDENT string '[' name_list ']' EVERY expr
                                { $$ = $5; $$->span = @$.span; ast_set_str(f->arena, $$, $2->str, $2->len); $$->a = $3; $$->b = $8; }
    | DEFAULTS command
                                {
                                    $$ = $2;
                                    $$->kind = N_DEFAULTS;
                                    $$->span = @$.span;
                                    if ($$->op == CMD_SH)
                                        front_error(f, @$.span, "`defaults` applies to kubectl and aws only, not to sh");
                                }
    | PROCEDURE IDENT '(' proc_params ')' block
                                { $$ = $4; $$->span = @$.span; ast_set_str(f->arena, $$, $2->str, $2->len); $$->b = $6; }
    | PROCEDURE IDENT '(' proc_params ')' string block
                                { $$ = $4; $$->span = @$.span; ast_set_str(f->arena, $$, $2->str, $2->len); $$->a = $6; $$->b = $7; }
    | PROCEDURE error block     { $$ = NULL; yyerrok; }
    | ON FAILURE block          { $$ = mk1(f, N_ON_FAILURE, &@$, $3); }
    | ON SUCCESS block          { $$ = mk1(f, N_ON_SUCCESS, &@$, $3); }
    ;

step_kw
    : STEP                      { $$ = STEP_STEP; }
    | CHECK                     { $$ = STEP_CHECK; }
    ;

step_timeout
    : %empty                    { $$ = NULL; }
    | TIMEOUT expr              { $$ = $2; }
    ;

step_tail
    : %empty                    { $$ = mk(f, N_STEP, &@$); }
    | step_tail UNDO block
                                {
                                    $$ = $1;
                                    if ($$->d)
                                        opt_twice(f, &@2, "undo");
                                    else
                                        $$->d = $3;
                                }
    | step_tail ON FAILURE block
                                {
                                    $$ = $1;
                                    if ($$->e)
                                        opt_twice(f, &@2, "on failure");
                                    else
                                        $$->e = $4;
                                }
    ;

if_stmt
    : IF expr block else_part
                                {
                                    $$ = mk2(f, N_IF, &@$, $2, $3);
                                    $$->c = $4;
                                    $$ = deeper(f, &@$, $$, true);
                                }
    ;

else_part
    : %empty                    { $$ = NULL; }
    | ELSE block                { $$ = $2; }
    | ELSE if_stmt              { $$ = $2; }
    ;

arm_seq
    : %empty                    { $$ = mk(f, N_MATCH, &@$); }
    | arm_seq NL                { $$ = $1; }
    | arm_seq arm NL            { $$ = $1; ast_add(f->arena, $$, $2); }
    | arm_seq error NL          { $$ = $1; yyerrok; }
    ;

arm
    : patterns ARROW arm_body   { $$ = $1; $$->span = @$.span; $$->a = $3; }
    | IDENT ARROW arm_body
                                {
                                    if (strcmp($1->str, "_") != 0)
                                        front_error(f, @1.span, "a match pattern must be a literal or `_`, not the name `%s`", $1->str);
                                    $$ = mk1(f, N_ARM, &@$, $3);
                                    $$->flags |= NF_DEFAULT;
                                }
    ;

patterns
    : pattern                   { $$ = mk(f, N_ARM, &@$); ast_add(f->arena, $$, $1); }
    | patterns ',' pattern      { $$ = $1; ast_add(f->arena, $$, $3); }
    ;

pattern
    : string                    { $$ = plain_string(f, $1, "a match pattern"); }
    | INT                       { $$ = $1; }
    | FLOAT                     { $$ = $1; }
    | DURATION                  { $$ = $1; }
    | '-' INT                   { $$ = negate($2); $$->span = @$.span; }
    | '-' FLOAT                 { $$ = negate($2); $$->span = @$.span; }
    | '-' DURATION              { $$ = negate($2); $$->span = @$.span; }
    | TRUE                      { $$ = mk(f, N_TRUE, &@$); }
    | FALSE                     { $$ = mk(f, N_FALSE, &@$); }
    | NULL                      { $$ = mk(f, N_NULL, &@$); }
    ;

arm_body
    : stmt
                                {
                                    $$ = NULL;
                                    if ($1) {
                                        Node *blk = mk(f, N_BLOCK, &@$);
                                        block_add(f, blk, $1);
                                        if (blk->nkids == 1)
                                            $$ = blk->kids[0];
                                    }
                                }
    | block                     { $$ = $1; }
    ;

wait_opts
    : %empty                    { $$ = mk(f, N_WAIT_UNTIL, &@$); }
    | wait_opts TIMEOUT expr
                                {
                                    $$ = $1;
                                    if ($$->b) { opt_twice(f, &@2, "timeout"); }
                                    else $$->b = $3;
                                }
    | wait_opts EVERY expr
                                {
                                    $$ = $1;
                                    if ($$->c) { opt_twice(f, &@2, "every"); }
                                    else $$->c = $3;
                                }
    ;

until_cond
    : expr                      { $$ = $1; }
    | block                     { $$ = until_block(f, $1); }
    ;

retry_opts
    : %empty                    { $$ = mk(f, N_RETRY, &@$); }
    | retry_opts EVERY expr
                                {
                                    $$ = $1;
                                    if ($$->b) { opt_twice(f, &@2, "every"); }
                                    else $$->b = $3;
                                }
    | retry_opts BACKOFF expr
                                {
                                    $$ = $1;
                                    if ($$->c) { opt_twice(f, &@2, "backoff"); }
                                    else $$->c = $3;
                                }
    | retry_opts IDENT
                                {
                                    $$ = $1;
                                    if (strcmp($2->str, "jitter") != 0)
                                        front_error(f, @2.span, "unexpected name `%s` in `retry`; options are every, backoff and jitter", $2->str);
                                    else if ($$->flags & NF_JITTER)
                                        opt_twice(f, &@2, "jitter");
                                    $$->flags |= NF_JITTER;
                                }
    ;

value
    : expr                      { $$ = $1; }
    | command                   { $$ = $1; }
    | TRY command               { $$ = $2; $$->flags |= NF_TRY; $$->span = @$.span; }
    ;

command
    : cmd_kw words              { $$ = finish_cmd(f, $1, $2, &@$); }
    ;

cmd_kw
    : RUN                       { $$ = CMD_RUN; }
    | SH                        { $$ = CMD_SH; }
    | KUBECTL                   { $$ = CMD_KUBECTL; }
    | AWS                       { $$ = CMD_AWS; }
    | HTTP                      { $$ = CMD_HTTP; }
    ;

words
    : %empty                    { $$ = mk(f, N_CMD, &@$); }
    | words word                { $$ = $1; ast_add(f->arena, $$, $2); }
    ;

word
    : WORD_BEGIN pieces         { $$ = finish_word(f, $2, &@$); }
    ;

pieces
    : %empty                    { $$ = mk(f, N_WORD, &@$); }
    | pieces BARE               { $$ = $1; ast_add(f->arena, $$, $2); $$->i++; }
    | pieces RAWSTR             { $$ = $1; $2->op = Q_SINGLE; ast_add(f->arena, $$, $2); $$->i++; }
    | pieces dq                 { $$ = $1; word_add_string(f, $$, $2, Q_DOUBLE); $$->i++; }
    | pieces tq                 { $$ = $1; word_add_string(f, $$, $2, Q_TRIPLE); $$->i++; }
    | pieces interp
                                {
                                    $$ = $1;
                                    if ($$->i == 0)
                                        $$->flags |= PF_INTERP_FIRST;
                                    ast_add(f->arena, $$, $2);
                                    $$->i++;
                                }
    ;

dq
    : DQ_BEGIN str_parts STR_END
                                { $$ = $2; $$->span = @$.span; $$->op = Q_DOUBLE; }
    ;

tq
    : TQ_BEGIN str_parts STR_END
                                {
                                    $$ = $2;
                                    $$->span = @$.span;
                                    $$->op = Q_TRIPLE;
                                    /* the opener swallowed a newline: the text starts on a line of its own */
                                    tq_dedent(f, $$, @1.span.end_off - @1.span.off <= 3);
                                }
    ;

str_parts
    : %empty                    { $$ = mk(f, N_INTERP, &@$); }
    | str_parts STR_TEXT        { $$ = $1; ast_add(f->arena, $$, $2); }
    | str_parts interp          { $$ = $1; ast_add(f->arena, $$, $2); }
    ;

interp
    : INTERP_BEGIN expr INTERP_END
                                { (void)$1; $$ = $2; }
    | INTERP_BEGIN error INTERP_END
                                { (void)$1; $$ = mk(f, N_NULL, &@$); yyerrok; }
    ;

string
    : dq                        { $$ = finish_string(f, $1); }
    | tq                        { $$ = finish_string(f, $1); }
    | RAWSTR                    { $$ = $1; }
    ;

expr
    : expr '?' expr ':' expr
                                {
                                    $$ = mk2(f, N_TERNARY, &@$, $1, $3);
                                    $$->c = $5;
                                    $$ = deeper(f, &@$, $$, false);
                                }
    | expr COALESCE expr        { $$ = deeper(f, &@$, mk2(f, N_COALESCE, &@$, $1, $3), false); }
    | expr OR expr              { $$ = deeper(f, &@$, mk2(f, N_OR, &@$, $1, $3), false); }
    | expr AND expr             { $$ = deeper(f, &@$, mk2(f, N_AND, &@$, $1, $3), false); }
    | NOT expr                  { $$ = deeper(f, &@$, mk_op(f, N_UNARY, OP_NOT, &@$, $2, NULL), false); }
    | expr EQ expr              { $$ = deeper(f, &@$, mk_op(f, N_BINARY, OP_EQ, &@$, $1, $3), false); }
    | expr NE expr              { $$ = deeper(f, &@$, mk_op(f, N_BINARY, OP_NE, &@$, $1, $3), false); }
    | expr '<' expr             { $$ = deeper(f, &@$, mk_op(f, N_BINARY, OP_LT, &@$, $1, $3), false); }
    | expr LE expr              { $$ = deeper(f, &@$, mk_op(f, N_BINARY, OP_LE, &@$, $1, $3), false); }
    | expr '>' expr             { $$ = deeper(f, &@$, mk_op(f, N_BINARY, OP_GT, &@$, $1, $3), false); }
    | expr GE expr              { $$ = deeper(f, &@$, mk_op(f, N_BINARY, OP_GE, &@$, $1, $3), false); }
    | expr IN expr              { $$ = deeper(f, &@$, mk_op(f, N_BINARY, OP_IN, &@$, $1, $3), false); }
    | expr RE_MATCH REGEX %prec RE_MATCH
                                { $$ = deeper(f, &@$, mk_op(f, N_MATCH_RE, OP_MATCH, &@$, $1, $3), false); }
    | expr RE_NOMATCH REGEX %prec RE_MATCH
                                { $$ = deeper(f, &@$, mk_op(f, N_MATCH_RE, OP_NOMATCH, &@$, $1, $3), false); }
    | expr '+' expr             { $$ = deeper(f, &@$, mk_op(f, N_BINARY, OP_ADD, &@$, $1, $3), false); }
    | expr '-' expr             { $$ = deeper(f, &@$, mk_op(f, N_BINARY, OP_SUB, &@$, $1, $3), false); }
    | expr '*' expr             { $$ = deeper(f, &@$, mk_op(f, N_BINARY, OP_MUL, &@$, $1, $3), false); }
    | expr '/' expr             { $$ = deeper(f, &@$, mk_op(f, N_BINARY, OP_DIV, &@$, $1, $3), false); }
    | expr '%' expr             { $$ = deeper(f, &@$, mk_op(f, N_BINARY, OP_MOD, &@$, $1, $3), false); }
    | '-' expr %prec UMINUS     { $$ = deeper(f, &@$, mk_op(f, N_UNARY, OP_NEG, &@$, $2, NULL), false); }
    | expr '.' IDENT
                                {
                                    $$ = mk1(f, N_FIELD, &@$, $1);
                                    ast_set_str(f->arena, $$, $3->str, $3->len);
                                    $$ = deeper(f, &@$, $$, false);
                                }
    | expr '[' expr ']'         { $$ = deeper(f, &@$, mk2(f, N_INDEX, &@$, $1, $3), false); }
    | expr '(' args ')'
                                {
                                    $$ = $3;
                                    $$->span = @$.span;
                                    $$->a = $1;
                                    $$ = deeper(f, &@$, $$, false);
                                }
    | INT                       { $$ = $1; }
    | FLOAT                     { $$ = $1; }
    | DURATION                  { $$ = $1; }
    | string                    { $$ = $1; }
    | TRUE                      { $$ = mk(f, N_TRUE, &@$); }
    | FALSE                     { $$ = mk(f, N_FALSE, &@$); }
    | NULL                      { $$ = mk(f, N_NULL, &@$); }
    | IDENT                     { $$ = $1; }
    | FAILURE                   { $$ = mk(f, N_FAILURE, &@$); }
    | '(' expr ')'              { $$ = $2; }
    | '[' list_items ']'        { $$ = $2; $$->span = @$.span; }
    | LBRACE_MAP map_items '}'  { (void)$1; $$ = $2; $$->span = @$.span; }
    ;

args
    : %empty                    { $$ = mk(f, N_CALL, &@$); }
    | arg_list                  { $$ = $1; }
    | arg_list ','              { $$ = $1; }
    ;

arg_list
    : expr                      { $$ = mk(f, N_CALL, &@$); ast_add(f->arena, $$, $1); }
    | arg_list ',' expr         { $$ = $1; ast_add(f->arena, $$, $3); }
    ;

list_items
    : args                      { $$ = $1; $$->kind = N_LIST; }
    ;

map_items
    : %empty                    { $$ = mk(f, N_MAP, &@$); }
    | pair_list                 { $$ = $1; }
    | pair_list ','             { $$ = $1; }
    ;

pair_list
    : pair                      { $$ = mk(f, N_MAP, &@$); ast_add(f->arena, $$, $1); }
    | pair_list ',' pair        { $$ = $1; ast_add(f->arena, $$, $3); }
    ;

pair
    : IDENT ':' expr            { $$ = mk_named(N_PAIR, &@$, $1); $$->a = $3; }
    | string ':' expr
                                {
                                    $1 = plain_string(f, $1, "a map key");
                                    $$ = mk(f, N_PAIR, &@$);
                                    ast_set_str(f->arena, $$, $1->str, $1->len);
                                    $$->a = $3;
                                }
    ;

type
    : IDENT                     { $$ = param_type(f, $1); }
    | SECRET                    { $$ = mk(f, N_TYPE, &@$); $$->op = TY_SECRET; }
    | enum_members              { $$ = $1; $$->span = @$.span; }
    ;

enum_members
    : string                    { $$ = mk(f, N_TYPE, &@$); $$->op = TY_ENUM; ast_add(f->arena, $$, plain_string(f, $1, "an enum member")); }
    | enum_members '|' string   { $$ = $1; ast_add(f->arena, $$, plain_string(f, $3, "an enum member")); }
    ;

opt_default
    : %empty                    { $$ = NULL; }
    | '=' expr                  { $$ = $2; }
    ;

opt_string
    : %empty                    { $$ = NULL; }
    | string                    { $$ = $1; }
    ;

proc_params
    : %empty                    { $$ = mk(f, N_PROCEDURE, &@$); }
    | pp_list                   { $$ = $1; }
    | pp_list ','               { $$ = $1; }
    ;

pp_list
    : pp                        { $$ = mk(f, N_PROCEDURE, &@$); ast_add(f->arena, $$, $1); }
    | pp_list ',' pp            { $$ = $1; ast_add(f->arena, $$, $3); }
    ;

pp
    : IDENT opt_type opt_default
                                { $$ = mk_named(N_PARAM, &@$, $1); $$->a = $2; $$->b = $3; }
    ;

opt_type
    : %empty                    { $$ = NULL; }
    | ':' type                  { $$ = $2; }
    ;

name_list
    : %empty                    { $$ = mk(f, N_ESCALATION, &@$); }
    | name_items                { $$ = $1; }
    | name_items ','            { $$ = $1; }
    ;

name_items
    : IDENT                     { $$ = mk(f, N_ESCALATION, &@$); ast_add(f->arena, $$, $1); }
    | name_items ',' IDENT      { $$ = $1; ast_add(f->arena, $$, $3); }
    ;

%%

/* --- locations -------------------------------------------------------------- */

/* A rule's span runs from its first to its last symbol that covers any
 * text (empty rules and zero-width tokens do not stretch it); its depth is
 * the deepest of its symbols. */
static void loc_default(Loc *cur, const Loc *rhs, int n)
{
    int first = 0, last = 0, depth = 0;
    for (int i = 1; i <= n; i++) {
        if (rhs[i].depth > depth)
            depth = rhs[i].depth;
        if (rhs[i].span.end_off > rhs[i].span.off) {
            if (!first)
                first = i;
            last = i;
        }
    }
    if (first) {
        cur->span = span_join(rhs[first].span, rhs[last].span);
    } else {
        /* nothing visible: an empty span where the previous symbol ended
         * (or where the first zero-width one stands) */
        Span s = n ? rhs[1].span : rhs[0].span;
        if (!n) {
            s.line = s.end_line;
            s.col = s.end_col;
            s.off = s.end_off;
        }
        s.end_line = s.line;
        s.end_col = s.col;
        s.end_off = s.off;
        cur->span = s;
    }
    cur->depth = depth;
}

static Node *deeper(Front *f, Loc *l, Node *n, bool stmt)
{
    if (++l->depth <= FRONT_MAX_DEPTH)
        return n;
    if (!f->depth_reported) {
        f->depth_reported = true;
        front_error(f, l->span, "expression or `if` chain nested too deeply (more than %d levels)",
                    FRONT_MAX_DEPTH);
    }
    l->depth = 0;
    return stmt ? NULL : ast_new(f->arena, N_NULL, l->span);
}

/* --- node helpers -------------------------------------------------------------- */

static Node *mk1(Front *f, NodeKind k, const Loc *l, Node *a)
{
    Node *n = mk(f, k, l);
    n->a = a;
    return n;
}

static Node *mk2(Front *f, NodeKind k, const Loc *l, Node *a, Node *b)
{
    Node *n = mk(f, k, l);
    n->a = a;
    n->b = b;
    return n;
}

static Node *mk_op(Front *f, NodeKind k, int op, const Loc *l, Node *a, Node *b)
{
    Node *n = mk2(f, k, l, a, b);
    n->op = op;
    return n;
}

/* A node named by an IDENT token: the token's N_NAME node becomes it. */
static Node *mk_named(NodeKind k, const Loc *l, Node *ident)
{
    ident->kind = k;
    ident->span = l->span;
    return ident;
}

static Node *negate(Node *lit)
{
    if (lit->kind == N_FLOAT)
        lit->f = -lit->f;
    else if (lit->i != INT64_MIN)
        lit->i = -lit->i;
    return lit;
}

static void opt_twice(Front *f, const Loc *l, const char *what)
{
    front_error(f, l->span, "`%s` given twice", what);
}

static bool is_decl(const Node *s)
{
    switch (s->kind) {
    case N_MODULE: case N_IMPORT: case N_PARAM: case N_CONTACT: case N_ESCALATION:
    case N_DEFAULTS: case N_PROCEDURE: case N_ON_FAILURE: case N_ON_SUCCESS:
        return true;
    default:
        return false;
    }
}

static const char *decl_keyword(const Node *s)
{
    switch (s->kind) {
    case N_MODULE: return "runbook";
    case N_IMPORT: return "import";
    case N_PARAM: return "param";
    case N_CONTACT: return "contact";
    case N_ESCALATION: return "escalation";
    case N_DEFAULTS: return "defaults";
    case N_PROCEDURE: return "procedure";
    case N_ON_FAILURE: return "on failure";
    case N_ON_SUCCESS: return "on success";
    default: return "?";
    }
}

/* The span of a statement's leading keyword. */
static Span keyword_span(Front *f, const Node *s)
{
    const char *kw = decl_keyword(s);
    size_t n = strlen(kw);
    uint32_t end = s->span.off + (uint32_t)n;
    if (end > s->span.end_off)
        end = s->span.end_off;
    return front_span(f, s->span.off, end);
}

/* Statements of a block: declarations are reported and dropped. */
static void block_add(Front *f, Node *blk, Node *s)
{
    if (!s)
        return;
    if (is_decl(s)) {
        if (s->kind == N_MODULE)
            front_error(f, keyword_span(f, s), "the `runbook \"Title\"` header belongs at the start of the file");
        else if (s->kind == N_ON_FAILURE)
            front_error(f, keyword_span(f, s), "`on failure` here must follow a step's closing brace on the same line "
                        "(`} on failure {`); a stand-alone `on failure` is only allowed at the top level");
        else
            front_error(f, keyword_span(f, s), "`%s` is only allowed at the top level of a runbook",
                        decl_keyword(s));
        return;
    }
    ast_add(f->arena, blk, s);
}

static void module_add(Front *f, Node *s)
{
    if (!s)
        return;
    Node *m = f->module;
    if (s->kind == N_MODULE) {
        if (m->nkids == 0 && !f->header_seen) {
            f->header_seen = true;
            Node *t = s->a;
            s->a = NULL;
            if (t && t->kind == N_STRING)
                ast_set_str(f->arena, m, t->str, t->len);
            m->a = t;
        } else {
            front_error(f, keyword_span(f, s), f->header_seen
                            ? "a runbook has only one `runbook \"Title\"` header"
                            : "the `runbook \"Title\"` header must come first");
        }
        return;
    }
    if (!f->header_seen && !f->header_complained && f->first_kind != TK_RUNBOOK) {
        f->header_complained = true;
        Span sp = s->span;
        if (sp.end_line != sp.line)
            sp = front_span(f, sp.off, sp.off + 1);
        front_error(f, sp, "a runbook must start with a `runbook \"Title\"` header");
    }
    ast_add(f->arena, m, s);
}

/* A string that must not interpolate: titles, paths, keys, enum members. */
static Node *plain_string(Front *f, Node *s, const char *what)
{
    if (s->kind == N_STRING)
        return s;
    front_error(f, s->span, "%s cannot contain `${…}`", what);
    Node *t = ast_new(f->arena, N_STRING, s->span);
    ast_set_str(f->arena, t, "", 0);
    t->op = Q_DOUBLE;
    return t;
}

static Node *param_type(Front *f, Node *ident)
{
    static const struct {
        const char *name;
        TypeKind kind;
    } types[] = {
        {"string", TY_STRING}, {"int", TY_INT},   {"float", TY_FLOAT},
        {"bool", TY_BOOL},     {"duration", TY_DURATION}, {"list", TY_LIST},
        {"map", TY_MAP},
    };
    Node *t = ast_new(f->arena, N_TYPE, ident->span);
    t->op = TY_STRING;
    size_t i;
    for (i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(ident->str, types[i].name) == 0)
            break;
    if (i < sizeof types / sizeof types[0])
        t->op = types[i].kind;
    else
        front_error(f, ident->span, "unknown type `%s` (types are string, int, float, bool, duration, "
                    "list, map, secret, or an enum such as \"a\" | \"b\")", ident->str);
    return t;
}

static Node *until_block(Front *f, Node *blk)
{
    Node *last = blk->nkids ? blk->kids[blk->nkids - 1] : NULL;
    if (last && last->kind == N_DOC) {
        /* a string as the condition */
        Node *e = ast_new(f->arena, N_EXPR_STMT, last->span);
        e->a = last->a;
        last->a = NULL;
        blk->kids[blk->nkids - 1] = e;
        last = e;
    }
    if (!last || last->kind != N_EXPR_STMT)
        front_error(f, last ? last->span : blk->span,
                    "the last statement of an `until { … }` block must be the condition to wait for");
    return blk;
}

/* A statement that is only an expression: prose when it is a string. */
static Node *finish_doc(Front *f, Node *e, const Loc *l)
{
    if (e->kind != N_STRING && e->kind != N_INTERP)
        return mk1(f, N_EXPR_STMT, l, e);
    Node *d = mk1(f, N_DOC, l, e);
    if (e->kind == N_STRING) {
        ast_set_str(f->arena, d, e->str, e->len);
        return d;
    }
    /* Interpolations stay as written. */
    Buf b = {0};
    for (size_t i = 0; i < e->nkids; i++) {
        const Node *p = e->kids[i];
        if (p->kind == N_STRING) {
            buf_add(&b, p->str, p->len);
        } else {
            buf_adds(&b, "${");
            if (p->span.end_off > p->span.off && p->span.end_off <= f->len)
                buf_add(&b, f->src->text + p->span.off, p->span.end_off - p->span.off);
            buf_adds(&b, "}");
        }
    }
    ast_set_str(f->arena, d, b.data ? b.data : "", b.len);
    buf_free(&b);
    return d;
}

/* --- strings and words ------------------------------------------------------ */

static bool is_text(const Node *n) { return n && n->kind == N_STRING; }

/* Join adjacent text pieces (of the same quoting when same_quote). */
static void merge_texts(Front *f, Node *c, bool same_quote)
{
    size_t o = 0;
    for (size_t i = 0; i < c->nkids; i++) {
        Node *k = c->kids[i];
        Node *prev = o ? c->kids[o - 1] : NULL;
        if (is_text(k) && is_text(prev) && (!same_quote || prev->op == k->op)) {
            char *s = arena_alloc(f->arena, prev->len + k->len + 1);
            memcpy(s, prev->str, prev->len);
            memcpy(s + prev->len, k->str, k->len);
            prev->str = s;
            prev->len += k->len;
            if (k->span.end_off > prev->span.end_off)
                prev->span = span_join(prev->span, k->span);
            continue;
        }
        c->kids[o++] = k;
    }
    c->nkids = o;
}

/* Drop empty text pieces, unless that would leave nothing. */
static void drop_empty_texts(Node *c)
{
    size_t o = 0, n = c->nkids;
    for (size_t i = 0; i < n; i++) {
        Node *k = c->kids[i];
        if (is_text(k) && k->len == 0 && n > 1)
            continue;
        c->kids[o++] = k;
    }
    c->nkids = o;
    if (o == 0 && n > 0) /* all were empty: keep nothing, caller decides */
        c->nkids = 0;
}

static bool is_marked(const Node *n, int flag) { return is_text(n) && (n->flags & flag); }

/* Remove the common leading indentation of a """ string's lines (over the
 * lines that have content; blank lines lose all their blanks). A first line
 * that starts right after the opening quotes is left alone and does not
 * count. The lexer marked raw newlines (TQF_NL) and line-leading blanks
 * (TQF_INDENT); escapes such as \t are content, not indentation. */
static void tq_dedent(Front *f, Node *c, bool first_line_inline)
{
    Node **k = c->kids;
    size_t n = c->nkids;
    const char *common = NULL;
    size_t clen = 0;
    bool have = false;

    for (size_t start = 0, line = 0;; line++) {
        size_t end = start;
        while (end < n && !is_marked(k[end], TQF_NL))
            end++;
        if (!(line == 0 && first_line_inline)) {
            const Node *ind = start < end && is_marked(k[start], TQF_INDENT) ? k[start] : NULL;
            bool blank = start + (ind ? 1 : 0) == end;
            if (!blank) {
                const char *s = ind ? ind->str : "";
                size_t l = ind ? ind->len : 0;
                if (!have) {
                    common = s, clen = l, have = true;
                } else {
                    size_t m = 0;
                    while (m < clen && m < l && common[m] == s[m])
                        m++;
                    clen = m;
                }
            }
        }
        if (end >= n)
            break;
        start = end + 1;
    }

    size_t o = 0;
    for (size_t start = 0, line = 0;; line++) {
        size_t end = start;
        while (end < n && !is_marked(k[end], TQF_NL))
            end++;
        size_t i = start;
        if (!(line == 0 && first_line_inline) && i < end && is_marked(k[i], TQF_INDENT)) {
            Node *ind = k[i++];
            bool blank = i == end;
            if (blank || ind->len <= clen) {
            } else {
                memmove(ind->str, ind->str + clen, ind->len - clen + 1);
                ind->len -= clen;
                ind->flags &= ~TQF_INDENT;
                k[o++] = ind;
            }
        }
        for (; i < end; i++) {
            k[i]->flags &= ~(TQF_INDENT | TQF_NL);
            k[o++] = k[i];
        }
        if (end >= n)
            break;
        k[end]->flags &= ~TQF_NL;
        k[o++] = k[end];
        start = end + 1;
    }
    c->nkids = o;
    merge_texts(f, c, false);
}

/* A string literal in an expression: N_STRING when it has no ${}, else
 * N_INTERP of text pieces and expressions. c is the str_parts container
 * (an N_INTERP with op = its quoting). */
static Node *finish_string(Front *f, Node *c)
{
    int q = c->op;
    c->op = 0;
    merge_texts(f, c, false);
    bool has_expr = false;
    for (size_t i = 0; i < c->nkids; i++)
        has_expr |= !is_text(c->kids[i]);
    if (!has_expr) {
        Node *s = ast_new(f->arena, N_STRING, c->span);
        s->op = q;
        if (c->nkids == 1) {
            s->str = c->kids[0]->str;
            s->len = c->kids[0]->len;
            c->kids[0]->str = NULL;
        } else {
            ast_set_str(f->arena, s, "", 0);
        }
        return s;
    }
    drop_empty_texts(c);
    for (size_t i = 0; i < c->nkids; i++)
        if (is_text(c->kids[i]))
            c->kids[i]->op = q;
    return c;
}

/* Add a quoted string's pieces to a command word. */
static void word_add_string(Front *f, Node *w, Node *c, int quote)
{
    merge_texts(f, c, false);
    for (size_t i = 0; i < c->nkids; i++)
        if (is_text(c->kids[i]))
            c->kids[i]->op = quote;
    if (c->nkids == 0) {
        /* "" is still an argument */
        Node *e = ast_new(f->arena, N_STRING, c->span);
        ast_set_str(f->arena, e, "", 0);
        e->op = quote;
        ast_add(f->arena, w, e);
    }
    for (size_t i = 0; i < c->nkids; i++)
        ast_add(f->arena, w, c->kids[i]);
    c->nkids = 0;
}

static Node *finish_word(Front *f, Node *w, const Loc *l)
{
    bool whole = w->i == 1 && (w->flags & PF_INTERP_FIRST);
    w->i = 0;
    w->flags = 0;
    merge_texts(f, w, true);
    drop_empty_texts(w);
    if (whole)
        w->flags |= NF_WHOLE_EXPR;
    w->span = l->span;
    return w;
}

static Node *finish_cmd(Front *f, int kind, Node *words, const Loc *l)
{
    words->op = kind;
    words->span = l->span;
    if (kind != CMD_SH)
        return words;
    if (words->nkids == 0) {
        front_error(f, l->span, "`sh` needs a script");
        return words;
    }
    Node *w = words->kids[0];
    w->flags &= ~NF_WHOLE_EXPR;
    bool triple = false, other = false;
    for (size_t i = 0; i < w->nkids; i++) {
        if (is_text(w->kids[i])) {
            triple |= w->kids[i]->op == Q_TRIPLE;
            other |= w->kids[i]->op != Q_TRIPLE;
        }
    }
    if (words->nkids > 1 || (triple && other))
        front_error(f, words->nkids > 1 ? words->kids[1]->span : w->span,
                    "a `sh` script written as \"\"\"…\"\"\" must be the only thing after `sh`");
    return words;
}

/* --- syntax errors ---------------------------------------------------------- */

static void rb_error(Loc *loc, Front *f, const char *msg)
{
    if (strcmp(msg, "memory exhausted") == 0)
        front_error(f, loc->span, "program nested too deeply for the parser");
    else
        front_error(f, loc->span, "%s", msg);
}

/* A token's name for messages: its alias without bison's quotes, or a
 * character token in backticks. */
static void put_symbol(Buf *b, yysymbol_kind_t k)
{
    const char *name = yysymbol_name(k);
    size_t n = strlen(name);
    if (n >= 3 && name[0] == '\'' && name[n - 1] == '\'') {
        buf_printf(b, "`%.*s`", (int)(n - 2), name + 1);
    } else if (n >= 2 && name[0] == '"' && name[n - 1] == '"') {
        buf_add(b, name + 1, n - 2);
    } else {
        buf_adds(b, name);
    }
}

/* What the parser found, from the token's own text where that reads well. */
static void put_found(Buf *b, Front *f, yysymbol_kind_t k, const Loc *loc)
{
    const char *text = f->src->text + loc->span.off;
    size_t n = loc->span.end_off - loc->span.off;
    if (loc->span.end_off > f->len)
        n = 0;
    switch (k) {
    case YYSYMBOL_YYEOF:
        buf_adds(b, "end of file");
        return;
    case YYSYMBOL_NL:
        buf_adds(b, n == 1 && text[0] == ';' ? "`;`" : "end of line");
        return;
    case YYSYMBOL_IDENT:
        buf_printf(b, "name `%.*s`", (int)(n > 40 ? 40 : n), text);
        return;
    case YYSYMBOL_INT:
    case YYSYMBOL_FLOAT:
        buf_printf(b, "number `%.*s`", (int)(n > 40 ? 40 : n), text);
        return;
    case YYSYMBOL_DURATION:
        buf_printf(b, "duration `%.*s`", (int)(n > 40 ? 40 : n), text);
        return;
    case YYSYMBOL_DQ_BEGIN:
    case YYSYMBOL_TQ_BEGIN:
    case YYSYMBOL_RAWSTR:
    case YYSYMBOL_STR_TEXT:
        buf_adds(b, "string");
        return;
    case YYSYMBOL_STR_END:
        buf_adds(b, "end of string");
        return;
    case YYSYMBOL_WORD_BEGIN:
    case YYSYMBOL_BARE:
        buf_adds(b, "command word");
        return;
    case YYSYMBOL_REGEX:
        buf_adds(b, "regex literal");
        return;
    default:
        break;
    }
    bool plain = n > 0 && n <= 20;
    for (size_t i = 0; plain && i < n; i++)
        plain = (unsigned char)text[i] >= 0x20 && text[i] != '`';
    if (plain)
        buf_printf(b, "`%.*s`", (int)n, text);
    else
        put_symbol(b, k);
}

static bool is_char_token(yysymbol_kind_t k, char c)
{
    const char *name = yysymbol_name(k);
    return strlen(name) == 3 && name[0] == '\'' && name[1] == c;
}

/* Tokens that only continue an expression: left out of "expected …" lists,
 * which are then short enough to help. */
static bool continues_expr(yysymbol_kind_t k)
{
    switch (k) {
    case YYSYMBOL_COALESCE: case YYSYMBOL_OR: case YYSYMBOL_AND:
    case YYSYMBOL_EQ: case YYSYMBOL_NE: case YYSYMBOL_LE: case YYSYMBOL_GE:
    case YYSYMBOL_IN: case YYSYMBOL_RE_MATCH: case YYSYMBOL_RE_NOMATCH:
    case YYSYMBOL_YYerror: case YYSYMBOL_YYUNDEF:
        return true;
    default:
        break;
    }
    const char *name = yysymbol_name(k);
    return strlen(name) == 3 && name[0] == '\'' && strchr("?:<>+-*/%.[(", name[1]);
}

static bool starts_statement(yysymbol_kind_t k)
{
    switch (k) {
    case YYSYMBOL_LET: case YYSYMBOL_SET: case YYSYMBOL_LOG: case YYSYMBOL_EXPECT:
    case YYSYMBOL_FAIL: case YYSYMBOL_ABORT: case YYSYMBOL_RETURN: case YYSYMBOL_ROLLBACK:
    case YYSYMBOL_SECTION: case YYSYMBOL_STEP: case YYSYMBOL_CHECK: case YYSYMBOL_IF:
    case YYSYMBOL_MATCH: case YYSYMBOL_FOR: case YYSYMBOL_WAIT: case YYSYMBOL_RETRY:
    case YYSYMBOL_TIMEOUT: case YYSYMBOL_PARALLEL: case YYSYMBOL_CONFIRM:
    case YYSYMBOL_ESCALATE: case YYSYMBOL_RUNBOOK: case YYSYMBOL_IMPORT:
    case YYSYMBOL_PARAM: case YYSYMBOL_CONTACT: case YYSYMBOL_ESCALATION:
    case YYSYMBOL_DEFAULTS: case YYSYMBOL_PROCEDURE: case YYSYMBOL_ON:
    case YYSYMBOL_RUN: case YYSYMBOL_SH: case YYSYMBOL_KUBECTL: case YYSYMBOL_AWS:
    case YYSYMBOL_HTTP:
        return true;
    default:
        return false;
    }
}

static const char *closer_of(const Open *o, const char **what)
{
    switch (o->kind) {
    case OPEN_PAREN: *what = "the `(`"; return ")";
    case OPEN_BRACKET: *what = "the `[`"; return "]";
    case OPEN_MAP: *what = "the map"; return "}";
    default: *what = "the block"; return "}";
    }
}

static int yyreport_syntax_error(const yypcontext_t *ctx, Front *f)
{
    if (f->stop)
        return 0;
    yysymbol_kind_t la = yypcontext_token(ctx);
    const Loc *loc = yypcontext_location(ctx);
    Span at = loc->span;
    Buf b = {0};

    if (la == YYSYMBOL_YYEOF && f->eof_silent)
        return 0;
    const Open *o = front_innermost_bracket(f);
    if (o && (la == YYSYMBOL_YYEOF ||
              (starts_statement(la) && o->kind != OPEN_BLOCK &&
               front_span(f, o->off, o->off).line < at.line))) {
        /* An unclosed bracket: say which one. */
        const char *what, *closer = closer_of(o, &what);
        Span os = front_span(f, o->off, o->off + 1);
        buf_printf(&b, "expected `%s` to close %s opened at %u:%u, found ", closer, what,
                   os.line, os.col);
        put_found(&b, f, la, loc);
        if (la == YYSYMBOL_YYEOF && f->len > 0 && f->src->text[f->len - 1] == '\n')
            at = front_span(f, (uint32_t)f->len - 1, (uint32_t)f->len - 1);
        if (la != YYSYMBOL_YYEOF)
            front_forget_brackets(f);
        front_error(f, at, "%s", b.data);
        buf_free(&b);
        return 0;
    }

    switch (la) {
    case YYSYMBOL_MONITOR:
    case YYSYMBOL_ALERT:
        front_error(f, at, "`%s` is not supported yet", la == YYSYMBOL_MONITOR ? "monitor" : "alert");
        return 0;
    case YYSYMBOL_ELSE:
        front_error(f, at, "unexpected `else`: it must follow the `}` of an `if` block, on the same line");
        return 0;
    case YYSYMBOL_UNDO:
        front_error(f, at, "unexpected `undo`: it must follow the `}` of a step, on the same line");
        return 0;
    default:
        break;
    }

    buf_adds(&b, "unexpected ");
    put_found(&b, f, la, loc);
    yysymbol_kind_t exp[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, exp, YYNTOKENS);
    yysymbol_kind_t keep[YYNTOKENS];
    int nk = 0;
    bool want_stmt = false, want_expr = false, can_end = false;
    for (int i = 0; i < n; i++) {
        want_stmt |= exp[i] == YYSYMBOL_LET;
        want_expr |= exp[i] == YYSYMBOL_IDENT;
        can_end |= exp[i] == YYSYMBOL_NL;
        if (!continues_expr(exp[i]))
            keep[nk++] = exp[i];
    }
    bool after_operand = f->prev[1] == TK_IDENT || f->prev[1] == TK_INT || f->prev[1] == TK_FLOAT ||
                         f->prev[1] == TK_DURATION || f->prev[1] == TK_STR_END || f->prev[1] == TK_RAWSTR ||
                         f->prev[1] == TK_REGEX || f->prev[1] == ')' || f->prev[1] == ']' ||
                         f->prev[1] == TK_TRUE || f->prev[1] == TK_FALSE || f->prev[1] == TK_NULL;
    if (after_operand && (la == YYSYMBOL_EQ || la == YYSYMBOL_NE || la == YYSYMBOL_LE || la == YYSYMBOL_GE ||
                          la == YYSYMBOL_IN || la == YYSYMBOL_RE_MATCH || la == YYSYMBOL_RE_NOMATCH ||
                          is_char_token(la, '<') || is_char_token(la, '>'))) {
        buf_adds(&b, ": comparisons cannot be chained (use `and`, or parentheses)");
    } else if (is_char_token(la, '=') && can_end) {
        buf_adds(&b, " (declare with `let NAME = …`, assign with `set NAME = …`)");
    } else if (nk > 4 && want_stmt) {
        buf_adds(&b, ", expected a statement");
    } else if (nk > 4 && want_expr) {
        buf_adds(&b, ", expected an expression");
    } else if (nk >= 1 && nk <= 4) {
        buf_adds(&b, ", expected ");
        for (int i = 0; i < nk; i++) {
            if (i)
                buf_adds(&b, i == nk - 1 ? " or " : ", ");
            put_symbol(&b, keep[i]);
        }
    }
    if (la == YYSYMBOL_YYEOF && f->len > 0 && f->src->text[f->len - 1] == '\n')
        at = front_span(f, (uint32_t)f->len - 1, (uint32_t)f->len - 1);
    front_error(f, at, "%s", b.data);
    buf_free(&b);
    return 0;
}

/* --- entry point ------------------------------------------------------------ */

Node *parse_source(const Source *src, Diags *diags, Arena *arena)
{
    Front f;
    front_init(&f, src, diags, arena);
    f.module = ast_new(arena, N_MODULE, front_span(&f, 0, (uint32_t)f.len));
    ast_set_str(arena, f.module, "", 0);
    if (!f.stop)
        rb_parse(&f);
    if (!f.header_seen && !f.header_complained && f.first_kind != TK_RUNBOOK && !f.stop)
        front_error(&f, front_span(&f, 0, 0), "a runbook must start with a `runbook \"Title\"` header");
    Node *m = f.module;
    front_destroy(&f);
    return m;
}
