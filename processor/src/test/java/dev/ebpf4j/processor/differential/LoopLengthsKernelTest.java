package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.testing.RequiresBpf;
import org.junit.jupiter.api.Test;

/**
 * The longest loop of hash-map lookups the compiler lets through loads: 8,192 iterations, each
 * null test leaving the verifier a branch to come back to (one more iteration and the kernel says
 * "the sequence of 8193 jumps is too complex", which the compiler now says first). Shorter loops
 * may still be refused when the branches multiply the paths the verifier follows: the compiler
 * refuses only what no kernel accepts. Our object only: clang may reshape the C rendering's loop.
 */
@RequiresBpf
class LoopLengthsKernelTest {
    static final String SOURCE = """
            package gen;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;

            @BpfProgram(license = "GPL")
            public final class Lengths {
                @MapDef(maxEntries = 16)
                static final BpfHashMap<Integer, Long> m = new BpfHashMap<>();

                @Xdp
                public static XdpAction lookups(XdpContext ctx) {
                    long s = 0;
                    for (int i = 0; i < 8192; i++) {
                        Long v = m.get(i);
                        if (v != null) s += v;
                    }
                    return s > 0 ? XdpAction.DROP : XdpAction.PASS;
                }
            }
            """;

    @Test
    void theLongestAcceptedLookupLoopLoadsAndRuns() throws Exception {
        SourceProgram program = SourceProgram.compile("gen.Lengths", SOURCE);
        byte[] frame = FrameBuilder.tcp(1234, 80).build();
        try (LoadedObject kernel = program.load(false)) {
            assertEquals(2, kernel.program("lookups").testRun(frame, 1).retval());
        }
    }
}
