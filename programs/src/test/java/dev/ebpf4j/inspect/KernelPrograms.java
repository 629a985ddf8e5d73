package dev.ebpf4j.inspect;

import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.object.ObjectReader;
import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two builds of a program class that run in the kernel: the processor's object, and clang's
 * object compiled from the processor's C rendering. Both are read from the class path, where the
 * build put them next to the class.
 */
final class KernelPrograms {
    private KernelPrograms() {
    }

    /** The bytes of {@code <Class>.<suffix>} next to {@code program}. */
    static byte[] resource(Class<?> program, String suffix) {
        String name = program.getSimpleName() + suffix;
        try (InputStream in = program.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is not on the class path: was the processor run?");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the processor's object for {@code program}. */
    static LoadedObject loadOurs(Class<?> program) {
        return ObjectLoader.load(ObjectReader.read(resource(program, ".bpf.o")), LoadOptions.defaults());
    }

    /** Compiles the C rendering of {@code program} with clang-19 -O2 in {@code dir} and loads clang's object. */
    static LoadedObject loadClangs(Class<?> program, Path dir) throws IOException {
        ExternalTool clang = ExternalTool.require("clang-19");
        Path source = dir.resolve(program.getSimpleName() + ".bpf.c");
        Files.write(source, resource(program, ".bpf.c"));
        Files.write(dir.resolve("ebpf4j.h"), header(program));
        Path object = dir.resolve(program.getSimpleName() + ".clang.o");
        clang.run("-target", "bpf", "-mcpu=v3", "-O2", "-g", "-c", source.toString(), "-o", object.toString());
        return ObjectLoader.load(ObjectReader.read(object), LoadOptions.defaults());
    }

    private static byte[] header(Class<?> program) {
        try (InputStream in = program.getResourceAsStream("ebpf4j.h")) {
            if (in == null) throw new IllegalStateException("ebpf4j.h is not next to " + program.getName());
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] intKey(int key) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(key).array();
    }

    static int intOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** The sum over CPUs of the long values under {@code key} in a per-CPU map (0 if absent). */
    static long sumOf(BpfMap map, byte[] key) {
        var buffer = map.lookup(key);
        if (buffer.isEmpty()) return 0;
        var values = map.perCpuValues(buffer.get());
        long sum = 0;
        for (byte[] value : values) sum += ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return sum;
    }

    static long longOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** Every entry of a hash map with int keys and long values. */
    static Map<Integer, Long> intLongEntries(BpfMap map) {
        Map<Integer, Long> entries = new LinkedHashMap<>();
        for (byte[] key : map.keys()) entries.put(intOf(key), longOf(map.lookup(key).orElseThrow()));
        return entries;
    }

    /** Deletes every entry of a hash map. */
    static void clear(BpfMap map) {
        for (byte[] key : map.keys()) map.delete(key);
    }
}
