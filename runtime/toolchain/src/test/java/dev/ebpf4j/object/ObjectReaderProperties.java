package dev.ebpf4j.object;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ebpf4j.binary.FormatException;
import dev.ebpf4j.elf.ElfFile;
import dev.ebpf4j.elf.NeedsClang;
import dev.ebpf4j.elf.Section;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Fuzzing the object reader: truncated or mutated objects, ours and clang's, are read or rejected
 * with a {@link FormatException}; never another exception, a hang or an out-of-memory error.
 */
class ObjectReaderProperties {
    private static final byte[] OURS = ObjectWriter.write(ObjectFixtures.sample());

    private static byte[] clang() {
        return ObjectFixtures.compiledBytes("full");
    }

    private static void readsOrRejectsCleanly(byte[] bytes) {
        try {
            ObjectReader.read(bytes);
        } catch (FormatException e) {
            assertFalse(e.problem() == null || e.problem().isBlank(), "a FormatException without a problem");
        }
    }

    private static void everyTruncation(byte[] whole) {
        for (int length = 0; length < whole.length; length++) {
            readsOrRejectsCleanly(Arrays.copyOf(whole, length));
        }
    }

    @Example
    void everyTruncationOfOurObjectIsReadOrRejected() {
        everyTruncation(OURS);
    }

    @Example
    @AddLifecycleHook(NeedsClang.class)
    void everyTruncationOfAClangObjectIsReadOrRejected() {
        everyTruncation(clang());
    }

    @Property
    void mutatedObjectsOfOursAreReadOrRejected(@ForAll("mutations") List<Tuple.Tuple2<Integer, Byte>> mutations) {
        readsOrRejectsCleanly(mutate(OURS, 0, OURS.length, mutations));
    }

    @Property
    void objectsOfOursMutatedInsideOneSectionAreReadOrRejected(@ForAll("sectionNames") String name,
                                                               @ForAll("mutations") List<Tuple.Tuple2<Integer, Byte>> mutations) {
        readsOrRejectsCleanly(mutateSection(OURS, name, mutations));
    }

    @Property
    @AddLifecycleHook(NeedsClang.class)
    void mutatedClangObjectsAreReadOrRejected(@ForAll("mutations") List<Tuple.Tuple2<Integer, Byte>> mutations) {
        byte[] clang = clang();
        readsOrRejectsCleanly(mutate(clang, 0, clang.length, mutations));
    }

    @Property
    @AddLifecycleHook(NeedsClang.class)
    void clangObjectsMutatedInsideOneSectionAreReadOrRejected(@ForAll("sectionNames") String name,
                                                              @ForAll("mutations") List<Tuple.Tuple2<Integer, Byte>> mutations) {
        readsOrRejectsCleanly(mutateSection(clang(), name, mutations));
    }

    /** Mutations where the object layer, not the ELF layer, has to notice them. */
    private static byte[] mutateSection(byte[] object, String name, List<Tuple.Tuple2<Integer, Byte>> mutations) {
        ElfFile elf = ElfFile.read(object);
        Section section = elf.section(name).orElse(elf.symbolTable());
        if (!section.hasData() || section.size() == 0) {
            return object;
        }
        return mutate(object, (int) section.offset(), (int) section.size(), mutations);
    }

    private static byte[] mutate(byte[] original, int from, int length, List<Tuple.Tuple2<Integer, Byte>> mutations) {
        byte[] bytes = original.clone();
        for (Tuple.Tuple2<Integer, Byte> m : mutations) {
            bytes[from + m.get1() % length] = m.get2();
        }
        return bytes;
    }

    @Provide
    Arbitrary<String> sectionNames() {
        return Arbitraries.of(".text", "xdp", "tc", ".relxdp", ".rel.text", ".reltc", ".BTF", ".BTF.ext", ".symtab", ".strtab",
                ".maps", ".data", "license");
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> mutations() {
        Arbitrary<Byte> values = Arbitraries.oneOf(Arbitraries.of((byte) 0, (byte) -1, (byte) 1, (byte) 0x7f, (byte) 0x80,
                (byte) 0x18, (byte) 0x85, (byte) 0x10), Arbitraries.bytes());
        return Arbitraries.integers().greaterOrEqual(0).flatMap(at -> values.map(v -> Tuple.of(at, v)))
                .list().ofMinSize(1).ofMaxSize(8);
    }
}
