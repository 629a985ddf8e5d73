package dev.ebpf4j.bench;

import static dev.ebpf4j.asm.Register.R0;
import static dev.ebpf4j.asm.Register.R1;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.btf.DatasecLayout;
import dev.ebpf4j.loader.GlobalVariable;
import dev.ebpf4j.loader.Globals;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.DataSection;
import dev.ebpf4j.object.ProgramDefinition;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading a u64 global of a loaded object's .data section: through the section's mmap-ed memory
 * ({@link GlobalVariable#getLong()}, and the mapped segment read directly) and through a lookup of the section's array map at key 0.
 *
 * <pre>
 * bin/bench -f 1 -wi 3 -i 5 -w 1s -r 1s GlobalReadBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GlobalReadBenchmark {
    static final long LIMIT = 0x1234_5678_9abcL;

    LoadedObject loaded;
    GlobalVariable limit;
    BpfMap data;
    Arena arena;
    MemorySegment key, value, memory;

    @Setup
    public void load() {
        loaded = ObjectLoader.load(object(), LoadOptions.defaults());
        limit = loaded.variable("limit");
        Globals section = loaded.globals(".data");
        if (!section.isMapped()) {
            throw new IllegalStateException(".data is not mmap-ed on this kernel");
        }
        data = section.map();
        memory = section.memory().orElseThrow();
        arena = Arena.ofConfined();
        key = arena.allocate(4);
        value = arena.allocate(data.valueSize());
    }

    @TearDown
    public void close() {
        loaded.close();
        arena.close();
    }

    @Benchmark
    public long mmap() {
        return limit.getLong();
    }

    /** The same mapping read directly, without {@link GlobalVariable}'s byte-array copy. */
    @Benchmark
    public long mmapSegment() {
        return memory.get(ValueLayout.JAVA_LONG, 0);
    }

    @Benchmark
    public long mapLookup() {
        if (!data.lookup(key, value)) {
            throw new AssertionError(".data has no element 0");
        }
        return value.get(ValueLayout.JAVA_LONG, 0);
    }

    /** A socket filter returning the global {@code limit}; .data holds only {@code limit}. */
    static BpfObject object() {
        Btf.Builder b = Btf.builder();
        int u32 = b.add(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
        int u64 = b.add(new BtfType.Int("unsigned long long", 8, BtfType.IntEncoding.NONE, 0, 64));
        int proto = b.add(new BtfType.FuncProto(u32, List.of()));
        b.add(new BtfType.Func("entry", proto, BtfType.FuncLinkage.GLOBAL));
        DatasecLayout.add(b, ".data", List.of(new DatasecLayout.Variable("limit", u64, BtfType.VarLinkage.GLOBAL)));
        var entry = new CodeBuilder()
                .line("Global.java", 1, 1, "return limit;")
                .ldGlobal(R1, "limit", 0)
                .ldxdw(R0, R1, 0)
                .exit()
                .build();
        byte[] initial = new byte[8];
        MemorySegment.ofArray(initial).set(ValueLayout.JAVA_LONG_UNALIGNED, 0, LIMIT);
        return new BpfObject("GPL", 0, List.of(ProgramDefinition.entry("entry", "socket", entry)), List.of(),
                List.of(DataSection.of(".data", initial, new DataSection.Variable("limit", 0, 8, u64))), b.build());
    }
}
