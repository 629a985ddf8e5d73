package dev.ebpf4j.elf;

import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Objects the ELF tests read: C fixtures compiled by clang-19 at test time, and objects our writer builds. */
final class Fixtures {
    private Fixtures() {}

    /**
     * {@code fixtures/<name>.c} compiled with {@code clang-19 -target bpf -O2 -g -c}, once per run;
     * skips the test if clang-19 is missing.
     */
    static Path compiled(String name) {
        return dev.ebpf4j.testing.ClangFixtures.compiled("fixtures/" + name);
    }

    static byte[] compiledBytes(String name) {
        try {
            return Files.readAllBytes(compiled(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code r0 = value; exit}. */
    static byte[] returnConstant(int value) {
        return new byte[] {(byte) 0xb7, 0, 0, 0, (byte) value, (byte) (value >> 8), (byte) (value >> 16),
                (byte) (value >> 24), (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
    }

    /**
     * An object shaped like clang's: two programs calling a static subprogram in .text, a map in
     * .maps, globals in .data, .rodata and .bss, a license; locals added after globals on
     * purpose, so the writer must reorder them.
     */
    static ElfWriter sampleWriter() {
        ElfWriter w = new ElfWriter();
        long code = SectionFlags.ALLOC | SectionFlags.EXECINSTR;
        long data = SectionFlags.ALLOC | SectionFlags.WRITE;
        byte[] call = {(byte) 0x85, 0x10, 0, 0, -1, -1, -1, -1};
        byte[] ldImm64 = {0x18, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        ElfWriter.SectionRef text = w.addSection(".text", SectionType.PROGBITS, code, 8, 0, returnConstant(1));
        ElfWriter.SectionRef xdp = w.addSection("xdp", SectionType.PROGBITS, code, 8, 0,
                concat(ldImm64, ldImm64, call, returnConstant(2)));
        ElfWriter.SectionRef tc = w.addSection("tc", SectionType.PROGBITS, code, 8, 0, concat(call, returnConstant(0)));
        ElfWriter.SectionRef dataSection = w.addSection(".data", SectionType.PROGBITS, data, 8, 0, new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
        ElfWriter.SectionRef rodata = w.addSection(".rodata", SectionType.PROGBITS, SectionFlags.ALLOC, 4, 0, new byte[] {100, 0, 0, 0});
        ElfWriter.SectionRef bss = w.addNoBits(".bss", data, 8, 16);
        ElfWriter.SectionRef license = w.addSection("license", SectionType.PROGBITS, data, 1, 0, new byte[] {'G', 'P', 'L', 0});
        ElfWriter.SectionRef maps = w.addSection(".maps", SectionType.PROGBITS, data, 8, 0, new byte[32]);

        w.addSymbol("count_xdp", 0, 48, SymbolBinding.GLOBAL, SymbolType.FUNC, 0, xdp);
        w.addSymbol("count_tc", 0, 24, SymbolBinding.GLOBAL, SymbolType.FUNC, 0, tc);
        ElfWriter.SymbolRef packets = w.addSymbol("packets", 0, 8, SymbolBinding.GLOBAL, SymbolType.OBJECT, 0, dataSection);
        w.addSymbol("limit", 0, 4, SymbolBinding.GLOBAL, SymbolType.OBJECT, 0, rodata);
        w.addSymbol("dropped", 8, 8, SymbolBinding.GLOBAL, SymbolType.OBJECT, 0, bss);
        ElfWriter.SymbolRef counters = w.addSymbol("counters", 0, 32, SymbolBinding.GLOBAL, SymbolType.OBJECT, 0, maps);
        w.addSymbol("_license", 0, 4, SymbolBinding.GLOBAL, SymbolType.OBJECT, 0, license);
        w.addSymbol("sample.c", 0, 0, SymbolBinding.LOCAL, SymbolType.FILE, 0, SectionIndex.ABS);
        ElfWriter.SymbolRef textSymbol = w.addSectionSymbol(text);
        w.addSymbol("bump", 0, 16, SymbolBinding.LOCAL, SymbolType.FUNC, 0, text);
        w.addSymbol("seen", 0, 4, SymbolBinding.LOCAL, SymbolType.OBJECT, 0, bss);
        w.addSymbol("bpf_extern", 0, 0, SymbolBinding.GLOBAL, SymbolType.NOTYPE, SymbolVisibility.HIDDEN, SectionIndex.UNDEF);

        w.addRelocation(xdp, 0, counters, RelocationType.R_BPF_64_64);
        w.addRelocation(xdp, 16, packets, RelocationType.R_BPF_64_64);
        w.addRelocation(xdp, 32, textSymbol, RelocationType.R_BPF_64_32);
        w.addRelocation(tc, 0, textSymbol, RelocationType.R_BPF_64_32);
        return w;
    }

    static byte[] sample() {
        return sampleWriter().toBytes();
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
