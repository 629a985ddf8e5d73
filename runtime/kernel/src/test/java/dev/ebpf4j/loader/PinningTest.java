package dev.ebpf4j.loader;

import dev.ebpf4j.linking.TestObjects;
import static org.junit.jupiter.api.Assertions.*;

import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.MapDefinition;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.RequiresBpf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins live only on a private bpffs instance this test mounts on a temporary directory and
 * unmounts afterwards, so no other pin on the machine is visible or touched.
 */
@RequiresBpf
class PinningTest {
    private Path mount;
    /** Our directory on the mount; its root holds the kernel's own progs.debug and maps.debug. */
    private Path dir;

    @BeforeEach
    void mountPrivateBpffs() throws Exception {
        mount = Files.createTempDirectory("ebpf4j-loader-bpffs");
        int status = new ProcessBuilder("mount", "-t", "bpf", "bpf", mount.toString()).inheritIO().start().waitFor();
        if (status != 0) {
            Files.delete(mount);
            mount = null;
            System.out.println("skipping: mounting a private bpffs failed");
            Assumptions.abort("no bpffs");
        }
        dir = Files.createDirectory(mount.resolve("test"));
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount == null) {
            return;
        }
        try (Stream<Path> all = dir == null ? Stream.empty() : Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
            Files.delete(mount);
        }
    }

    private static BpfObject withPinnedCounts(int valueSize) {
        BpfObject base = TestObjects.counter();
        List<MapDefinition> maps = base.maps().stream()
                .map(m -> m.name().equals("counts")
                        ? MapDefinition.of("counts", m.type(), 4, valueSize, 16).withPinning(MapDefinition.Pinning.BY_NAME)
                        : m)
                .toList();
        return new BpfObject(base.license(), 0, base.programs(), maps, base.dataSections(), base.btf());
    }

    @Test
    void aMapPinnedByNameIsCreatedOnceAndReusedByTheNextLoad() {
        LoadOptions options = LoadOptions.defaults().withPinDirectory(dir);
        int id;
        try (LoadedObject first = ObjectLoader.load(withPinnedCounts(8), options)) {
            first.program("entry").testRun(new byte[64], 1);
            id = first.map("counts").id();
            assertTrue(Files.exists(dir.resolve("counts")));
        }
        try (LoadedObject second = ObjectLoader.load(withPinnedCounts(8), options)) {
            assertEquals(id, second.map("counts").id());
            assertEquals(105, TestObjects.u64(second.map("counts").lookup(new byte[] {7, 0, 0, 0}).orElseThrow(), 0));
        }
    }

    @Test
    void anIncompatiblePinnedMapIsRefusedNamingTheMismatchAndNothingIsLeft() throws IOException {
        LoadOptions options = LoadOptions.defaults().withPinDirectory(dir);
        try (MapHandle other = MapHandle.create(dev.ebpf4j.maps.MapSpec.of(dev.ebpf4j.types.MapType.HASH, 4, 16, 16).withName("counts"))) {
            other.pin(dir.resolve("counts"));
        }
        long before = ObjectLoaderTest.openFds();
        LoadException e = assertThrows(LoadException.class, () -> ObjectLoader.load(withPinnedCounts(8), options));
        assertTrue(e.getMessage().contains("map counts") && e.getMessage().contains("value size 8 here, 16 pinned"), e.getMessage());
        assertEquals(before, ObjectLoaderTest.openFds());
        try (Stream<Path> pins = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("counts")), pins.toList());
        }
    }

    @Test
    void aFailedLoadRemovesThePinsItMade() throws IOException {
        BpfObject refused = withPinnedCounts(8);
        refused = new BpfObject(refused.license(), 0,
                Stream.concat(refused.programs().stream(), Stream.of(TestObjects.refused())).toList(),
                refused.maps(), refused.dataSections(), refused.btf());
        BpfObject finalRefused = refused;
        assertThrows(dev.ebpf4j.errors.VerifierException.class,
                () -> ObjectLoader.load(finalRefused, LoadOptions.defaults().withPinDirectory(dir)));
        try (Stream<Path> pins = Files.list(dir)) {
            assertEquals(List.of(), pins.toList());
        }
    }

    @Test
    void withoutAPinDirectoryThePinnedMapIsCreatedUnpinnedWithAWarning() {
        try (LoadedObject loaded = ObjectLoader.load(withPinnedCounts(8), LoadOptions.defaults())) {
            assertTrue(loaded.warnings().getFirst().contains("counts"), loaded.warnings().toString());
        }
    }

    @Test
    void pinAllPinsProgramsAndMapsLikeBpftoolLoadall() {
        Path all = dir.resolve("all");
        try (LoadedObject loaded = ObjectLoader.load(TestObjects.counter(List.of(TestObjects.second()), false),
                LoadOptions.defaults().withObjectName("counter"))) {
            loaded.pinAll(all);
            for (String name : List.of("entry", "second", "maps/counts", "maps/slots", "maps/percpu",
                    "maps/counter_data", "maps/counter_rodata", "maps/counter_bss")) {
                assertTrue(Files.exists(all.resolve(name)), name);
            }
            try (Program again = Program.openPinned(all.resolve("entry"))) {
                assertEquals(loaded.program("entry").id(), again.id());
            }
        }
        // the pins outlive the loaded object
        try (Program again = Program.openPinned(all.resolve("entry"))) {
            assertEquals(105, again.testRun(new byte[64], 1).retval());
        }
    }
}
