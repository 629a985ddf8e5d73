package dev.ebpf4j.elf;

import static dev.ebpf4j.elf.ElfLayout.*;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ebpf4j.binary.FormatException;
import dev.ebpf4j.elf.ElfLayout.Field;
import java.lang.foreign.MemorySegment;
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
 * Fuzzing the reader: whatever bytes it is given, it returns an object or throws
 * {@link FormatException}, never another exception, and never runs out of memory or time.
 */
class ElfReaderProperties {
    private static final byte[] SAMPLE = Fixtures.sample();
    private static final ElfFile PARSED = ElfFile.read(SAMPLE);

    /** Reads {@code bytes}; anything but success or a FormatException with a message fails the property. */
    private static void readsOrRejectsCleanly(byte[] bytes) {
        try {
            ElfFile.read(bytes);
        } catch (FormatException e) {
            assertFalse(e.problem().isBlank());
        }
    }

    private static void everyTruncation(byte[] whole) {
        for (int length = 0; length < whole.length; length++) {
            readsOrRejectsCleanly(Arrays.copyOf(whole, length));
        }
    }

    @Example
    void everyTruncationOfAWrittenObjectIsReadOrRejected() {
        everyTruncation(SAMPLE);
    }

    @Example
    @AddLifecycleHook(NeedsClang.class)
    void everyTruncationOfAClangObjectIsReadOrRejected() {
        everyTruncation(Fixtures.compiledBytes("elf_sections"));
    }

    @Property
    void mutatedWrittenObjectsAreReadOrRejected(@ForAll("mutations") List<Tuple.Tuple2<Integer, Byte>> mutations) {
        readsOrRejectsCleanly(mutate(SAMPLE, mutations));
    }

    @Property
    @AddLifecycleHook(NeedsClang.class)
    void mutatedClangObjectsAreReadOrRejected(@ForAll("mutations") List<Tuple.Tuple2<Integer, Byte>> mutations) {
        readsOrRejectsCleanly(mutate(Fixtures.compiledBytes("elf_sections"), mutations));
    }

    @Property
    void hostileHeaderValuesAreReadOrRejected(@ForAll("headerFields") Field field, @ForAll("hostileValues") long value) {
        byte[] bytes = SAMPLE.clone();
        field.set(MemorySegment.ofArray(bytes), 0, value);
        readsOrRejectsCleanly(bytes);
    }

    @Property
    void hostileSectionHeaderValuesAreReadOrRejected(@ForAll("sectionFields") Field field, @ForAll("sections") int section,
                                                     @ForAll("hostileValues") long value) {
        byte[] bytes = SAMPLE.clone();
        long table = E_SHOFF.get(MemorySegment.ofArray(SAMPLE), 0);
        field.set(MemorySegment.ofArray(bytes), table + section * SECTION_HEADER.byteSize(), value);
        readsOrRejectsCleanly(bytes);
    }

    @Property
    void hostileSymbolAndRelocationValuesAreReadOrRejected(@ForAll("entryFields") Field field, @ForAll("hostileValues") long value,
                                                           @ForAll("entries") int entry) {
        boolean relocation = field == R_OFFSET || field == R_INFO;
        Section table = relocation ? PARSED.section(".relxdp").orElseThrow() : PARSED.symbolTable();
        long size = relocation ? REL.byteSize() : SYMBOL.byteSize();
        byte[] bytes = SAMPLE.clone();
        field.set(MemorySegment.ofArray(bytes), table.offset() + (entry % (table.size() / size)) * size, value);
        readsOrRejectsCleanly(bytes);
    }

    private static byte[] mutate(byte[] original, List<Tuple.Tuple2<Integer, Byte>> mutations) {
        byte[] bytes = original.clone();
        for (Tuple.Tuple2<Integer, Byte> m : mutations) {
            bytes[m.get1() % bytes.length] = m.get2();
        }
        return bytes;
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> mutations() {
        return Arbitraries.integers().greaterOrEqual(0).tuple2().map(t -> Tuple.of(t.get1(), (byte) (int) t.get2()))
                .list().ofMinSize(1).ofMaxSize(16);
    }

    @Provide
    Arbitrary<Field> headerFields() {
        return Arbitraries.of(E_TYPE, E_MACHINE, E_SHOFF, E_SHENTSIZE, E_SHNUM, E_SHSTRNDX, EI_CLASS, EI_DATA);
    }

    @Provide
    Arbitrary<Field> sectionFields() {
        return Arbitraries.of(SH_NAME, SH_TYPE, SH_FLAGS, SH_OFFSET, SH_SIZE, SH_LINK, SH_INFO, SH_ADDRALIGN, SH_ENTSIZE);
    }

    @Provide
    Arbitrary<Field> entryFields() {
        return Arbitraries.of(ST_NAME, ST_INFO, ST_OTHER, ST_SHNDX, ST_VALUE, ST_SIZE, R_OFFSET, R_INFO);
    }

    @Provide
    Arbitrary<Integer> sections() {
        return Arbitraries.integers().between(0, PARSED.sections().size() - 1);
    }

    @Provide
    Arbitrary<Integer> entries() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Provide
    Arbitrary<Long> hostileValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, -1L, 0xffffL, 0xff00L, 0xfff1L, 0xffffffffL, (long) Integer.MAX_VALUE,
                        Long.MAX_VALUE, Long.MIN_VALUE, (long) SAMPLE.length, SAMPLE.length - 1L, SAMPLE.length + 1L,
                        1L << 32, 13L << 32 | 1, (long) PARSED.sections().size()),
                Arbitraries.longs().between(0, SAMPLE.length * 2L),
                Arbitraries.longs());
    }
}
