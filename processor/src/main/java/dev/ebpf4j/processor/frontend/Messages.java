package dev.ebpf4j.processor.frontend;

/**
 * The texts of the errors on constructs outside the subset: what is wrong, why the kernel cannot
 * do it, how to write it instead. Kept together so they read alike.
 */
final class Messages {
    private Messages() {
    }

    /** {@code check} is the statement that checks it, in the method at hand ({@link Scopes#nullCheck}). */
    static String mayBeNullView(String what, String view, String check) {
        return what + " may be null here: " + article(view) + " " + view + " view is null when its header does not fit in the"
                + " packet, and the verifier refuses any read it cannot prove is inside the packet; check it first,"
                + " e.g. " + check;
    }

    /** The name of a variable from {@code what} ('x' or a description), for an example. */
    static String simple(String what) {
        return what.startsWith("'") && what.endsWith("'") ? what.substring(1, what.length() - 1) : "x";
    }

    private static String article(String noun) {
        return "AEIOUaeiou".indexOf(noun.charAt(0)) >= 0 ? "an" : "a";
    }

    static String mayBeNullValue(String what) {
        return what + " may be null here: a map has no value for a missing key, and the kernel's lookup then returns a"
                + " null pointer the verifier will not let the program read; check it first (if (" + simple(what)
                + " != null) { ... }) or use getOrDefault";
    }

    static final String DIVISION = "division and remainder with / and % are not supported: Java throws on a zero divisor"
            + " and treats negative operands as signed, while the kernel returns 0 and divides unsigned; use"
            + " Integer.divideUnsigned(x, CONSTANT) / Integer.remainderUnsigned(x, CONSTANT) (or the Long ones), or shifts and masks";

    static final String UNSIGNED_DIVISOR = "the divisor of divideUnsigned/remainderUnsigned must be a non-zero constant:"
            + " Java throws on zero while the kernel returns 0, so only a constant divisor keeps Java's meaning;"
            + " use a static final constant or a literal";

    static final String FLOATING_POINT = "floating point is not supported: eBPF has no floating-point registers or"
            + " instructions; compute with int or long (e.g. fixed-point: scale by a power of two)";

    static final String STRING = "strings are not supported: a program has no heap to hold them and no helper to build"
            + " them; use numbers (e.g. an int code) and turn them into text in user space";

    static final String ARRAY = "arrays are not supported: a program has no heap and the verifier must bound every"
            + " memory access; use a BpfArray map, or a record of fields";

    static final String NEW_ARRAY = "a new array is only the initialiser of an array variable (byte[] a = new byte[16])"
            + " or a record's @Size array component: arrays live in fixed stack areas, never in expressions";

    static final String ALLOCATION = "'new' is not supported here: a program runs without a heap or a garbage collector;"
            + " only records may be built, as map keys, values or ring buffer events";

    /** {@code drop} is the statement that drops the packet in the hook at hand ({@link Scopes#verdict}). */
    static String exceptions(String drop) {
        return "exceptions are not supported: the kernel cannot unwind a program; return a verdict"
                + " (e.g. " + drop + ") where you would throw";
    }

    static String forEachSource(Object type) {
        return "for-each over a " + type + " is not supported: a program has no collections or iterators, only arrays"
                + " of constant length; iterate over an array (for (byte b : key.addr())) or count (for (int i = 0; i < 16; i++))";
    }

    static String forEachVariable(Object type) {
        return "a for-each variable of type " + type + " is not supported: the elements of a program's arrays are"
                + " primitives and a program has no boxes; declare it with the primitive type (for (int x : a))";
    }

    static final String LAMBDA = "lambdas and method references are not supported: a program has no objects or virtual"
            + " calls; write a static method of the program class and call it";

    static final String INSTANCEOF = "instanceof and patterns are not supported: a program has no objects whose class"
            + " could be tested; test a header field (e.g. etherType()) instead";

    static String recursion(String method) {
        return "recursive call of '" + method + "': the verifier refuses recursion (an inlined call would copy the body"
                + " without end, a real call needs a frame of the shared 512-byte stack per level); rewrite it as a loop"
                + " with a constant bound";
    }

