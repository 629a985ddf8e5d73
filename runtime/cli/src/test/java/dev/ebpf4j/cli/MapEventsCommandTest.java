package dev.ebpf4j.cli;

import static dev.ebpf4j.cli.CommandLineTest.assertOneLineError;
import static dev.ebpf4j.cli.CommandLineTest.ebpf4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.maps.RingBufferPrograms;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.types.MapType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ebpf4j map events} on a ring buffer pinned on a private bpffs, written by a program's test runs. */
@RequiresBpf
class MapEventsCommandTest {
    @Test
    void printsRecordsAsJsonLinesUntilTheCountOrTheDuration() throws Exception {
        try (PrivateBpffs bpffs = PrivateBpffs.mount();
             MapHandle ring = MapHandle.create(MapSpec.ringBuffer("cli_events", 16 * 1024));
             Program writer = RingBufferPrograms.load(ring)) {
            Path pin = bpffs.dir().resolve("events");
            ring.pin(pin);
            writer.testRun(RingBufferPrograms.output(new byte[] {1, 2, 3}), 1);
            writer.testRun(RingBufferPrograms.output(new byte[] {(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0x10}), 1);
            writer.testRun(RingBufferPrograms.output(new byte[] {42}), 1);

            CommandLineTest.Run two = ebpf4j("map", "events", pin.toString(), "--count", "2");
            assertEquals(0, two.exitCode(), two.err());
            assertEquals(List.of("{\"size\":3,\"hex\":\"010203\"}", "{\"size\":9,\"hex\":\"ff0000000000000010\"}"),
                    two.out().lines().toList());

            long started = System.nanoTime();
            CommandLineTest.Run rest = ebpf4j("map", "events", pin.toString(), "--duration", "0.3");
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(0, rest.exitCode(), rest.err());
            assertEquals(List.of("{\"size\":1,\"hex\":\"2a\"}"), rest.out().lines().toList(), "the third record, once");
            assertTrue(millis >= 300 && millis < 5000, millis + " ms");
        }
    }

    @Test
    void aMapOfAnotherTypeIsOneLineNamingIt() throws Exception {
        try (PrivateBpffs bpffs = PrivateBpffs.mount();
             MapHandle hash = MapHandle.create(MapSpec.of(MapType.HASH, 4, 4, 1).withName("not_events"))) {
            Path pin = bpffs.dir().resolve("hash");
            hash.pin(pin);
            assertOneLineError(ebpf4j("map", "events", pin.toString(), "--count", "1"),
                    "map 'not_events' is a HASH map, not a ring buffer", "ebpf4j map dump");
        }
    }
}
