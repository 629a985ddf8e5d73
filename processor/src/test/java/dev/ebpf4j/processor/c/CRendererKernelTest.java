package dev.ebpf4j.processor.c;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.processor.fixture.Frames;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.RequiresBpf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * clang's objects of the construct families, run in the kernel: each value the program computes
 * must be the value Java computes.
 */
@RequiresBpf
class CRendererKernelTest {
    @Test
    void everyViewAndFieldReadsAsTheJvmReadsIt() {
        List<String> differences = new ArrayList<>();
        try (LoadedObject loaded = Kernel.load(Clang.object(ConstructPrograms.views()))) {
            Program run = loaded.program("run");
            MapHandle results = loaded.map("results");
            for (Frames.Named frame : Frames.crafted()) {
                Kernel.zero(results, ConstructPrograms.RESULTS);
                assertEquals(2, run.testRun(frame.bytes(), 1).retval(), frame.name());
                long[] kernel = Kernel.readAll(results, ConstructPrograms.RESULTS);
                long[] jvm = JvmViews.of(frame.bytes());
                for (int slot = 0; slot < ConstructPrograms.RESULTS; slot++) {
                    if (slot == ConstructPrograms.LENGTH + 1) continue; // the test run's interface is the kernel's choice
                    if (kernel[slot] != jvm[slot]) {
                        differences.add(frame.name() + ": " + slotName(slot) + " is " + kernel[slot] + " in the kernel, "
                                + jvm[slot] + " on the JVM");
                    }
                }
            }
        }
        assertEquals(List.of(), differences);
    }

    private static String slotName(int slot) {
        if (slot < ConstructPrograms.VIEW_FIELDS.size()) return ConstructPrograms.VIEW_FIELDS.get(slot).name();
        if (slot == ConstructPrograms.PRESENT) return "present views";
        if (slot == ConstructPrograms.LENGTH) return "length";
        return "slot " + slot;
    }

    @Test
    void tcAndSocketFilterContextsLoadAndRun() {
        try (LoadedObject loaded = Kernel.load(Clang.object(ConstructPrograms.views()))) {
            byte[] frame = Frames.crafted().getFirst().bytes();
            byte[] arp = Frames.ethernet(0x0806, new byte[28]);
            assertEquals(arp.length, loaded.program("classify").testRun(arp, 1).retval()); // not IPv4: the length
            assertEquals(0, loaded.program("classify").testRun(frame, 1).retval()); // IPv4: the mark, 0 in a test run
            // a socket filter's test run sees the packet from the network header on
            assertEquals((frame.length - 14) >> 1, loaded.program("filter").testRun(frame, 1).retval());
        }
    }

    @Test
    void arithmeticHasJavasSemanticsOnEdgeValues() {
        long[][] inputs = {
            {0, 0, 0, 0},
            {1, 1, 1, 1},
            {-1, -1, -1, 0xffff},
            {Integer.MAX_VALUE, 33, Short.MIN_VALUE, 65},
            {Integer.MIN_VALUE, Long.MIN_VALUE, Short.MAX_VALUE, 0x8000},
            {0x12345678, 0x7fff_ffff_ffff_ffffL, -2, 0xabcd},
            {-7, 64 + 5, 300, 'A'},
            {1 << 30, -33, -129, 1},
        };
        List<String> differences = new ArrayList<>();
        try (LoadedObject loaded = Kernel.load(Clang.object(ConstructPrograms.arithmetic()))) {
            Program run = loaded.program("run");
            MapHandle in = loaded.map("inputs");
            MapHandle results = loaded.map("results");
            for (long[] input : inputs) {
                for (int k = 0; k < 4; k++) Kernel.putLong(in, k, input[k]);
                Kernel.zero(results, ConstructPrograms.RESULTS);
                assertEquals(2, run.testRun(new byte[64], 1).retval());
                long[] kernel = Kernel.readAll(results, ConstructPrograms.RESULTS);
                ArithmeticCases.Values values = new ArithmeticCases.Values((int) input[0], input[1], (short) input[2], (char) input[3]);
                for (int k = 0; k < ArithmeticCases.CASES.size(); k++) {
                    ArithmeticCases.Case c = ArithmeticCases.CASES.get(k);
                    long expected = c.oracle().of(values);
                    if (kernel[k] != expected) {
                        differences.add(c.name() + " with " + values + ": kernel " + kernel[k] + ", Java " + expected);
                    }
                }
            }
        }
        assertEquals(List.of(), differences);
    }

    /** One object per construct, so that a verifier that refuses one names it. */
    @ParameterizedTest(name = "{0}")
    @FieldSource("dev.ebpf4j.processor.c.ConstructPrograms#CONTROL_FLOW_ENTRIES")
    void loopsAndBranchesRunAsInJava(String entry) {
        int slot = ConstructPrograms.CONTROL_FLOW_ENTRIES.indexOf(entry);
        try (LoadedObject loaded = Kernel.load(Clang.object(ConstructPrograms.controlFlow(List.of(entry))))) {
            MapHandle in = loaded.map("inputs");
            MapHandle results = loaded.map("results");
            for (int n = 0; n <= 20; n++) {
                Kernel.putLong(in, 0, n);
                Kernel.zero(results, ConstructPrograms.RESULTS);
                assertEquals(2, loaded.program(entry).testRun(new byte[64], 1).retval(), entry);
                assertEquals(ConstructPrograms.controlFlowExpected(n)[slot], Kernel.getLong(results, slot).orElseThrow(),
                        entry + " with n = " + n);
            }
        }
    }

    @Test
    void subprogramsTakeViewsThePacketsEndAndTheContext() {
        try (LoadedObject loaded = Kernel.load(Clang.object(ConstructPrograms.calls()))) {
            Program run = loaded.program("run");
            MapHandle results = loaded.map("results");
            byte[] web = Frames.ethernet(0x0800, Frames.ipv4(6, Frames.tcp(1, 443, Frames.SYN)));
            assertEquals(1, run.testRun(web, 1).retval());
            assertEquals(443L, Kernel.getLong(results, 0).orElseThrow());
            assertEquals(0x1234_5678_9abcL * 31 ^ (443L >>> 3), Kernel.getLong(results, 1).orElseThrow());
            byte[] ssh = Frames.ethernet(0x0800, Frames.ipv4(6, Frames.tcp(1, 22, Frames.SYN)));
            assertEquals(2, run.testRun(ssh, 1).retval());
            byte[] longSsh = Frames.concat(ssh, new byte[100]);
            assertEquals(3, run.testRun(longSsh, 1).retval());
            assertEquals(22L, Kernel.getLong(results, 0).orElseThrow());
            assertEquals(2, run.testRun(Frames.ethernet(0x0806, new byte[28]), 1).retval());
            assertEquals(-1L, Kernel.getLong(results, 0).orElseThrow());
        }
    }
}
