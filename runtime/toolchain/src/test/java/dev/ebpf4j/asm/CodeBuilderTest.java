package dev.ebpf4j.asm;

import static dev.ebpf4j.asm.Register.R0;
import static dev.ebpf4j.asm.Register.R1;
import static dev.ebpf4j.asm.Register.R2;
import static dev.ebpf4j.asm.Register.R3;
import static dev.ebpf4j.asm.Register.R6;
import static dev.ebpf4j.asm.Register.R10;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodeBuilderTest {
    private static Code loop() {
        return new CodeBuilder()
                .mov64(R0, 0)
                .label("loop")
                .add64(R1, 1)
                .jlt(R1, 10, "loop")
                .ldMap(R1, "counters")
                .call(1)
                .callFunction("subprog")
                .jeq(R0, 0, "out")
                .ldGlobal(R2, ".bss", 16)
                .ldFunction(R3, "callback")
                .callKfunc("bpf_ktime_get_coarse_ns")
                .label("out")
                .exit()
                .build();
    }

    @Test
    void resolvesLabelsToSlotOffsetsCountingLdImm64Twice() {
        Code code = loop();
        assertEquals(new Instruction.Jump(true, JumpOp.JLT, R1, Operand.of(10), -2), code.instructions().get(2));
        // From instruction 6 (slot 7) to "out" at instruction 10 (slot 13): two ld_imm64 in between.
        assertEquals(new Instruction.Jump(true, JumpOp.JEQ, R0, Operand.of(0), 5), code.instructions().get(6));
        assertEquals(Map.of("loop", 1, "out", 10), code.labels());
        assertEquals(14, code.slotCount());
        assertEquals(13, code.slotOf(code.labelIndex("out")));
    }

    @Test
    void keepsReferencesSymbolicWithPlaceholderInstructions() {
        Code code = loop();
        assertEquals(List.of(
                new Reference(3, "counters", Reference.Kind.MAP, 0),
                new Reference(5, "subprog", Reference.Kind.FUNCTION, 0),
                new Reference(7, ".bss", Reference.Kind.GLOBAL, 16),
                new Reference(8, "callback", Reference.Kind.FUNCTION_POINTER, 0),
                new Reference(9, "bpf_ktime_get_coarse_ns", Reference.Kind.KFUNC, 0)), code.references());
        assertEquals(new Instruction.LoadImm64(R1, PseudoSource.MAP_FD, 0), code.instructions().get(3));
        assertEquals(new Instruction.Call(CallKind.FUNCTION, -1, 0), code.instructions().get(5));
        assertEquals(new Instruction.LoadImm64(R2, PseudoSource.MAP_VALUE, 16L << 32), code.instructions().get(7));
        assertEquals(new Instruction.LoadImm64(R3, PseudoSource.FUNC, 0), code.instructions().get(8));
        assertEquals(new Instruction.Call(CallKind.KFUNC, 0, 0), code.instructions().get(9));
        assertEquals(List.of(new Reference(7, ".bss", Reference.Kind.GLOBAL, 16)), code.referencesAt(7));
    }

    @Test
    void mapsInstructionIndexesToSlotsAndBack() {
        Code code = loop();
        for (int i = 0; i < code.size(); i++) {
            assertEquals(i, code.instructionAt(code.slotOf(i)));
        }
        assertEquals(3, code.slotOf(3));
        assertEquals(5, code.slotOf(4)); // instruction 3, an ld_imm64, covers slots 3 and 4
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> code.instructionAt(4));
        assertEquals("slot 4 is the second half of an ld_imm64", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> code.instructionAt(14));
    }

    @Test
    void namesAnUndefinedLabel() {
        CodeBuilder builder = new CodeBuilder().mov64(R0, 0).ja("done").exit();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals("undefined label \"done\" (jumped to from instruction 1)", e.getMessage());
    }

    @Test
    void namesADuplicateLabel() {
        CodeBuilder builder = new CodeBuilder().label("top").mov64(R0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.label("top"));
        assertEquals("label \"top\" is defined twice (at instructions 0 and 1)", e.getMessage());
    }

    @Test
    void suggestsGotolForJumpsBeyond16Bits() {
        CodeBuilder far = new CodeBuilder().jeq(R1, 0, "far");
        for (int i = 0; i <= Short.MAX_VALUE; i++) {
            far.mov64(R0, i);
        }
        far.label("far").exit();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, far::build);
        assertEquals("jump to \"far\" spans 32768 slots, beyond the 16-bit offset of a conditional jump; invert the condition around a gotol",
                e.getMessage());
        CodeBuilder nearEnough = new CodeBuilder().jeq(R1, 0, "far");
        for (int i = 0; i < Short.MAX_VALUE; i++) {
            nearEnough.mov64(R0, i);
        }
        assertEquals(Short.MAX_VALUE, ((Instruction.Jump) nearEnough.label("far").exit().build().instructions().get(0)).offset());

        e = assertThrows(IllegalArgumentException.class, () -> backwards().ja("top").build());
        assertEquals("goto \"top\" spans -40001 slots, beyond the 16-bit offset of goto; use gotol", e.getMessage());
        assertEquals(new Instruction.Goto(true, -40001), backwards().gotol("top").build().instructions().getLast());
    }

    private static CodeBuilder backwards() {
        CodeBuilder builder = new CodeBuilder().label("top");
        for (int i = 0; i < 40_000; i++) {
            builder.mov64(R0, i);
        }
        return builder;
    }

    @Test
    void carriesSourceLinesAsMarksWhereTheLineChanges() {
        SourceLine first = new SourceLine("Counter.java", 10, 5, "int x = 0;");
        SourceLine second = new SourceLine("Counter.java", 11, 5, "return x;");
        Code code = new CodeBuilder()
                .mov64(R6, R1)
                .line(first).mov64(R0, 0).ldImm64(R1, 1)
                .line(first).add64(R0, 1)
                .line(second).exit()
                .build();
        assertEquals(List.of(new Code.LineMark(1, first), new Code.LineMark(4, second)), code.lines());
        assertEquals(Optional.empty(), code.lineOf(0));
        assertEquals(Optional.of(first), code.lineOf(3));
        assertEquals(Optional.of(second), code.lineOf(4));
    }

    @Test
    void emitsEachFormAsItsInstruction() {
        Code code = new CodeBuilder()
                .sdiv32(R1, R2).smod64(R1, 3).neg32(R1).arsh64(R1, R2).movsx64(R1, R2, 32).movsx32(R1, R2, 8)
                .toBe(R1, 16).toLe(R1, 32).bswap(R1, 64)
                .ldxsh(R0, R1, -2).ldxdw(R0, R10, -8).stxw(R10, -4, R1).stb(R10, -1, 7)
                .atomicFetchAdd(Size.DW, R1, 8, R2).cmpxchg(Size.W, R1, 0, R2)
                .ldAbs(Size.H, 12).ldInd(Size.B, R3, 1).ldImm64(R1, -1L)
                .build();
        assertEquals(List.of(
                new Instruction.Alu(false, AluOp.SDIV, R1, Operand.of(R2)),
                new Instruction.Alu(true, AluOp.SMOD, R1, Operand.of(3)),
                new Instruction.Alu(false, AluOp.NEG, R1, Operand.of(0)),
                new Instruction.Alu(true, AluOp.ARSH, R1, Operand.of(R2)),
                new Instruction.Alu(true, AluOp.MOVSX32, R1, Operand.of(R2)),
                new Instruction.Alu(false, AluOp.MOVSX8, R1, Operand.of(R2)),
                new Instruction.ByteSwap(Instruction.SwapKind.TO_BE, 16, R1),
                new Instruction.ByteSwap(Instruction.SwapKind.TO_LE, 32, R1),
                new Instruction.ByteSwap(Instruction.SwapKind.SWAP, 64, R1),
                new Instruction.Load(Size.H, true, R0, R1, -2),
                new Instruction.Load(Size.DW, false, R0, R10, -8),
                new Instruction.Store(Size.W, R10, R1, -4),
                new Instruction.StoreImm(Size.B, R10, -1, 7),
                new Instruction.Atomic(Size.DW, AtomicOp.ADD, true, R1, R2, 8),
                new Instruction.Atomic(Size.W, AtomicOp.CMPXCHG, true, R1, R2, 0),
                new Instruction.PacketLoad(Size.H, null, 12),
                new Instruction.PacketLoad(Size.B, R3, 1),
                new Instruction.LoadImm64(R1, PseudoSource.IMM, -1L)), code.instructions());
    }

    @Test
    void rejectsAReferenceThatDoesNotFitItsInstruction() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Code(
                List.of(new Instruction.Exit()), Map.of(), List.of(new Reference(0, "counters", Reference.Kind.MAP, 0)), List.of()));
        assertEquals("MAP reference to \"counters\" at instruction 0 does not fit Exit[]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Reference(0, "counters", Reference.Kind.MAP, 4));
    }

    @Test
    void buildsWhatLlvmMcDisassembles() throws Exception {
        String llvmMc = onPath("llvm-mc-19");
        assumeTrue(llvmMc != null, "llvm-mc-19 is not on the PATH; skipping the LLVM disassembly oracle");
        Code code = new CodeBuilder()
                .mov64(R0, 0)
                .label("loop")
                .add64(R1, 1)
                .jlt(R1, 10, "loop")
                .jeq32(R1, R2, "out")
                .ldImm64(R2, 0x1_0000_0000L)
                .stxdw(R10, -8, R2)
                .atomicAdd(Size.DW, R10, -8, R1)
                .gotol("out")
                .label("out")
                .exit()
                .build();
        StringBuilder bytes = new StringBuilder();
        for (byte b : code.encode()) {
            bytes.append("0x%02x ".formatted(b));
        }
        Process process = new ProcessBuilder(llvmMc, "-triple", "bpfel", "-mcpu=v4", "--disassemble").redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(bytes.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        List<String> lines = output.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith(".")).toList();
        assertEquals(List.of(
                "r0 = 0",
                "r1 += 1",
                "if r1 < 10 goto -2",
                "if w1 == w2 goto +5",
                "r2 = 4294967296 ll",
                "*(u64 *)(r10 - 8) = r2",
                "lock *(u64 *)(r10 - 8) += r1",
                "gotol +0",
                "exit"), lines);
    }

    private static String onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File file = new File(dir, tool);
            if (file.canExecute()) {
                return file.getPath();
            }
        }
        return null;
    }
}
