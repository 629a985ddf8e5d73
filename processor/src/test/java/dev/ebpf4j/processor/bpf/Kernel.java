package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.object.ObjectReader;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.sys.BpfAvailable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Loads compiled units into the kernel through the written ELF bytes, as a user's build would. */
final class Kernel {
    private Kernel() {}

    static LoadedObject load(ProgramUnit unit) {
        BpfAvailable.assumeBpf();
        byte[] elf = BpfCompiler.write(unit);
        return ObjectLoader.load(ObjectReader.read(elf), LoadOptions.defaults());
    }

    static byte[] intKey(int k) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(k).array();
    }

    static byte[] longValue(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static long asLong(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static int asInt(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** The sum over CPUs of a per-CPU long value, 0 if absent. */
    static long perCpuSum(dev.ebpf4j.maps.BpfMap map, byte[] key) {
        return map.lookup(key).map(buffer -> {
            long sum = 0;
            for (byte[] v : map.perCpuValues(buffer)) sum += v.length == 8 ? asLong(v) : asInt(v);
            return sum;
        }).orElse(0L);
    }

    static List<byte[]> keys(dev.ebpf4j.maps.BpfMap map) {
        return map.keys();
    }
}
