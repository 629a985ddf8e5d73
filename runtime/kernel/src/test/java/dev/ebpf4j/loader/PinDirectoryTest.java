package dev.ebpf4j.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.linking.TestObjects;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bpffs check every pin directory passes before anything is created in it. */
@Tag("kernel")
class PinDirectoryTest {
    @TempDir
    Path scratch;

    @Test
    @RequiresBpf
    void pinAllOffBpffsSaysSoAndCreatesNothing() {
        Path pins = scratch.resolve("app").resolve("pins");
        try (LoadedObject loaded = ObjectLoader.load(TestObjects.counter(), LoadOptions.defaults())) {
            LoadException e = assertThrows(LoadException.class, () -> loaded.pinAll(pins));
            assertTrue(e.getMessage().startsWith(pins + ": not on a bpf file system (it is on "), e.getMessage());
            assertTrue(e.getMessage().contains("pins can only live on bpffs"), e.getMessage());
        }
        assertFalse(Files.exists(scratch.resolve("app")), "no directory may be left behind");
    }

    @Test
    @RequiresBpf   // mounting a bpffs takes the privilege bpf() does: where bpf() is refused, so is the mount
    void aDirectoryStillToBeMadeOnBpffsPassesByItsNearestAncestor() throws Exception {
        try (PrivateBpffs bpffs = PrivateBpffs.mount()) {
            PinDirectory.requireBpffs(bpffs.dir());
            PinDirectory.requireBpffs(bpffs.dir().resolve("not/yet"));
            assertFalse(Files.exists(bpffs.dir().resolve("not")), "the check itself creates nothing");
        }
    }

    @Test
    void aFileIsNotAPinDirectory() throws IOException {
        Path file = Files.writeString(scratch.resolve("file"), "x");
        assertEquals(file + ": not a directory",
                assertThrows(LoadException.class, () -> PinDirectory.requireBpffs(file)).getMessage());
    }
}
