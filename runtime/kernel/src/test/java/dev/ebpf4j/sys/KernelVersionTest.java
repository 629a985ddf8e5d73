package dev.ebpf4j.sys;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelVersionTest {
    @Test
    void parsesDistributionReleaseStrings() {
        assertEquals(new KernelVersion(6, 1, 0), KernelVersion.parse("6.1.0-27-amd64"));
        assertEquals(new KernelVersion(5, 10, 226), KernelVersion.parse("5.10.226-1"));
        assertEquals(new KernelVersion(6, 18, 0), KernelVersion.parse("6.18-rc1"));
        assertThrows(IllegalArgumentException.class, () -> KernelVersion.parse("linux"));
    }

    @Test
    void memlockAccountingEndsAt511() {
        assertFalse(KernelVersion.parse("5.10.0").isAtLeast(5, 11));
        assertTrue(KernelVersion.parse("5.11.0").isAtLeast(5, 11));
        assertTrue(KernelVersion.parse("6.1.0").isAtLeast(5, 11));
    }

    @Test
    void runningKernelMatchesUnameRelease() throws Exception {
        String proc = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/osrelease")).strip();
        assertEquals(proc, KernelVersion.release());
        assertEquals(KernelVersion.parse(proc), KernelVersion.running());
    }
}
