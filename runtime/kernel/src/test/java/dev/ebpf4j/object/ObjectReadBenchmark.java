package dev.ebpf4j.object;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.types.MapType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Writing and reading a large object: 40 programs of about 500 instructions each (20,000 in all)
 * with map, global and call references and line marks, 64 maps and 400 BTF struct types. The
 * {@code bytes} counter is the object's size per operation, so JMH prints it as bytes per second.
 *
 * <pre>
 * bin/bench -f 1 -wi 3 -i 5 ObjectReadBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ObjectReadBenchmark {
    BpfObject object;
    byte[] bytes;

    /** Bytes handled, reported by JMH as a rate next to the operations. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Throughput {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void build() {
        object = ObjectWriter.complete(large());
        bytes = ObjectWriter.write(object);
        System.out.println("object: " + bytes.length + " bytes, " + object.btf().typeCount() + " BTF types, "
                + object.programs().stream().mapToInt(p -> p.code().size()).sum() + " instructions");
    }

    @Benchmark
    public byte[] write(Throughput throughput) {
        byte[] out = ObjectWriter.write(object);
        throughput.bytes += out.length;
        return out;
    }

    @Benchmark
    public BpfObject read(Throughput throughput) {
        throughput.bytes += bytes.length;
        return ObjectReader.read(bytes);
    }

    static BpfObject large() {
        Btf.Builder b = Btf.builder();
        int u32 = b.add(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
        int u64 = b.add(new BtfType.Int("unsigned long long", 8, BtfType.IntEncoding.NONE, 0, 64));
        List<Integer> structs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            structs.add(b.add(BtfType.Struct.of("s" + i, 16, new BtfType.Member("a", u64, 0), new BtfType.Member("b", u32, 64),
                    new BtfType.Member("c", u32, 96))));
        }
        List<MapDefinition> maps = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            maps.add(MapDefinition.of("map" + i, i % 2 == 0 ? MapType.HASH : MapType.ARRAY, 4, 16, 1024).withTypes(u32, structs.get(i)));
        }
        List<DataSection.Variable> variables = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            variables.add(new DataSection.Variable("g" + i, i * 16, 16, structs.get(100 + i)));
        }
        List<DataSection> data = List.of(DataSection.bss(".bss", 64 * 16, variables.toArray(DataSection.Variable[]::new)),
                DataSection.of(".rodata", new byte[256], new DataSection.Variable("config", 0, 256, 0)));
        List<ProgramDefinition> programs = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            programs.add(ProgramDefinition.subprogram("sub" + s, body(s, maps, List.of()).build()));
        }
        for (int p = 0; p < 36; p++) {
            programs.add(ProgramDefinition.entry("prog" + p, p % 2 == 0 ? "xdp" : "tc", body(p, maps, List.of("sub0", "sub1", "sub2", "sub3")).build()));
        }
        programs.sort(java.util.Comparator.comparing(ProgramDefinition::section));
        return new BpfObject("GPL", 0, programs, maps, data, b.build());
    }

    private static CodeBuilder body(int seed, List<MapDefinition> maps, List<String> callees) {
        CodeBuilder code = new CodeBuilder();
        for (int i = 0; i < 100; i++) {
            code.line("Large.java", seed * 1000 + i + 1, 5, "statement " + i + ";");
            code.ldMap(Register.R1, maps.get((seed + i) % maps.size()).name());
            code.ldGlobal(Register.R2, "g" + (i % 64), 8);
            code.mov64(Register.R3, i);
            code.add64(Register.R3, Register.R2);
            if (!callees.isEmpty() && i % 10 == 0) {
                code.callFunction(callees.get(i % callees.size()));
            } else {
                code.stxdw(Register.R10, -8, Register.R3);
            }
        }
        return code.mov64(Register.R0, 0).exit();
    }
}
