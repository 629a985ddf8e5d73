package dev.ebpf4j.processor.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.ir.GlobalDecl;
import dev.ebpf4j.processor.ir.GlobalDecl.Role;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Globals in the front end: {@code @Config} and {@code @Shared} fields read as declarations with
 * their constant initial values, lowered to loads, stores and atomic adds, and every declaration
 * or use that would mean something else in the kernel refused at its position with what to write.
 */
class GlobalsFrontEndTest {
    private static final String IMPORTS = "import java.util.concurrent.atomic.*;\n";

    @Test
    void declarationsGiveRoleTypeSectionAndConstantInitialValue() {
        ProgramUnit unit = Compiler.compile("P", IMPORTS + Compiler.program("""
                static final int BASE = 1 << 10;
                @Config static int limit = BASE * 3 + 1;
                @Config static boolean verbose;
                @Config static long window = -(5L << 32);
                @Config static char letter = 'x';
                @Config static byte small = (byte) 300;
                @Shared static long lastSeen;
                @Shared static short level = (short) 0x12345;
                @Shared static final AtomicLong packets = new AtomicLong();
                @Shared static final AtomicInteger errors = new AtomicInteger(BASE - 1);
                @Xdp static XdpAction run(XdpContext ctx) { return XdpAction.PASS; }
                """)).unit();
        assertEquals(List.of(
                new GlobalDecl("limit", Role.CONFIG, Prim.INT, 3073),
                new GlobalDecl("verbose", Role.CONFIG, Prim.BOOLEAN, 0),
                new GlobalDecl("window", Role.CONFIG, Prim.LONG, -(5L << 32)),
                new GlobalDecl("letter", Role.CONFIG, Prim.CHAR, 'x'),
                new GlobalDecl("small", Role.CONFIG, Prim.BYTE, 44),
                new GlobalDecl("lastSeen", Role.SHARED, Prim.LONG, 0),
                new GlobalDecl("level", Role.SHARED, Prim.SHORT, 0x2345),
                new GlobalDecl("packets", Role.ATOMIC, Prim.LONG, 0),
                new GlobalDecl("errors", Role.ATOMIC, Prim.INT, 1023)), unit.globals());
        assertEquals(List.of(".rodata", ".rodata", ".rodata", ".rodata", ".rodata", ".bss", ".data", ".bss", ".data"),
                unit.globals().stream().map(GlobalDecl::section).toList());
    }

    @Test
    void readsAreLoadsWritesAreStoresAndAtomicsAreAddsInTheirOwnStatements() {
        String ir = Compiler.xdp("""
                @Config static int limit = 10;
                @Shared static long lastSeen;
                @Shared static int hits;
                @Shared static final java.util.concurrent.atomic.AtomicLong packets = new java.util.concurrent.atomic.AtomicLong();
                @MapDef(maxEntries = 1) static final BpfArray<Long> out = new BpfArray<>();
                """, """
                packets.incrementAndGet();
                long total = packets.addAndGet(ctx.length());
                out.put(0, total + packets.get());
                lastSeen = ctx.length();
                hits++;
                if (hits > limit) return XdpAction.DROP;
                return XdpAction.PASS;
                """).ir("run");
        assertTrue(ir.contains("eval atomic packets += 1L\n"), ir);
        assertTrue(ir.contains("atomic packets += delta"), "the delta is evaluated once, before the add: " + ir);
        assertTrue(ir.contains("global packets"), ir);
        assertTrue(ir.contains("global lastSeen = "), ir);
        assertTrue(ir.contains("global hits = "), ir);
        assertTrue(ir.contains("global limit"), ir);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            "@Config static final int limit = 5; # limit # @Config field 'limit' must not be final: javac copies the value of a static final constant into every place that reads it",
            "@Config int limit = 5; # limit # @Config field 'limit' must be static",
            "@Config @Shared static int limit = 5; # limit # is both @Config and @Shared",
            "@Config static String name = \"x\"; # name # has type java.lang.String: a global is a primitive",
            "@Config static final AtomicLong n = new AtomicLong(); # n # is an AtomicLong: configuration is a plain value",
            "@Shared static AtomicLong n = new AtomicLong(); # n # must be static final: the AtomicLong object is the variable",
            "@Shared static final long n = 1; # n # @Shared field 'n' must not be final",
            "@Shared static final AtomicInteger n = new AtomicInteger(Integer.parseInt(\"1\")); # n # the initial value of the AtomicInteger must be a constant expression",
            "@Shared static final AtomicLong n = null; # n # must be initialised with 'new AtomicLong()'",
            "@Config static int limit = Integer.parseInt(\"5\"); # limit # its initial value must be a constant expression",
            "@Config static int unsigned = 5; # unsigned # must be a C identifier that is no C keyword",
    })
    void badDeclarationsAreRefusedAtTheField(String member, String name, String message) {
        String source = IMPORTS + Compiler.program("@Xdp static XdpAction ok(XdpContext ctx) { return XdpAction.PASS; }\n" + member);
        Compiler.compile("P", source).assertError(9, column(member, name), message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '#', value = {
            "@Config static int limit = 5; # limit = 1; # @Config field 'limit' cannot be assigned in a program",
            "@Config static int limit = 5; # limit++; # @Config field 'limit' cannot be assigned in a program",
            "@Shared static final java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong(); # long x = n.incrementAndGet() + n.longValue(); # 'n.longValue' is not supported on an atomic global",
            "@Shared static final java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong(); # boolean b = n.compareAndSet(0, 1); # 'n.compareAndSet' is not supported",
            "static final java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong(); # n.incrementAndGet(); # atomic field 'n' is not a global of the program: annotate it @Shared",
            "static int counter; # counter = 1; # declare it '@Shared static'",
            "static int counter; # int x = counter; # annotate it @Config (set before load) or @Shared",
    })
    void badUsesAreRefusedAtTheUse(String member, String statement, String message) {
        Compiler.Result result = Compiler.xdp(member, statement + "\nreturn XdpAction.PASS;");
        assertEquals(1, result.errors().size(), result::errorText);
        String text = result.errors().getFirst().getMessage(java.util.Locale.ROOT);
        assertTrue(text.contains(message), text);
        assertEquals(9, result.errors().getFirst().getLineNumber(), text);
    }

    private static long column(String member, String name) {
        int at = member.indexOf(" " + name + " ") + 2;
        if (at < 2) at = member.indexOf(" " + name + ";") + 2;
        return at;
    }
}
