package dev.ebpf4j.linking;

import static dev.ebpf4j.asm.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.ebpf4j.asm.CallKind;
import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.PseudoSource;
import dev.ebpf4j.asm.Reference;
import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.DataSection;
import dev.ebpf4j.object.ProgramDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkerTest {
    private static BpfObject object(ProgramDefinition... programs) {
        return new BpfObject("GPL", 0, List.of(programs), List.of(),
                List.of(DataSection.of(".data", new byte[16], new DataSection.Variable("a", 0, 8, 0), new DataSection.Variable("b", 8, 8, 0))),
                Btf.builder().build());
    }

    @Test
    void calleesAreAppendedOnceInFirstCallOrderWithCallsResolvedToSlotOffsets() {
        var main = ProgramDefinition.entry("main", "xdp", new CodeBuilder()
                .ldImm64(R1, 1).callFunction("f").callFunction("g").exit().build());
        var f = ProgramDefinition.subprogram("f", new CodeBuilder().callFunction("g").exit().build());
        var g = ProgramDefinition.subprogram("g", new CodeBuilder().ldImm64(R0, 2).exit().build());
        var unused = ProgramDefinition.subprogram("unused", new CodeBuilder().mov64(R0, 0).exit().build());
        LinkedProgram linked = Linker.link(object(main, f, g, unused), main);

        assertEquals(List.of(new LinkedProgram.Function("main", 0), new LinkedProgram.Function("f", 4),
                new LinkedProgram.Function("g", 6)), linked.functions());
        var insns = linked.code().instructions();
        assertEquals(8, insns.size());
        // main: ld_imm64 (slots 0-1), call f at slot 2, call g at slot 3, exit at 4; f at slot 5; g at slot 7.
        assertEquals(new Instruction.Call(CallKind.FUNCTION, 5 - 2 - 1, 0), insns.get(1));
        assertEquals(new Instruction.Call(CallKind.FUNCTION, 7 - 3 - 1, 0), insns.get(2));
        assertEquals(new Instruction.Call(CallKind.FUNCTION, 7 - 5 - 1, 0), insns.get(4));
        assertEquals(List.of(), linked.code().references());
    }

    @Test
    void recursionAndFunctionPointersResolveToTheOneCopy() {
        var main = ProgramDefinition.entry("main", "xdp", new CodeBuilder().ldFunction(R2, "loop").callFunction("loop").exit().build());
        var loop = ProgramDefinition.subprogram("loop", new CodeBuilder().callFunction("loop").exit().build());
        LinkedProgram linked = Linker.link(object(main, loop), main);
        var insns = linked.code().instructions();
        assertEquals(5, insns.size());
        // loop starts at slot 4; the ld_imm64 is at slot 0, the call at 2, loop's own call at 4.
        assertEquals(new Instruction.LoadImm64(R2, PseudoSource.FUNC, 3), insns.get(0));
        assertEquals(new Instruction.Call(CallKind.FUNCTION, 1, 0), insns.get(1));
        assertEquals(new Instruction.Call(CallKind.FUNCTION, -1, 0), insns.get(3));
    }

    @Test
    void globalsResolveToTheirSectionAndAbsoluteOffset() {
        var main = ProgramDefinition.entry("main", "xdp", new CodeBuilder()
                .ldGlobal(R1, "b", 4).ldGlobal(R2, ".data", 3).ldMap(R3, "m").exit().build());
        var object = new BpfObject("GPL", 0, List.of(main), List.of(dev.ebpf4j.object.MapDefinition.of("m",
                dev.ebpf4j.types.MapType.ARRAY, 4, 4, 1)), object().dataSections(), Btf.builder().build());
        LinkedProgram linked = Linker.link(object, main);
        assertEquals(List.of(new Reference(0, ".data", Reference.Kind.GLOBAL, 12), new Reference(1, ".data", Reference.Kind.GLOBAL, 3),
                new Reference(2, "m", Reference.Kind.MAP, 0)), linked.code().references());
        assertEquals(new Instruction.LoadImm64(R1, PseudoSource.MAP_VALUE, 12L << 32), linked.code().instructions().get(0));
        byte[] patched = Relocations.apply(linked, name -> 9, name -> 33);
        assertEquals(33, patched[4]);              // low immediate: the section map's fd
        assertEquals(12, patched[12]);             // high immediate (second slot): the offset
        assertEquals(2, (patched[1] >> 4) & 0xf);  // src = MAP_VALUE
        assertEquals(9, patched[36]);              // the map's fd
        assertEquals(1, (patched[33] >> 4) & 0xf); // src = MAP_FD
    }

    @Test
    void lineMarksMoveWithTheirFunctionAndLocateVerifierSlots() {
        var main = ProgramDefinition.entry("main", "xdp", new CodeBuilder()
                .line("A.java", 3, 0, "").ldImm64(R1, 0).callFunction("f").exit().build());
        var f = ProgramDefinition.subprogram("f", new CodeBuilder().line("B.java", 8, 0, "").mov64(R0, 0).exit().build());
        LinkedProgram linked = Linker.link(object(main, f), main);
        assertEquals(java.util.Optional.of("A.java:3"), linked.sourceAt(1)); // second half of the ld_imm64
        assertEquals(java.util.Optional.of("B.java:8"), linked.sourceAt(4));
        assertEquals(java.util.Optional.empty(), linked.sourceAt(99));
    }

    @Test
    void aKfuncCallIsRefusedNamingProgramAndSymbol() {
        var main = ProgramDefinition.entry("main", "xdp", new CodeBuilder().callKfunc("bpf_rcu_read_lock").exit().build());
        LinkException e = assertThrows(LinkException.class, () -> Linker.link(object(main), main));
        assertTrue(e.getMessage().contains("main") && e.getMessage().contains("bpf_rcu_read_lock")
                && e.getMessage().contains("not supported yet"), e.getMessage());
    }

    @Test
    void callingAnotherEntryProgramIsRefused() {
        var main = ProgramDefinition.entry("main", "xdp", new CodeBuilder().callFunction("other").exit().build());
        var other = ProgramDefinition.entry("other", "xdp", new CodeBuilder().mov64(R0, 0).exit().build());
        LinkException e = assertThrows(LinkException.class, () -> Linker.link(object(main, other), main));
        assertTrue(e.getMessage().contains("other") && e.getMessage().contains(".text"), e.getMessage());
    }

    @Test
    void aGlobalOffsetPastItsSectionIsRefused() {
        var main = ProgramDefinition.entry("main", "xdp", new CodeBuilder().ldGlobal(R1, "b", 8).exit().build());
        LinkException e = assertThrows(LinkException.class, () -> Linker.link(object(main), main));
        assertTrue(e.getMessage().contains("16 bytes into .data"), e.getMessage());
    }

    @Test
    void linkAllLinksEveryEntryProgramAndNoSubprogram() {
        List<LinkedProgram> all = Linker.linkAll(TestObjects.counter(List.of(TestObjects.second()), false));
        assertEquals(List.of("entry", "second"), all.stream().map(LinkedProgram::name).toList());
        assertEquals(List.of("entry", "bump", "three"), all.getFirst().functions().stream().map(LinkedProgram.Function::name).toList());
    }
}
