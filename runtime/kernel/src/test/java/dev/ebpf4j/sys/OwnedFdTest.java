package dev.ebpf4j.sys;

import dev.ebpf4j.programs.Insns;
import dev.ebpf4j.testing.RequiresBpf;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("kernel")
class OwnedFdTest {
    /**
     * 10,000 of each on a real machine. The VM runner lowers it (-Debpf4j.test.fdRounds): under
     * software emulation, freeing a map on 5.10 waits for an RCU grace period, and 20,000 of them
     * take minutes.
     */
    private static final int ROUNDS = Integer.getInteger("ebpf4j.test.fdRounds", 10_000);

    @Test
    @RequiresBpf
    void tenThousandMapsAndProgramsLeaveNoDescriptorBehind() throws IOException {
        byte[] insns = Insns.concat(Insns.movImm(0, 2), Insns.exit()); // r0 = 2; exit
        long before = openFds();
        for (int i = 0; i < ROUNDS; i++) {
            try (OwnedFd map = MapCalls.create(new MapCalls.CreateRequest(2, 4, 8, 1, 0, "leak"))) {
                assertTrue(map.get() > 0);
            }
        }
        for (int i = 0; i < ROUNDS; i++) {
            try (OwnedFd prog = ProgramCalls.load(ProgramCalls.LoadRequest.of(6, insns, "GPL", "leak"))) {
                assertTrue(prog.get() > 0);
            }
        }
        assertEquals(before, openFds());
    }

    @Test
    @RequiresBpf
    void closeIsIdempotentAndUseAfterCloseIsRefused() {
        OwnedFd fd = MapCalls.create(new MapCalls.CreateRequest(2, 4, 4, 1, 0, "twice"));
        fd.close();
        fd.close();
        assertTrue(fd.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, fd::get);
        assertTrue(e.getMessage().contains("closed"));
    }

    @Test
    @RequiresBpf
    void duplicateIsAnIndependentDescriptorForTheSameMap() {
        try (OwnedFd fd = MapCalls.create(new MapCalls.CreateRequest(2, 4, 4, 1, 0, "dup"));
             OwnedFd copy = fd.duplicate()) {
            assertTrue(copy.get() != fd.get());
            assertEquals(ObjectCalls.mapInfo(fd.get()).id(), ObjectCalls.mapInfo(copy.get()).id());
        }
    }

    @Test
    void negativeDescriptorsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OwnedFd.adopt(-1));
    }

    private static long openFds() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        }
    }
}
