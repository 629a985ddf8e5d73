package dev.ebpf4j.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the writer is given comes back from the reader as given, and rewriting is stable. */
class ElfRoundTripProperties {
    record SectionSpec(String name, int type, long flags, long align, long entsize, byte[] data, long noBitsSize) {}

    record SymbolSpec(String name, long value, long size, int binding, int type, int other, int section) {}

    record RelocationSpec(int target, long offset, int symbol, int type) {}

    record ObjectSpec(List<SectionSpec> sections, List<SymbolSpec> symbols, List<RelocationSpec> relocations) {}

    @Property(tries = 300)
    void writtenObjectsReadBackAsBuilt(@ForAll("objects") ObjectSpec spec) {
        ElfWriter w = new ElfWriter();
        List<ElfWriter.SectionRef> sections = new ArrayList<>();
        for (SectionSpec s : spec.sections()) {
            sections.add(s.type() == SectionType.NOBITS
                    ? w.addNoBits(s.name(), s.flags(), s.align(), s.noBitsSize())
                    : w.addSection(s.name(), s.type(), s.flags(), s.align(), s.entsize(), s.data()));
        }
        List<ElfWriter.SymbolRef> symbols = new ArrayList<>();
        for (SymbolSpec s : spec.symbols()) {
            symbols.add(s.section() < 0
                    ? w.addSymbol(s.name(), s.value(), s.size(), s.binding(), s.type(), s.other(), SectionIndex.ABS)
                    : w.addSymbol(s.name(), s.value(), s.size(), s.binding(), s.type(), s.other(), sections.get(s.section())));
        }
        List<List<RelocationSpec>> byTarget = new ArrayList<>();
        spec.sections().forEach(_ -> byTarget.add(new ArrayList<>()));
        for (RelocationSpec r : spec.relocations()) {
            if (spec.sections().get(r.target()).type() != SectionType.NOBITS) {
                w.addRelocation(sections.get(r.target()), r.offset(), symbols.get(r.symbol()), r.type());
                byTarget.get(r.target()).add(r);
            }
        }
        byte[] bytes = w.toBytes();
        ElfFile elf = ElfFile.read(bytes);

        // Sections keep their order, skipping the tables the writer adds.
        List<Section> content = elf.sections().stream()
                .filter(s -> s.index() > 1 && s.type() != SectionType.REL && s.type() != SectionType.SYMTAB).toList();
        assertEquals(spec.sections().size(), content.size());
        for (int i = 0; i < content.size(); i++) {
            SectionSpec expected = spec.sections().get(i);
            Section actual = content.get(i);
            long entsize = expected.type() == SectionType.NOBITS ? 0 : expected.entsize();
            assertEquals(List.of(expected.name(), expected.type(), expected.flags(), expected.align(), entsize),
                    List.of(actual.name(), actual.type(), actual.flags(), actual.addralign(), actual.entsize()));
            if (expected.type() == SectionType.NOBITS) {
                assertEquals(expected.noBitsSize(), actual.size());
            } else {
                assertArrayEquals(expected.data(), actual.data());
            }
            if (actual.addralign() > 1) {
                assertEquals(0, actual.offset() % actual.addralign());
            }
        }

        // Symbols: the null symbol, the locals in order given, then the rest in order given.
        // Positions, not the specs themselves: two symbols may be equal records.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < spec.symbols().size(); i++) {
            if (spec.symbols().get(i).binding() == SymbolBinding.LOCAL) {
                order.add(i);
            }
        }
        for (int i = 0; i < spec.symbols().size(); i++) {
            if (spec.symbols().get(i).binding() != SymbolBinding.LOCAL) {
                order.add(i);
            }
        }
        List<SymbolSpec> ordered = order.stream().map(spec.symbols()::get).toList();
        assertEquals(ordered.size() + 1, elf.symbols().size());
        assertEquals(1 + spec.symbols().stream().filter(s -> s.binding() == SymbolBinding.LOCAL).count(),
                elf.symbolTable().info());
        for (int i = 0; i < ordered.size(); i++) {
            SymbolSpec s = ordered.get(i);
            int section = s.section() < 0 ? SectionIndex.ABS : content.get(s.section()).index();
            assertEquals(new Symbol(i + 1, s.name(), s.value(), s.size(), s.binding(), s.type(), s.other(), section),
                    elf.symbol(i + 1));
        }

