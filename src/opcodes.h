/* opcodes.h — the one table of VM instructions. Included with a definition
 * of OPCODE(...) to generate the enum, the names, the disassembler's
 * operand printing, the verifier's checks and the dispatch table.
 *
 * Encoding: code is an array of 32-bit words. The first word of an
 * instruction is `op | A << 8` (A: 24 bits, signed for jumps); an
 * instruction whose B kind is not OK_NONE has one more word holding B.
 *
 * OPCODE(NAME, A kind, B kind, pops, pushes, doc)
 *   kinds: OK_NONE, OK_K constant index, OK_L local slot, OK_G global slot,
 *   OK_J jump offset relative to the next instruction, OK_N count,
 *   OK_P procedure index, OK_F builtin id, OK_S step index, OK_I immediate.
 *   pops/pushes: stack effect as expressions of `a` and `b`.
 */

/* clang-format off */
#define OPCODE_LIST(OPCODE)                                                              \
    OPCODE(NOP,           OK_NONE, OK_NONE, 0, 0, "do nothing")                          \
    OPCODE(CONST,         OK_K,    OK_NONE, 0, 1, "push constant A")                     \
    OPCODE(NULL,          OK_NONE, OK_NONE, 0, 1, "push null")                           \
    OPCODE(TRUE,          OK_NONE, OK_NONE, 0, 1, "push true")                           \
    OPCODE(FALSE,         OK_NONE, OK_NONE, 0, 1, "push false")                          \
    OPCODE(INT,           OK_I,    OK_NONE, 0, 1, "push the small int A (signed 24-bit)") \
    OPCODE(POP,           OK_NONE, OK_NONE, 1, 0, "discard the top")                     \
    OPCODE(DUP,           OK_NONE, OK_NONE, 1, 2, "duplicate the top")                   \
    OPCODE(GET_LOCAL,     OK_L,    OK_NONE, 0, 1, "push local A")                        \
    OPCODE(SET_LOCAL,     OK_L,    OK_NONE, 1, 0, "pop into local A")                    \
    OPCODE(GET_GLOBAL,    OK_G,    OK_NONE, 0, 1, "push global A")                       \
    OPCODE(SET_GLOBAL,    OK_G,    OK_NONE, 1, 0, "pop into global A")                   \
    OPCODE(SET_VAR_LOCAL, OK_L,    OK_NONE, 1, 0, "`set` local A (plan: unknown when set in an arm of an unknown branch)") \
    OPCODE(SET_VAR_GLOBAL, OK_G,   OK_NONE, 1, 0, "`set` global A (plan: likewise)")    \
    OPCODE(ADD_TO_LOCAL,  OK_L,    OK_NONE, 1, 0, "`set x = x + y` for local A: pop y, add it to A") \
    OPCODE(ADD_TO_GLOBAL, OK_G,    OK_NONE, 1, 0, "`set x = x + y` for global A")       \
    OPCODE(ADD,           OK_NONE, OK_NONE, 2, 1, "x + y (numbers, durations, concatenation, map merge)") \
    OPCODE(SUB,           OK_NONE, OK_NONE, 2, 1, "x - y")                               \
    OPCODE(MUL,           OK_NONE, OK_NONE, 2, 1, "x * y")                               \
    OPCODE(DIV,           OK_NONE, OK_NONE, 2, 1, "x / y")                               \
    OPCODE(MOD,           OK_NONE, OK_NONE, 2, 1, "x % y")                               \
    OPCODE(ADD_INT,       OK_I,    OK_NONE, 1, 1, "x + A, A a small int literal")       \
    OPCODE(SUB_INT,       OK_I,    OK_NONE, 1, 1, "x - A")                               \
    OPCODE(MUL_INT,       OK_I,    OK_NONE, 1, 1, "x * A")                               \
    OPCODE(MOD_INT,       OK_I,    OK_NONE, 1, 1, "x % A")                               \
    OPCODE(EQ_INT,        OK_I,    OK_NONE, 1, 1, "x == A")                              \
    OPCODE(NE_INT,        OK_I,    OK_NONE, 1, 1, "x != A")                              \
    OPCODE(LT_INT,        OK_I,    OK_NONE, 1, 1, "x < A")                               \
    OPCODE(LE_INT,        OK_I,    OK_NONE, 1, 1, "x <= A")                              \
    OPCODE(GT_INT,        OK_I,    OK_NONE, 1, 1, "x > A")                               \
    OPCODE(GE_INT,        OK_I,    OK_NONE, 1, 1, "x >= A")                              \
    OPCODE(NEG,           OK_NONE, OK_NONE, 1, 1, "-x")                                  \
    OPCODE(NOT,           OK_NONE, OK_NONE, 1, 1, "not x (truthiness)")                  \
    OPCODE(EQ,            OK_NONE, OK_NONE, 2, 1, "x == y (deep)")                       \
    OPCODE(NE,            OK_NONE, OK_NONE, 2, 1, "x != y")                              \
    OPCODE(LT,            OK_NONE, OK_NONE, 2, 1, "x < y")                               \
    OPCODE(LE,            OK_NONE, OK_NONE, 2, 1, "x <= y")                              \
    OPCODE(GT,            OK_NONE, OK_NONE, 2, 1, "x > y")                               \
    OPCODE(GE,            OK_NONE, OK_NONE, 2, 1, "x >= y")                              \
    OPCODE(IN,            OK_NONE, OK_NONE, 2, 1, "x in y (list element, map key, substring)") \
    OPCODE(MATCH_RE,      OK_K,    OK_L,    1, 1, "x =~ regex constant A; captures into local B") \
    OPCODE(FIELD,         OK_K,    OK_NONE, 1, 1, "x.name, name is string constant A")   \
    OPCODE(INDEX,         OK_NONE, OK_NONE, 2, 1, "x[y]")                                \
    OPCODE(LIST,          OK_N,    OK_NONE, a, 1, "build a list of the top A values")    \
    OPCODE(MAP,           OK_N,    OK_NONE, 2 * a, 1, "build a map of A key/value pairs") \
    OPCODE(CONCAT,        OK_N,    OK_NONE, a, 1, "interpolate: join the top A values in string context") \
    OPCODE(JUMP,          OK_J,    OK_NONE, 0, 0, "jump by A")                           \
    OPCODE(JUMP_IF_FALSE, OK_J,    OK_NONE, 1, 0, "pop; jump by A when falsy")           \
    OPCODE(JUMP_IF_TRUE,  OK_J,    OK_NONE, 1, 0, "pop; jump by A when truthy")          \
    OPCODE(JUMP_IF_NOT_NULL, OK_J, OK_NONE, 1, 0, "pop; jump by A when not null")        \
    OPCODE(BRANCH,        OK_J,    OK_K,    1, 0, "an if: pop the condition, jump by A when falsy; B: its source text (plan shows both arms when unknown)") \
    OPCODE(ELSE,          OK_J,    OK_NONE, 0, 0, "end of an if's then-arm: jump by A over the else-arm") \
    OPCODE(ENDIF,         OK_NONE, OK_NONE, 0, 0, "end of an if (plan mode closes both-arm display)") \
    OPCODE(ARGS_READY,    OK_NONE, OK_NONE, 0, 0, "a procedure's parameter defaults are computed (the entry procedure's arguments are recorded with them)") \
    OPCODE(LOOP_END,      OK_NONE, OK_NONE, 0, 0, "end of a for, wait-until or retry (plan mode closes what it showed once)") \
    OPCODE(COND,          OK_J,    OK_NONE, 1, 0, "a ternary's condition: pop, jump by A when falsy (plan: unknown takes the else-arm, marked)") \
    OPCODE(COND_END,      OK_NONE, OK_NONE, 1, 1, "end of a ternary (plan: its value is unknown when the condition was)") \
    OPCODE(ITER_INIT,     OK_NONE, OK_NONE, 1, 1, "make the top iterable: list as is, map -> keys, null -> []") \
    OPCODE(FOR_NEXT,      OK_J,    OK_L,    0, 0, "locals B (list), B+1 (index): when an element is left, it goes into B+2 and jump by A") \
    OPCODE(RANGE_INIT,    OK_L,    OK_NONE, 2, 0, "pop stop, start (ints) into locals A+1, A: a counting loop") \
    OPCODE(RANGE_NEXT,    OK_J,    OK_L,    0, 0, "locals B (next), B+1 (stop): when B < B+1, B goes into B+2, B += 1 and jump by A") \
    OPCODE(CALL,          OK_P,    OK_N,    b, 1, "call procedure A with B arguments")   \
    OPCODE(CALL_BUILTIN,  OK_F,    OK_N,    b, 1, "call builtin A with B arguments")     \
    OPCODE(RETURN,        OK_NONE, OK_NONE, 1, 0, "return the top from the procedure")   \
    OPCODE(LOG,           OK_NONE, OK_NONE, 1, 0, "print the top in string context")     \
    OPCODE(CMD,           OK_I,    OK_N,    b, 1, "run a command: A = kind | flags << 8 (1 captured, 2 try); B words (sh: template, values)") \
    OPCODE(DOC,           OK_K,    OK_NONE, 0, 0, "prose A: nothing at run time, shown by plan") \
    OPCODE(FAIL,          OK_I,    OK_NONE, a, 0, "raise a failure; A=1: message on the stack") \
    OPCODE(ABORT,         OK_I,    OK_NONE, a, 0, "stop the run (exit 3); A=1: message on the stack") \
    OPCODE(EXPECT,        OK_K,    OK_I,    1 + (b & 1), 0, "fail unless the condition holds; A = its source text, B&1: a message is on top") \
    OPCODE(EXPECT_CMP,    OK_K,    OK_I,    2 + ((b >> 8) & 1), 0, "pop x, y; fail unless x (B&255) y; A, A+1, A+2 = source of cond, x, y; B>>8&1: message on top") \
    OPCODE(WAIT,          OK_NONE, OK_NONE, 1, 0, "pop a duration and sleep (no CPU)")   \
    OPCODE(DEADLINE,      OK_NONE, OK_NONE, 1, 0, "pop a duration: commands and waits inside end by now + it") \
    OPCODE(DEADLINE_END,  OK_NONE, OK_NONE, 0, 0, "leave the innermost deadline")          \
    OPCODE(WAIT_INIT,     OK_L,    OK_NONE, 3, 0, "pop every, timeout, title into wait state at locals A..A+4; the timeout bounds the polls too (a time limit, ended by DEADLINE_END)") \
    OPCODE(WAIT_POLL,     OK_J,    OK_L,    0, 0, "wait state at B: when time is left, sleep and jump by A, else fail showing the last value") \
    OPCODE(RETRY_INIT,    OK_L,    OK_I,    3, 0, "pop backoff, every, count into retry state at locals A..A+4; B=1: jitter") \
    OPCODE(RETRY_NEXT,    OK_J,    OK_L,    1, 0, "pop a failure; retry state at B: when attempts are left, pause and jump by A, else raise it") \
    OPCODE(CONFIRM,       OK_NONE, OK_NONE, 1, 0, "pop the text and ask the operator; no aborts the run") \
    OPCODE(ESCALATE,      OK_I,    OK_NONE, 1, 0, "pop the message and notify escalation A's initial contact") \
    OPCODE(UNDO_PUSH,     OK_S,    OK_N,    b, 0, "step A completed: remember its undo with the B captured values on the stack") \
    OPCODE(ROLLBACK_NEXT, OK_J,    OK_NONE, 0, 1, "call the most recent remembered undo, or push null and jump by A when none is left") \
    OPCODE(STEP_BEGIN,    OK_S,    OK_NONE, 1, 0, "enter step A, its title on the stack")  \
    OPCODE(STEP_FAILED,   OK_NONE, OK_NONE, 0, 0, "the current step failed: its on-failure handler starts") \
    OPCODE(STEP_END,      OK_S,    OK_NONE, 0, 0, "step A completed")                     \
    OPCODE(SECTION,       OK_K,    OK_NONE, 1, 0, "enter a section; title on the stack; A = static title") \
    OPCODE(SECTION_END,   OK_NONE, OK_NONE, 0, 0, "leave the section")                    \
    OPCODE(TRY,           OK_J,    OK_NONE, 0, 0, "install a failure handler at A")        \
    OPCODE(TRY_END,       OK_NONE, OK_NONE, 0, 0, "remove the innermost handler")         \
    OPCODE(FAILURE,       OK_NONE, OK_NONE, 0, 1, "push the failure that entered this handler (first thing a handler does)")       \
    OPCODE(RERAISE,       OK_NONE, OK_NONE, 1, 0, "raise the failure value on top again") \
    OPCODE(PARAM_DEFAULT, OK_G,    OK_J,    0, 0, "when parameter A was given, jump by B over its default") \
    OPCODE(PARAM_REQUIRED, OK_G,   OK_NONE, 0, 0, "usage error unless parameter A was given") \
    OPCODE(PARAM_CHECK,   OK_G,    OK_NONE, 0, 0, "coerce parameter A to its declared type (usage error)") \
    OPCODE(ARG_DEFAULT,   OK_L,    OK_J,    0, 0, "when argument A was passed, jump by B over its default") \
    OPCODE(ARG_CHECK,     OK_L,    OK_NONE, 0, 0, "coerce argument A to its declared type")
