package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.testing.RequiresBpf;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins live only in a directory this test makes under /sys/fs/bpf and removes afterwards. Where no
 * bpffs is mounted there, the test mounts a private bpffs instance on a temporary directory instead
 * (each bpffs mount is its own instance, so nothing else is visible or touched) and unmounts it.
 */
@RequiresBpf
class PinTest {
    private static final Path BPFFS = Path.of("/sys/fs/bpf");
    private Path dir;
    private Path privateMount;

    @BeforeEach
    void makeOwnDirectory() throws Exception {
        String name = "ebpf4j-test-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
        if (Files.isDirectory(BPFFS) && "bpf".equals(Files.getFileStore(BPFFS).type())) {
            dir = Files.createDirectory(BPFFS.resolve(name));
            return;
        }
        privateMount = Files.createTempDirectory("ebpf4j-bpffs");
        int status = new ProcessBuilder("mount", "-t", "bpf", "bpf", privateMount.toString()).inheritIO().start().waitFor();
        if (status != 0) {
            Files.delete(privateMount);
            privateMount = null;
            System.out.println("skipping: no bpffs at " + BPFFS + " and mounting a private one failed");
            Assumptions.abort("no bpffs");
        }
        dir = Files.createDirectory(privateMount.resolve(name));
    }

    @AfterEach
    void removeOwnDirectory() throws Exception {
        try {
            if (dir != null) {
                try (Stream<Path> pins = Files.list(dir)) {
                    for (Path pin : pins.toList()) {
                        Files.delete(pin);
                    }
                }
                Files.delete(dir);
            }
        } finally {
            if (privateMount != null) {
                new ProcessBuilder("umount", privateMount.toString()).inheritIO().start().waitFor();
                Files.delete(privateMount);
            }
        }
    }

    @Test
    void aPinnedProgramOpensAgainAsTheSameProgram() {
        byte[] insns = {(byte) 0xb7, 0, 0, 0, 2, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0}; // r0 = 2; exit
        try (OwnedFd prog = ProgramCalls.load(ProgramCalls.LoadRequest.of(6, insns, "GPL", "pinned"))) {
            Path pin = dir.resolve("prog");
            ObjectCalls.pin(prog.get(), pin);
            try (OwnedFd again = ObjectCalls.get(pin, 0)) {
                assertEquals(ObjectCalls.programInfo(prog.get()).id(), ObjectCalls.programInfo(again.get()).id());
            }
        }
    }

    @Test
    void aPinnedMapOpensAgainAsTheSameMap() {
        try (OwnedFd map = MapCalls.create(new MapCalls.CreateRequest(2, 4, 4, 1, 0, "pinned"))) {
            Path pin = dir.resolve("map");
            ObjectCalls.pin(map.get(), pin);
            try (OwnedFd again = ObjectCalls.get(pin, 0)) {
                assertEquals(ObjectCalls.mapInfo(map.get()).id(), ObjectCalls.mapInfo(again.get()).id());
            }
        }
    }

    @Test
    void pinningTwiceAtOnePathSaysSomethingIsAlreadyThere() {
        try (OwnedFd map = MapCalls.create(new MapCalls.CreateRequest(2, 4, 4, 1, 0, "twice"))) {
            Path pin = dir.resolve("map");
            ObjectCalls.pin(map.get(), pin);
            BpfException e = assertThrows(BpfException.class, () -> ObjectCalls.pin(map.get(), pin));
            assertEquals(Errno.EEXIST, e.errno());
            assertTrue(e.getMessage().contains(pin.toString()) && e.getMessage().contains("already pinned"), e.getMessage());
        }
    }

    @Test
    void openingAMissingPinNamesThePath() {
        Path missing = dir.resolve("nothing");
        BpfException e = assertThrows(BpfException.class, () -> ObjectCalls.get(missing, 0));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertEquals(List.of(), listing());
    }

    private List<Path> listing() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