    static String outsideApi(String method) {
        return "call of '" + method + "' is not supported: a program can only call static methods of its own class and of"
                + " classes compiled with it (their source is needed to inline them), the"
                + " map, view and context methods of the ebpf4j API, Bpf helpers and a few JDK integer methods"
                + " (reverseBytes, compareUnsigned, divideUnsigned, toUnsignedLong, Math.min/max/abs);"
                + " write the logic as a static method of the program class";
    }

    static String varargs(String method, com.sun.source.tree.VariableTree parameter) {
        String type = parameter.getType().toString().replace("...", "").replace("[]", "");
        return "method '" + method + "' takes varargs (" + type + "... " + parameter.getName() + "), which are not supported:"
                + " Java passes them in a new array, and a program's arrays are stack areas of a constant length declared"
                + " as variables; declare the parameter as an array (" + type + "[] " + parameter.getName() + ") and pass an"
                + " array variable, or declare one parameter per value";
    }

    static String instanceCall(String method) {
        return "instance method '" + method + "' cannot be called: a program has no objects, so every method of the"
                + " program class must be static; make it static";
    }

    static String staticWrite(String field) {
        return "assignment to static field '" + field + "' is not supported: the kernel keeps only the program's globals"
                + " between runs; declare it '@Shared static' (a static final AtomicLong for a counter several CPUs"
                + " update), or keep the state in a map";
    }

    static String staticRead(String field) {
        return "static field '" + field + "' is not a compile-time constant: a program can only read constants, maps and"
                + " its globals; make it static final with a constant initialiser, annotate it @Config (set before load)"
                + " or @Shared (shared with user space), or keep the value in a map";
    }

    static String unsupportedType(String what, Object type) {
        return what + " of type " + type + " is not supported: a program computes with int, long, short, byte, char and"
                + " boolean, header views, map values and records; use one of those";
    }

    /** {@code why} says what the compiler found wrong with the likeliest counter, or is null. */
    static String unboundedLoop(String why) {
        return "the verifier must see that this loop ends, and it cannot here" + (why == null ? "" : " (" + why + ")")
                + ": the kernel refuses loops it cannot bound; count with a constant bound, e.g. for (int i = 0; i < 16; i++),"
                + " and break out early when done";
    }

    static final String INFINITE_LOOP = "this loop has no exit: the verifier refuses a program that may run forever;"
            + " give it a condition with a constant bound, or a break";

    static final String BREAK_ONLY_LOOP = "the verifier must see that this loop ends, and a loop without a condition ends"
            + " only at a break or return whose test the compiler cannot bound: the kernel refuses loops it cannot bound;"
            + " count with a constant bound in the condition and keep the test, e.g."
            + " for (int i = 0; i < 16; i++) { if (done) break; ... }";

    static String lookupLoop(long iterations, long lookups, long most) {
        return "this loop runs up to " + iterations + " times, and each iteration leaves the verifier " + (lookups == 1 ? "a branch"
                : lookups + " branches") + " to come back to (the null test of a map lookup, which it follows after the"
                + " last iteration): it keeps at most " + LoopLengths.VERIFIER_PENDING_BRANCHES + ", so the kernel would refuse"
                + " the program (the sequence of jumps is too complex); use a bound of at most " + most + ", e.g. handle part of"
                + " the keys per run and keep the position in a map (bpf_loop, which lets the kernel run more iterations on 5.17"
                + " and later, is not offered yet)";
    }

    static String longLoop(long iterations, long each, long most) {
        return "this loop runs up to " + iterations + " times, and the verifier follows every iteration, at least " + each
                + " instructions each here: more than the " + LoopLengths.VERIFIER_INSTRUCTIONS + " instructions it processes"
                + " in a program, so the kernel would refuse it; use a bound of at most " + most + " (less leaves room for"
                + " the rest of the program and its branches), e.g. handle part of the work per run and keep the position"
                + " in a map (bpf_loop, which lets the kernel run more iterations on 5.17 and later, is not offered yet)";
    }

    static String internal(String stage, Throwable e) {
        return "ebpf4j internal error in " + stage + ": " + e;
    }
}