/* clang-format on */

typedef enum Opcode {
#define OPCODE_ENUM(name, ak, bk, pops, pushes, doc) OPC_##name,
    OPCODE_LIST(OPCODE_ENUM)
#undef OPCODE_ENUM
    OPC__COUNT
} Opcode;

typedef enum OperandKind {
    OK_NONE, OK_K, OK_L, OK_G, OK_J, OK_N, OK_P, OK_F, OK_S, OK_I,
} OperandKind;

typedef struct OpcodeInfo {
    const char *name;
    OperandKind a, b;
    const char *doc;
} OpcodeInfo;

/* Defined in bytecode.c from OPCODE_LIST. */
extern const OpcodeInfo opcode_info[OPC__COUNT];

/* Stack effect of an instruction with operands a, b (from OPCODE_LIST). */
int opcode_pops(Opcode op, int32_t a, uint32_t b);
int opcode_pushes(Opcode op, int32_t a, uint32_t b);

/* Words taken by an instruction: 1, or 2 when it has a B operand. */
static inline int opcode_width(Opcode op) { return opcode_info[op].b == OK_NONE ? 1 : 2; }

#define INSN_OP(w) ((Opcode)((w) & 0xff))
#define INSN_A(w) ((int32_t)(w) >> 8) /* sign-extended */
#define INSN_AU(w) ((uint32_t)(w) >> 8)
#define INSN_MAKE(op, a) ((uint32_t)(op) | ((uint32_t)(a) << 8))
#define INSN_A_MIN (-(1 << 23))
#define INSN_A_MAX ((1 << 23) - 1)
#define INSN_AU_MAX ((1u << 24) - 1)
