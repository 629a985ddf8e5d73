package dev.ebpf4j.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.binary.FormatException;
import dev.ebpf4j.elf.ElfFile;
import dev.ebpf4j.elf.ElfWriter;
import dev.ebpf4j.elf.RelocationType;
import dev.ebpf4j.elf.SectionFlags;
import dev.ebpf4j.elf.SectionType;
import dev.ebpf4j.elf.SymbolBinding;
import dev.ebpf4j.elf.SymbolType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad objects are rejected with one line naming the place and the problem. */
class ObjectReaderErrorTest {
    private static final long CODE = SectionFlags.ALLOC | SectionFlags.EXECINSTR;
    private static final byte[] RETURN_0 = new CodeBuilder().mov64(Register.R0, 0).exit().build().encode();

    private static FormatException rejected(byte[] object, String... fragments) {
        FormatException e = assertThrows(FormatException.class, () -> ObjectReader.read(object));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "\"" + fragment + "\" not in: " + e.getMessage());
        }
        assertTrue(e.getMessage().startsWith("offset 0x"), e.getMessage());
        return e;
    }

    @Test
    void rejectsAProgramSectionLibbpfDoesNotKnow() {
        ElfWriter w = new ElfWriter();
        var section = w.addSection("xdp/foo", SectionType.PROGBITS, CODE, 8, 0, RETURN_0);
        w.addSymbol("prog", 0, RETURN_0.length, SymbolBinding.GLOBAL, SymbolType.FUNC, 0, section);
        byte[] bytes = w.toBytes();
        FormatException e = rejected(bytes, "section xdp/foo is not a program section libbpf knows");
        assertEquals(ElfFile.read(bytes).section("xdp/foo").orElseThrow().offset(), e.offset());
    }

    @Test
    void rejectsTheLegacyMapsSection() {
        ElfWriter w = new ElfWriter();
        w.addSection("maps", SectionType.PROGBITS, SectionFlags.ALLOC | SectionFlags.WRITE, 4, 0, new byte[20]);
        rejected(w.toBytes(), "legacy map definitions", ".maps");
    }

    @Test
    void rejectsAStaticFunctionInAProgramSection() {
        ElfWriter w = new ElfWriter();
        var section = w.addSection("xdp", SectionType.PROGBITS, CODE, 8, 0, RETURN_0);
        w.addSymbol("helper", 0, RETURN_0.length, SymbolBinding.LOCAL, SymbolType.FUNC, 0, section);
        rejected(w.toBytes(), "function helper in section xdp is static");
    }

    @Test
    void rejectsAFunctionReachingPastItsSection() {
        ElfWriter w = new ElfWriter();
        var section = w.addSection("xdp", SectionType.PROGBITS, CODE, 8, 0, RETURN_0);
        w.addSymbol("prog", 0, RETURN_0.length + 8, SymbolBinding.GLOBAL, SymbolType.FUNC, 0, section);
        rejected(w.toBytes(), "function prog in section xdp spans bytes 0 to 24");
    }

    @Test
    void rejectsCodeWithoutAFunctionSymbol() {
        ElfWriter w = new ElfWriter();
        w.addSection("xdp", SectionType.PROGBITS, CODE, 8, 0, RETURN_0);
        rejected(w.toBytes(), "section xdp holds code but no function symbol");
    }

    @Test
    void rejectsAMapRelocationOnAnInstructionThatIsNoLdImm64() {
        ElfWriter w = new ElfWriter();
        var section = w.addSection("xdp", SectionType.PROGBITS, CODE, 8, 0, RETURN_0);
        w.addSymbol("prog", 0, RETURN_0.length, SymbolBinding.GLOBAL, SymbolType.FUNC, 0, section);
        var data = w.addSection(".data", SectionType.PROGBITS, SectionFlags.ALLOC | SectionFlags.WRITE, 8, 0, new byte[8]);
        var counter = w.addSymbol("counter", 0, 8, SymbolBinding.GLOBAL, SymbolType.OBJECT, 0, data);
        w.addRelocation(section, 8, counter, RelocationType.R_BPF_64_64);
        FormatException e = rejected(w.toBytes(), "relocation at offset 0x8 in section xdp (R_BPF_64_64 against counter) is not on an ld_imm64");
        assertEquals(ElfFile.read(w.toBytes()).section("xdp").orElseThrow().offset() + 8, e.offset());
    }

    @Test
    void rejectsARelocationIntoTheSecondHalfOfAnLdImm64() {
        byte[] code = new CodeBuilder().ldImm64(Register.R1, 0).mov64(Register.R0, 0).exit().build().encode();
        ElfWriter w = new ElfWriter();
        var section = w.addSection("xdp", SectionType.PROGBITS, CODE, 8, 0, code);
        w.addSymbol("prog", 0, code.length, SymbolBinding.GLOBAL, SymbolType.FUNC, 0, section);
        var data = w.addSection(".data", SectionType.PROGBITS, SectionFlags.ALLOC | SectionFlags.WRITE, 8, 0, new byte[8]);
        w.addRelocation(section, 8, w.addSectionSymbol(data), RelocationType.R_BPF_64_64);
        rejected(w.toBytes(), "relocation at offset 0x8 in section xdp points into the second half of an ld_imm64");
    }

    @Test
    void rejectsACallToAPlaceWhereNoFunctionStarts() {
        byte[] code = new CodeBuilder().emit(new dev.ebpf4j.asm.Instruction.Call(dev.ebpf4j.asm.CallKind.FUNCTION, 5, 0))
                .mov64(Register.R0, 0).exit().build().encode();
        ElfWriter w = new ElfWriter();
        var section = w.addSection("xdp", SectionType.PROGBITS, CODE, 8, 0, code);
        w.addSymbol("prog", 0, code.length, SymbolBinding.GLOBAL, SymbolType.FUNC, 0, section);
        rejected(w.toBytes(), "targets byte 48 of section xdp, where no function starts");
    }

    @Test
    void rejectsAMapWithoutBtf() {
        ElfWriter w = new ElfWriter();
        var maps = w.addSection(".maps", SectionType.PROGBITS, SectionFlags.ALLOC | SectionFlags.WRITE, 8, 0, new byte[32]);
        w.addSymbol("counters", 0, 32, SymbolBinding.GLOBAL, SymbolType.OBJECT, 0, maps);
        rejected(w.toBytes(), "map counters in .maps has no BTF");
    }

    @Test
    void rejectsAnUnsupportedRelocationTypeInCode() {
        byte[] code = new CodeBuilder().ldImm64(Register.R1, 0).mov64(Register.R0, 0).exit().build().encode();
        ElfWriter w = new ElfWriter();
        var section = w.addSection("tc", SectionType.PROGBITS, CODE, 8, 0, code);
        var prog = w.addSymbol("prog", 0, code.length, SymbolBinding.GLOBAL, SymbolType.FUNC, 0, section);
        w.addRelocation(section, 0, prog, RelocationType.R_BPF_64_ABS64);
        rejected(w.toBytes(), "relocation at offset 0x0 in section tc has type R_BPF_64_ABS64");
    }

    @Test
    void rejectsAReferenceToAnExternVariable() {
        byte[] code = new CodeBuilder().ldImm64(Register.R1, 0).mov64(Register.R0, 0).exit().build().encode();
        ElfWriter w = new ElfWriter();
        var section = w.addSection("xdp", SectionType.PROGBITS, CODE, 8, 0, code);
        w.addSymbol("prog", 0, code.length, SymbolBinding.GLOBAL, SymbolType.FUNC, 0, section);
        var extern = w.addSymbol("CONFIG_HZ", 0, 0, SymbolBinding.GLOBAL, SymbolType.NOTYPE, 0, dev.ebpf4j.elf.SectionIndex.UNDEF);
        w.addRelocation(section, 0, extern, RelocationType.R_BPF_64_64);
        rejected(w.toBytes(), "refers to CONFIG_HZ, an extern or absolute symbol, which is not supported");
    }

    @Test
    void refusesCoReRelocationsRatherThanDroppingThem() {
        rejected(ObjectFixtures.compiledBytes("core"), "section kprobe/do_exit has 1 CO-RE relocations", "not support");
    }

    @Test
    void refusesInitialMapValuesRatherThanDroppingThem() {
        rejected(ObjectFixtures.compiledBytes("initial_values"), ".maps has 1 relocations (initial values of a map");
    }

    @Test
    void writerRefusesNamesThatAreNoCIdentifiers() {
        var code = new CodeBuilder().mov64(Register.R0, 0).exit().build();
        BpfObject object = new BpfObject("GPL", 0, List.of(ProgramDefinition.entry("count$packets", "xdp", code)), List.of(),
                List.of(), dev.ebpf4j.btf.Btf.builder().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectWriter.write(object));
        assertTrue(e.getMessage().contains("\"count$packets\" is not a C identifier") && e.getMessage().contains("count__packets"),
                e.getMessage());
    }

    @Test
    void readsACallWithoutRelocationAsAReferenceToTheFunctionAtItsTarget() {
        byte[] sub = RETURN_0;
        byte[] code = new CodeBuilder().emit(new dev.ebpf4j.asm.Instruction.Call(dev.ebpf4j.asm.CallKind.FUNCTION, 2, 0))
                .exit().build().encode();
        byte[] both = new byte[code.length + 8 + sub.length];
        System.arraycopy(code, 0, both, 0, code.length);
        System.arraycopy(sub, 0, both, code.length + 8, sub.length);
        both[code.length] = (byte) 0x95; // a padding exit, which belongs to prog
        ElfWriter w = new ElfWriter();
        var text = w.addSection(".text", SectionType.PROGBITS, CODE, 8, 0, both);
        w.addSymbol("caller", 0, code.length + 8, SymbolBinding.GLOBAL, SymbolType.FUNC, 0, text);
        w.addSymbol("callee", code.length + 8, sub.length, SymbolBinding.LOCAL, SymbolType.FUNC, 0, text);
        BpfObject object = ObjectReader.read(w.toBytes());
        assertEquals(java.util.List.of("callee"), object.program("caller").orElseThrow().callees());
    }
}
