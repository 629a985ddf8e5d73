package dev.ebpf4j.processor.c;

import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.object.ObjectReader;
import dev.ebpf4j.processor.ir.ProgramUnit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/** Loads clang's object of a rendering with the runtime's loader, and reads and writes int-keyed long maps. */
final class Kernel {
    private Kernel() {
    }

    static LoadedObject load(ProgramUnit unit) {
        return load(unit, LoadOptions.defaults());
    }

    static LoadedObject load(ProgramUnit unit, LoadOptions options, String... clangFlags) {
        try {
            return ObjectLoader.load(ObjectReader.read(Clang.compileV3(unit, clangFlags)), options.withObjectName(unit.className()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] key(int key) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(key).array();
    }

    static byte[] longValue(BpfMap map, long value) {
        return ByteBuffer.allocate(map.valueBufferSize()).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value).array();
    }

    static void putLong(BpfMap map, int key, long value) {
        map.update(key(key), longValue(map, value));
    }

    /** The value under {@code key}; summed over the CPUs for a per-CPU map. */
    static Optional<Long> getLong(BpfMap map, int key) {
        return map.lookup(key(key)).map(bytes -> {
            if (!map.type().isPerCpu()) return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            long sum = 0;
            for (byte[] perCpu : map.perCpuValues(bytes)) sum += ByteBuffer.wrap(perCpu).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            return sum;
        });
    }

    static long[] readAll(BpfMap map, int count) {
        long[] values = new long[count];
        for (int k = 0; k < count; k++) values[k] = getLong(map, k).orElseThrow();
        return values;
    }

    static void zero(BpfMap map, int count) {
        for (int k = 0; k < count; k++) putLong(map, k, 0);
    }
}
