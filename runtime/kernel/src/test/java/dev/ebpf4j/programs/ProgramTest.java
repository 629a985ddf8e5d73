package dev.ebpf4j.programs;

import dev.ebpf4j.types.ProgramType;

import dev.ebpf4j.types.MapType;

import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.errors.VerifierException;
import dev.ebpf4j.testing.RequiresBpf;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.ebpf4j.programs.Insns.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@RequiresBpf
class ProgramTest {
    private static final int XDP_PASS = 2;
    private static final int BPF_FUNC_MAP_LOOKUP_ELEM = 1;

    @Test
    void xdpReturningPassTestRunsToPass() {
        byte[] insns = concat(
                movImm(0, XDP_PASS), // r0 = 2
                exit());             // exit
        byte[] frame = new byte[64];
        frame[0] = 0x42;
        try (Program p = Program.load(ProgramType.XDP, insns, "GPL", "pass")) {
            TestRunResult r = p.testRun(frame, 10);
            assertEquals(XDP_PASS, r.retval());
            assertArrayEquals(frame, r.dataOut());
            assertTrue(r.durationNanos() >= 0);
        }
    }

    @Test
    void aProgramReturnsWhatJavaWroteIntoItsMap() {
        try (MapHandle values = MapHandle.create(MapSpec.of(MapType.ARRAY, 4, 4, 1).withName("retval"))) {
            byte[] insns = concat(
                    movImm(1, 0),                          // r1 = 0
                    stxW(10, -4, 1),                       // *(u32 *)(r10 - 4) = r1
                    movReg(2, 10),                         // r2 = r10
                    addImm(2, -4),                         // r2 += -4
                    ldMapFd(1, values.fd()),         // r1 = map_fd ll   (src_reg 1: BPF_PSEUDO_MAP_FD)
                    call(BPF_FUNC_MAP_LOOKUP_ELEM),        // call 1           (bpf_map_lookup_elem)
                    jeqImm(0, 0, 2),                       // if r0 == 0 goto +2
                    ldxW(0, 0, 0),                         // r0 = *(u32 *)(r0 + 0)
                    exit(),                                // exit
                    movImm(0, 0),                          // r0 = 0
                    exit());                               // exit
            try (Program p = Program.load(ProgramType.XDP, insns, "GPL", "from_map")) {
                values.update(u32(0), u32(7));
                assertEquals(7, p.testRun(new byte[64], 1).retval());
                values.update(u32(0), u32(42));
                assertEquals(42, p.testRun(new byte[64], 1).retval());

                ProgramInfo info = p.info();
                assertEquals(ProgramType.XDP, info.type());
                assertEquals("from_map", info.name());
                assertEquals(1, info.mapIds().length);
                assertEquals(values.id(), info.mapIds()[0]);
                assertEquals(8, info.tag().length);
                assertEquals(16, info.tagHex().length());
                assertTrue(info.xlatedLength() > 0);
                assertTrue(info.gplCompatible());
                info.verifiedInstructions().ifPresent(n -> assertTrue(n > 0));
            }
        }
    }

    @Test
    void readingAnUninitialisedRegisterIsRefusedWithTheKernelsComplaint() {
        byte[] insns = concat(
                movReg(0, 2),   // r0 = r2      (r2 was never written)
                exit());        // exit
        VerifierException e = assertThrows(VerifierException.class,
                () -> Program.load(ProgramSpec.of(ProgramType.XDP, insns, "GPL", "uninit")
                        .withSourceLocator(index -> "Uninit.java:" + (10 + index))));
        assertTrue(e.getMessage().contains("R2 !read_ok"), e.getMessage());
        assertEquals(OptionalInt.of(0), e.failingInstruction());
        assertEquals(Optional.of("Uninit.java:10"), e.sourceLocation());
        assertTrue(e.getMessage().contains("(Uninit.java:10)"), e.getMessage());
        assertTrue(e.log().contains("0: (bf) r0 = r2"), e.log());
    }

    @Test
    void aProgramWithoutExitIsRefused() {
        byte[] insns = movImm(0, 0); // r0 = 0   (and then nothing)
        VerifierException e = assertThrows(VerifierException.class,
                () -> Program.load(ProgramType.XDP, insns, "GPL", "no_exit"));
        assertTrue(e.complaint().contains("not an exit"), e.getMessage());
        assertTrue(e.getMessage().startsWith("program 'no_exit' rejected by the kernel verifier"), e.getMessage());
    }

    @Test
    void aProgramCanBeOpenedAgainById() {
        byte[] insns = concat(movImm(0, 1), exit()); // r0 = 1; exit
        try (Program p = Program.load(ProgramType.SCHED_CLS, insns, "GPL", "by_id");
             Program again = Program.openById(p.id())) {
            assertEquals(ProgramType.SCHED_CLS, again.type());
            assertEquals("by_id", again.name());
            assertEquals(1, again.testRun(new byte[64], 1).retval());
        }
    }

    @Test
    void instructionBytesMustBeWholeInstructions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Program.load(ProgramType.XDP, new byte[12], "GPL", "odd"));
        assertTrue(e.getMessage().contains("multiple of 8"), e.getMessage());
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
