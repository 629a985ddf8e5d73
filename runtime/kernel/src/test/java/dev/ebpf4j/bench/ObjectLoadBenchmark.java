package dev.ebpf4j.bench;

import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.ObjectReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Loading the clang-compiled fixture {@code fixtures/object/full.c} into the kernel and closing it
 * again: {@code readAndLoad} starts from the object file's bytes (what {@code bpftool prog loadall}
 * does), {@code load} from the already-read object. Needs clang-19 on the PATH.
 *
 * <pre>
 * bin/bench -f 1 -wi 3 -i 5 -w 1s -r 1s ObjectLoadBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ObjectLoadBenchmark {
    byte[] bytes;
    BpfObject object;

    @Setup
    public void compile() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ebpf4j-bench");
        Path out = dir.resolve("full.o");
        Process clang = new ProcessBuilder("clang-19", "-g", "-O2", "-target", "bpf", "-c",
                "runtime/toolchain/src/test/resources/fixtures/object/full.c", "-o", out.toString()).inheritIO().start();
        if (clang.waitFor() != 0) {
            throw new IllegalStateException("clang-19 failed on full.c");
        }
        bytes = Files.readAllBytes(out);
        Files.delete(out);
        Files.delete(dir);
        object = ObjectReader.read(bytes);
    }

    @Benchmark
    public int readAndLoad() {
        try (LoadedObject loaded = ObjectLoader.load(ObjectReader.read(bytes), LoadOptions.defaults())) {
            return loaded.programs().size();
        }
    }

    /** Reading alone, to tell the reader's share of {@code readAndLoad} from the kernel's. */
    @Benchmark
    public BpfObject read() {
        return ObjectReader.read(bytes);
    }

    @Benchmark
    public int load() {
        try (LoadedObject loaded = ObjectLoader.load(object, LoadOptions.defaults())) {
            return loaded.programs().size();
        }
    }
}
