package dev.ebpf4j.cli;

import static dev.ebpf4j.cli.CommandLineTest.assertOneLineError;
import static dev.ebpf4j.cli.CommandLineTest.ebpf4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.object.ObjectReader;
import dev.ebpf4j.testing.ClangFixtures;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ebpf4j map events PIN --object OBJ[:MAP]}: records formatted through the struct that the
 * object names for the ring buffer, in both conventions C programs use, read from ring buffers a
 * program filled in its test runs (clang's object, loaded by our loader, its ring buffers pinned).
 */
@RequiresBpf
class MapEventsTypedCommandTest {
    private static final String EVENT = "{\"pid\":7,\"port\":8080,\"flags\":3,\"bytes\":1099511627776,\"comm\":\"abc\"}";
    private static final String RAW = "{\"size\":24,\"hex\":\"07000000901f030000000000000100006162630000000000\"}";

    @Test
    void recordsPrintAsObjectsOfTheStructsMembersWhenTheObjectNamesTheirType() throws Exception {
        Path object = ClangFixtures.compiled("fixtures/object/ringbuf_records");
        try (PrivateBpffs bpffs = PrivateBpffs.mount();
             LoadedObject loaded = ObjectLoader.load(ObjectReader.read(object), LoadOptions.defaults())) {
            assertTrue(loaded.warnings().isEmpty(), "every ring buffer created as it is: " + loaded.warnings());
            for (String ring : List.of("cilium_style", "ebpf4j_style", "untyped")) loaded.map(ring).pin(bpffs.dir().resolve(ring));
            byte[] frame = new byte[64];
            frame[0] = 7;
            for (int run = 0; run < 3; run++) assertEquals(2, loaded.program("write_events").testRun(frame, 1).retval());
            Path cilium = bpffs.dir().resolve("cilium_style");
            Path ours = bpffs.dir().resolve("ebpf4j_style");
            Path untyped = bpffs.dir().resolve("untyped");

            CommandLineTest.Run byPinnedName = ebpf4j("map", "events", cilium.toString(), "--object", object.toString(), "--count", "1");
            assertEquals(0, byPinnedName.exitCode(), byPinnedName.err());
            assertEquals(List.of(EVENT), byPinnedName.out().lines().toList());

            CommandLineTest.Run named = ebpf4j("map", "events", ours.toString(), "--object", object + ":ebpf4j_style", "--count", "1");
            assertEquals(0, named.exitCode(), named.err());
            assertEquals(List.of(EVENT), named.out().lines().toList());

            CommandLineTest.Run otherType = ebpf4j("map", "events", ours.toString(), "--object", object + ":cilium_style", "--count", "1");
            assertEquals(List.of(EVENT), otherType.out().lines().toList(), "the struct of another ring buffer of the object");

            CommandLineTest.Run raw = ebpf4j("map", "events", cilium.toString(), "--count", "1");
            assertEquals(List.of(RAW), raw.out().lines().toList(), "without an object, the bytes");

            CommandLineTest.Run nameless = ebpf4j("map", "events", untyped.toString(), "--object", object.toString(), "--count", "1");
            assertEquals(0, nameless.exitCode(), nameless.err());
            assertEquals(List.of(RAW), nameless.out().lines().toList());
            assertTrue(nameless.err().contains("ring buffer 'untyped' does not name its records' type"), nameless.err());

            assertOneLineError(ebpf4j("map", "events", ours.toString(), "--object", object + ":nosuch", "--count", "1"),
                    "the object has no map 'nosuch'", "ebpf4j_style");
            assertOneLineError(ebpf4j("map", "events", ours.toString(), "--object", object + ":write_events", "--count", "1"),
                    "the object has no map 'write_events'");
        }
    }
}