        // Relocations land on their target and still name the same symbol.
        for (int t = 0; t < content.size(); t++) {
            List<Relocation> actual = elf.relocationsFor(content.get(t).index());
            List<RelocationSpec> expected = byTarget.get(t);
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).offset(), actual.get(i).offset());
                assertEquals(expected.get(i).type(), actual.get(i).type());
                assertEquals(order.indexOf(expected.get(i).symbol()) + 1, actual.get(i).symbolIndex());
            }
        }

        // Reading and writing again changes nothing.
        assertArrayEquals(bytes, ElfCopy.of(elf).toBytes());
        assertEquals(elf, ElfFile.read(ElfCopy.of(elf).toBytes()));
    }

    /** Two equal symbols are still two entries; a relocation names the second one (a seed once found this). */
    @Example
    void equalSymbolsStayDistinct() {
        SectionSpec text = new SectionSpec("text", SectionType.PROGBITS, 0, 8, 0, new byte[16], 0);
        SymbolSpec symbol = new SymbolSpec("", 0, 0, SymbolBinding.GLOBAL, 0, 0, 0);
        writtenObjectsReadBackAsBuilt(new ObjectSpec(List.of(text), List.of(symbol, symbol),
                List.of(new RelocationSpec(0, 8, 1, 1))));
    }

    @Provide
    Arbitrary<ObjectSpec> objects() {
        Arbitrary<SectionSpec> section = Combinators.combine(
                Arbitraries.strings().alpha().numeric().withChars("._/").ofMinLength(1).ofMaxLength(12),
                Arbitraries.of(SectionType.PROGBITS, SectionType.NOBITS, SectionType.NOTE, SectionType.LLVM_ADDRSIG + 1),
                Arbitraries.longs().between(0, 0xff).map(f -> f & ~SectionFlags.INFO_LINK),
                Arbitraries.of(0L, 1L, 2L, 4L, 8L, 16L, 4096L),
                Arbitraries.of(0L, 1L, 8L),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.longs().between(0, Long.MAX_VALUE))
                .as(SectionSpec::new);
        return section.list().ofMaxSize(8).flatMap(sections -> {
            Arbitrary<SymbolSpec> symbol = Combinators.combine(
                    Arbitraries.strings().ofMaxLength(10).filter(n -> n.indexOf('\0') < 0),
                    Arbitraries.longs(), Arbitraries.longs(),
                    Arbitraries.of(SymbolBinding.LOCAL, SymbolBinding.GLOBAL, SymbolBinding.WEAK),
                    Arbitraries.integers().between(0, 15),
                    Arbitraries.integers().between(0, 255),
                    Arbitraries.integers().between(-1, sections.size() - 1))
                    .as(SymbolSpec::new);
            return symbol.list().ofMaxSize(12).flatMap(symbols -> {
                if (sections.isEmpty() || symbols.isEmpty()) {
                    return Arbitraries.just(new ObjectSpec(sections, symbols, List.of()));
                }
                Arbitrary<RelocationSpec> relocation = Combinators.combine(
                        Arbitraries.integers().between(0, sections.size() - 1),
                        Arbitraries.longs(),
                        Arbitraries.integers().between(0, symbols.size() - 1),
                        Arbitraries.integers())
                        .as(RelocationSpec::new);
                return relocation.list().ofMaxSize(10).map(relocations -> new ObjectSpec(sections, symbols, relocations));
            });
        });
    }
}
