package dev.ebpf4j.processor.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.sys.CpuAffinity;
import dev.ebpf4j.testing.RequiresBpf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The maps family in the kernel, run twice on a 64-byte frame: each operation must do what
 * {@code dev.ebpf4j.program.maps} says, struct keys must find their entries from user space
 * (their padding is zero), and increments insert, add and wrap as Java does.
 */
@RequiresBpf
class MapOperationsKernelTest {
    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void everyOperationDoesWhatTheJavaMapsDo() throws Exception {
        try (PrivateBpffs bpffs = PrivateBpffs.mount();
             LoadedObject loaded = Kernel.load(Clang.object(ConstructPrograms.maps()), LoadOptions.defaults().withPinDirectory(bpffs.dir()))) {
            Program run = loaded.program("run");
            MapHandle results = loaded.map("results");

            // Both runs on one CPU: a per-CPU put from a program writes the running CPU's slot only,
            // so two runs on two CPUs would leave MIN_VALUE in each and sum to 0.
            if (!CpuAffinity.pin(CpuAffinity.current())) throw new IllegalStateException("could not pin the test to its CPU");
            long[] first;
            long[] second;
            try {
                assertEquals(2, run.testRun(new byte[64], 1).retval());
                first = Kernel.readAll(results, 8);
                assertEquals(2, run.testRun(new byte[64], 1).retval());
                second = Kernel.readAll(results, 8);
            } finally {
                CpuAffinity.unpin();
            }
            assertEquals(0, first[0], "no flow yet");
            assertEquals(1, first[2], "containsKey after put");
            assertEquals(1, first[3], "putIfAbsent into an empty LRU map");
            assertEquals(0, first[4], "remove of an absent key");
            assertEquals(1, first[5], "ring buffer output");
            assertEquals(1, first[6], "put into a per-CPU hash");
            assertEquals(0, first[7], "random & 0");

            assertEquals(1, second[0], "FlowStats.packets read through the pointer");
            assertEquals(64, second[1], "FlowStats.lastLength");
            assertEquals(0, second[3], "putIfAbsent of a present key");

            // the struct key as user space writes it: address, port, tcp, one zero byte of padding
            byte[] key = le(8).putInt(0x0a000001).putShort((short) 80).put((byte) 1).array();
            byte[] stats = loaded.map("flows").lookup(key).orElseThrow();
            assertEquals(1, le(stats).getLong(0));
            assertEquals(64, le(stats).getInt(8));

            // recent: putIfAbsent 7, then -2 twice
            byte[] recent = loaded.map("recent").lookup(le(8).putLong(64).array()).orElseThrow();
            assertEquals(3, le(recent).getInt(0));

            MapHandle perCpu = loaded.map("perCpuHits");
            int hits = 0;
            for (byte[] value : perCpu.perCpuValues(perCpu.lookup(Kernel.key(64)).orElseThrow())) hits += le(value).getInt(0);
            assertEquals(2, hits, "a per-CPU increment inserts, then adds");
            int minimum = 0;
            for (byte[] value : perCpu.perCpuValues(perCpu.lookup(Kernel.key(-1)).orElseThrow())) minimum += le(value).getInt(0);
            assertEquals(Integer.MIN_VALUE, minimum);

            MapHandle shared = loaded.map("shared");
            assertEquals(10, le(shared.lookup(Kernel.key(1)).orElseThrow()).getInt(0), "atomic array increments");
            assertTrue(shared.lookup(Kernel.key(9)).isEmpty(), "index 9 is outside the array");
        }
    }

    @Test
    void aHashIncrementWrapsAnIntValueAsJavaDoes() throws Exception {
        try (PrivateBpffs bpffs = PrivateBpffs.mount();
             LoadedObject loaded = Kernel.load(Clang.object(ConstructPrograms.maps()), LoadOptions.defaults().withPinDirectory(bpffs.dir()))) {
            MapHandle recent = loaded.map("recent");
            recent.update(le(8).putLong(64).array(), le(4).putInt(Integer.MIN_VALUE + 1).array());
            loaded.program("run").testRun(new byte[64], 1);
            assertEquals(Integer.MAX_VALUE, le(recent.lookup(le(8).putLong(64).array()).orElseThrow()).getInt(0),
                    "MIN_VALUE + 1 - 2 wraps to MAX_VALUE");
        }
    }
}
