package dev.ebpf4j.object;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.types.MapType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any object the model can hold survives writing and reading: read(write(o)) equals complete(o). */
class ObjectRoundTripProperties {
    private static final List<String> SECTIONS = List.of("xdp", "tc", "socket", "kprobe/tcp_v4_connect",
            "tracepoint/sock/inet_sock_set_state", "cgroup_skb/ingress", "tcx/egress", "fentry/tcp_close");
    private static final List<MapType> MAP_TYPES = List.of(MapType.HASH, MapType.ARRAY, MapType.PERCPU_ARRAY,
            MapType.LRU_HASH, MapType.RINGBUF, MapType.BLOOM_FILTER, MapType.PROG_ARRAY);

    @Property(tries = 300)
    void writingThenReadingGivesTheCompletedObject(@ForAll("objects") BpfObject object) {
        BpfObject completed = ObjectWriter.complete(object);
        assertEquals(completed, ObjectReader.read(ObjectWriter.write(object)));
        assertEquals(completed, ObjectWriter.complete(completed));
    }

    @Provide
    Arbitrary<BpfObject> objects() {
        return Arbitraries.longs().map(ObjectRoundTripProperties::generate);
    }

    /** A random but well-formed object; a seed keeps shrinking simple and failures reproducible. */
    static BpfObject generate(long seed) {
        Random random = new Random(seed);
        Btf.Builder b = Btf.builder();
        int u32 = b.add(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
        int u64 = b.add(new BtfType.Int("unsigned long long", 8, BtfType.IntEncoding.NONE, 0, 64));

        List<MapDefinition> maps = new ArrayList<>();
        for (int i = 0, n = random.nextInt(5); i < n; i++) {
            MapType type = MAP_TYPES.get(random.nextInt(MAP_TYPES.size()));
            MapDefinition map = switch (type) {
                case RINGBUF -> MapDefinition.of("m" + i, type, 0, 0, 4096 << random.nextInt(4));
                case BLOOM_FILTER -> MapDefinition.of("m" + i, type, 0, 8, 1 + random.nextInt(100)).withMapExtra(random.nextInt(10));
                case PROG_ARRAY -> MapDefinition.of("m" + i, type, 4, 4, 1 + random.nextInt(8));
                default -> random.nextBoolean()
                        ? MapDefinition.of("m" + i, type, 4, 8, 1 + random.nextInt(1000)).withTypes(u32, u64)
                        : MapDefinition.of("m" + i, type, 1 + random.nextInt(64), 1 + random.nextInt(256), 1 + random.nextInt(1000));
            };
            if (random.nextInt(4) == 0) {
                map = map.withPinning(MapDefinition.Pinning.BY_NAME);
            }
            if (random.nextInt(4) == 0) {
                map = map.withFlags(1 + random.nextInt(8));
            }
            maps.add(map);
        }
        if (random.nextBoolean()) {
            maps.add(MapDefinition.of("outer", MapType.HASH_OF_MAPS, 4, 4, 16)
                    .withInner(MapDefinition.of("x", MapType.ARRAY, 4, 1 + random.nextInt(64), 1 + random.nextInt(16))));
        }

        List<DataSection> data = new ArrayList<>();
        List<String> globals = new ArrayList<>();
        for (String name : List.of(".data", ".rodata", ".bss", ".data.extra", ".rodata.config")) {
            if (random.nextBoolean()) {
                continue;
            }
            List<DataSection.Variable> variables = new ArrayList<>();
            int offset = 0;
            for (int i = 0, n = random.nextInt(4); i < n; i++) {
                int size = random.nextBoolean() ? 8 : 4;
                int typeId = random.nextInt(3) == 0 ? 0 : size == 8 ? u64 : u32;
                String variable = name.replace(".", "_").substring(1) + "_" + i;
                variables.add(new DataSection.Variable(variable, offset, size, typeId));
                globals.add(variable);
                offset += 8;
            }
            int size = offset + random.nextInt(3) * 8 + (variables.isEmpty() ? 8 : 0);
            globals.add(name);
            byte[] contents = new byte[size];
            random.nextBytes(contents);
            data.add(name.startsWith(".bss") ? new DataSection(name, size, new byte[0], variables)
                    : new DataSection(name, size, contents, variables));
        }

        List<ProgramDefinition> programs = new ArrayList<>();
        List<String> subprograms = new ArrayList<>();
        for (int i = 0, n = random.nextInt(3); i < n; i++) {
            subprograms.add("sub" + i);
        }
        for (String sub : subprograms) {
            programs.add(ProgramDefinition.subprogram(sub, code(random, maps, data, List.of())));
        }
        List<String> sections = new ArrayList<>(SECTIONS);
        java.util.Collections.shuffle(sections, random);
        int entries = 1 + random.nextInt(3);
        for (int i = 0; i < entries; i++) {
            // Sometimes two programs share a section, as clang allows.
            String section = sections.get(random.nextInt(3) == 0 && i > 0 ? i - 1 : i);
            int at = programs.size();
            while (at > subprograms.size() && !programs.get(at - 1).section().equals(section)
                    && programs.stream().anyMatch(p -> p.section().equals(section))) {
                at--;
            }
            programs.add(at, ProgramDefinition.entry("prog" + i, section, code(random, maps, data, subprograms)));
        }
        int kernelVersion = random.nextInt(4) == 0 ? 0x050a00 : 0;
        String license = random.nextInt(5) == 0 ? "" : random.nextBoolean() ? "GPL" : "Dual MIT/GPL";
        return new BpfObject(license, kernelVersion, programs, maps, data, b.build());
    }

    private static dev.ebpf4j.asm.Code code(Random random, List<MapDefinition> maps, List<DataSection> data, List<String> callees) {
        CodeBuilder code = new CodeBuilder();
        boolean lines = random.nextBoolean();
        int line = 1 + random.nextInt(100);
        for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
            if (lines && random.nextInt(3) == 0) {
                code.line("Gen.java", line++, random.nextInt(40), random.nextBoolean() ? "x += " + i + ";" : "");
            }
            switch (random.nextInt(6)) {
                case 0 -> code.mov64(Register.R1, random.nextInt());
                case 1 -> code.ldImm64(Register.R2, random.nextLong());
                case 2 -> {
                    if (!maps.isEmpty()) {
                        code.ldMap(Register.R1, maps.get(random.nextInt(maps.size())).name());
                    }
                }
                case 3 -> {
                    if (!data.isEmpty()) {
                        DataSection section = data.get(random.nextInt(data.size()));
                        if (!section.variables().isEmpty() && random.nextBoolean()) {
                            DataSection.Variable v = section.variables().get(random.nextInt(section.variables().size()));
                            code.ldGlobal(Register.R3, v.name(), random.nextInt(v.size()));
                        } else {
                            code.ldGlobal(Register.R3, section.name(), random.nextInt(section.size()));
                        }
                    }
                }
                case 4 -> {
                    if (!callees.isEmpty()) {
                        String callee = callees.get(random.nextInt(callees.size()));
                        if (random.nextInt(4) == 0) {
                            code.ldFunction(Register.R2, callee);
                        } else {
                            code.callFunction(callee);
                        }
                    }
                }
                default -> code.add64(Register.R0, Register.R1);
            }
        }
        return code.mov64(Register.R0, 0).exit().build();
    }
}
