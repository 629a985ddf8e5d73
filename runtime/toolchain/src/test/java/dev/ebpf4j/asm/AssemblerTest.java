package dev.ebpf4j.asm;

import static dev.ebpf4j.asm.Register.R0;
import static dev.ebpf4j.asm.Register.R1;
import static dev.ebpf4j.asm.Register.R10;
import static dev.ebpf4j.asm.Register.R2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssemblerTest {

    private static Instruction one(String text) throws AssemblyException {
        List<Instruction> instructions = Assembler.assembleInstructions(text);
        assertEquals(1, instructions.size(), text);
        return instructions.getFirst();
    }

    @Test
    void readsLlvmSpellingsThatObjdumpNormalises() throws AssemblyException {
        // llvm-mc accepts r registers for narrow loads and stores and prints them back as w registers.
        assertEquals(new Instruction.Store(Size.W, R10, R1, -4), one("*(u32 *)(r10 - 4) = r1"));
        assertEquals(new Instruction.Load(Size.B, false, R1, R2, 7), one("r1 = *(u8 *)(r2 + 7)"));
        assertEquals(new Instruction.Atomic(Size.W, AtomicOp.ADD, false, R1, R2, 0), one("lock *(u32 *)(r1 + 0) += r2"));
        assertEquals(new Instruction.Goto(false, 3), one("goto 3"));
        assertEquals(new Instruction.LoadImm64(R1, PseudoSource.IMM, 0x1234), one("r1 = 0x1234 ll"));
        assertEquals(new Instruction.LoadImm64(R1, PseudoSource.IMM, -1), one("r1 = 0xffffffffffffffff ll"));
        assertEquals(new Instruction.Alu(true, AluOp.MOV, R1, Operand.of(8)), one("r1 = 010"));
        assertEquals(new Instruction.Alu(true, AluOp.MOV, R1, Operand.of(5)), one("r1 = 0b101"));
        assertEquals(new Instruction.Alu(false, AluOp.MOV, R1, Operand.of(-1)), one("w1 = 4294967295"));
    }

    @Test
    void readsClangsZeroExtendingMoveThatLlvmMcRejects() throws AssemblyException {
        assertEquals(new Instruction.Alu(false, AluOp.MOV, R1, Operand.of(R0)), one("r1 = w0"));
    }

    @Test
    void readsQuotedSectionNamesAndWindowsLineEnds() throws AssemblyException {
        Assembly assembly = Assembler.assemble(".section \"tracepoint/syscalls/sys_enter_open\"\r\nexit\r\n");
        assertEquals("tracepoint/syscalls/sys_enter_open", assembly.sections().getFirst().name());
        assertEquals(List.of(new Instruction.Exit()), assembly.sections().getFirst().instructions());
    }

    @Test
    void toleratesWhitespaceAndComments() throws AssemblyException {
        assertEquals(new Instruction.Store(Size.W, R10, R1, -4), one("  *(u32*)(r10-4)=w1   # spill"));
        assertEquals(new Instruction.Jump(true, JumpOp.JSGT, R1, Operand.of(R2), 3), one("if r1 s>r2 goto+3 // why"));
        assertEquals(new Instruction.Exit(), one("/* a\n block */ exit"));
        assertEquals(List.of(new Instruction.Alu(true, AluOp.MOV, R1, Operand.of(1)), new Instruction.Exit()),
                Assembler.assembleInstructions("r1 = 1; exit"));
    }

    @Test
    void resolvesLabelsToSlotOffsetsCountingLdImm64AsTwo() throws AssemblyException {
        List<Instruction> program = Assembler.assembleInstructions("""
                start:
                    r1 = 1 ll
                    if r1 == 0 goto done
                    gotol start
                done: exit
                """);
        assertEquals(List.of(new Instruction.LoadImm64(R1, PseudoSource.IMM, 1),
                new Instruction.Jump(true, JumpOp.JEQ, R1, Operand.of(0), 1),
                new Instruction.Goto(true, -4),
                new Instruction.Exit()), program);
    }

    @Test
    void keepsSectionsSymbolsAndReferences() throws AssemblyException {
        Assembly assembly = Assembler.assemble("""
                    .section xdp,"ax",@progbits
                    .globl prog
                    .type prog,@function
                prog:
                    r1 = counters ll
                    call helper
                    call local
                    call 1
                    exit
                local:
                    r0 = 0
                    exit
                    .section kprobe/sys_open
                    .text
                helper:
                    exit
                """);
        assertEquals(List.of("xdp", "kprobe/sys_open", ".text"), assembly.sections().stream().map(Assembly.Section::name).toList());
        Assembly.Section xdp = assembly.section("xdp").orElseThrow();
        assertEquals(List.of(new Assembly.Symbol("prog", 0, true, true), new Assembly.Symbol("local", 6, false, false)),
                xdp.symbols());
        assertEquals(List.of(new Assembly.Reference(0, 0, "counters"), new Assembly.Reference(1, 2, "helper")), xdp.references());
        assertEquals(new Instruction.LoadImm64(R1, PseudoSource.IMM, 0), xdp.instructions().get(0));
        assertEquals(new Instruction.Call(CallKind.FUNCTION, -1, 0), xdp.instructions().get(1));
        assertEquals(new Instruction.Call(CallKind.FUNCTION, 2, 0), xdp.instructions().get(2));
        assertEquals(8, xdp.slots());
        assertEquals(List.of(new Assembly.Symbol("helper", 0, false, false)), assembly.section(".text").orElseThrow().symbols());
    }

    @Test
    void callsAGlobalLabelThroughAReferenceAsLlvmMcDoes() throws AssemblyException {
        Assembly assembly = Assembler.assemble(".globl f\nf: call f\nexit\n");
        assertEquals(List.of(new Assembly.Reference(0, 0, "f")), assembly.sections().getFirst().references());
    }

    @Test
    void readsTheLosslessExtensions() throws AssemblyException {
        assertEquals(new Instruction.Call(CallKind.FUNCTION, -3, 0), one("call pc-3"));
        assertEquals(new Instruction.Call(CallKind.KFUNC, 7, 2), one("call kfunc 7, 2"));
        assertEquals(new Instruction.LoadImm64(R1, PseudoSource.MAP_VALUE, 8L << 32 | 5), one("ld_pseudo r1, 2, 5, 8"));
        assertEquals(new Instruction.PacketLoad(Size.B, R1, -5), one("r0 = *(u8 *)skb[r1 - 5]"));
        assertEquals(new Instruction.Goto(true, 70000), one("gotol +70000"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            r11 = 1                                      | line 1, column 1: unknown register r11
            r1 = r2 + 1                                  | line 1, column 9: unexpected '+' after the instruction
            w1 += r2                                     | line 1, column 7: cannot mix w1 and r2: use both r or both w registers
            r1 = 4294967296                              | line 1, column 6: immediate 4294967296 does not fit in 32 bits
            if r1 == r2 goto +32768                      | line 1, column 18: jump offset 32768 does not fit in 16 signed bits (gotol takes 32)
            r1 = *(u8 *)(r2 + 32768)                     | line 1, column 19: offset 32768 does not fit in 16 signed bits
            r0 = atomic_fetch_add((u64 *)(r1 + 0), r2)   | line 1, column 40: atomic_fetch_add must name the same register on both sides (r0, not r2)
            r3 = cmpxchg_64(r1 + 0, r3, r2)              | line 1, column 1: cmpxchg_64 compares and returns in r0, not r3
            goto nowhere                                 | line 1, column 6: undefined label nowhere
            exit ; nop                                   | line 1, column 8: unknown instruction 'nop'
            .zero 16                                     | line 1, column 1: unsupported directive .zero
            r1 = 1 ll ll                                 | line 1, column 11: unexpected 'll' after the instruction
            w1 = 5 ll                                    | line 1, column 1: a 64-bit immediate load takes an r register, not w1
            r1 = (s8)w2                                  | line 1, column 10: cannot mix r1 and w2: use both r or both w registers
            w1 = (s32)w2                                 | line 1, column 7: a 32-bit sign-extending move exists only for r registers
            r1 = *(s64 *)(r2 + 0)                        | line 1, column 8: a sign-extending load of 64 bits does not exist
            lock *(u8 *)(r1 + 0) += r2                   | line 1, column 8: atomic operations are u32 or u64, not u8
            r1 = *(u8 *)skb[12]                          | line 1, column 1: a legacy packet load writes r0, not r1
            r1 = -r2                                     | line 1, column 7: negation must name the same register on both sides (r1, not r2)
            callx r1                                     | line 1, column 1: callx (indirect call) is not supported
            """)
    void reportsOneLineWithThePlaceAndTheProblem(String text, String message) {
        AssemblyException e = assertThrows(AssemblyException.class, () -> Assembler.assemble(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void countsLinesThroughBlockCommentsAndSeparators() {
        AssemblyException e = assertThrows(AssemblyException.class,
                () -> Assembler.assemble("exit\n/* one\ntwo */ r0 = 0; r12 = 1\n"));
        assertEquals(3, e.line());
        assertEquals("unknown register r12", e.problem());
    }

    @Test
    void refusesJumpsIntoAnotherSectionAndDuplicateLabels() {
        assertEquals("line 3, column 6: label a is in section .text; jumps stay within s",
                assertThrows(AssemblyException.class, () -> Assembler.assemble("a: exit\n.section s\ngoto a\n")).getMessage());
        assertEquals("line 2, column 1: label a is already defined",
                assertThrows(AssemblyException.class, () -> Assembler.assemble("a: exit\na: exit\n")).getMessage());
    }

    @Test
    void assembleInstructionsRefusesReferences() {
        assertEquals("line 1, column 6: map is not a local label of this section (it needs a relocation)",
                assertThrows(AssemblyException.class, () -> Assembler.assembleInstructions("r1 = map ll")).getMessage());
    }

    @Test
    void readsTheMinimalProgram() throws AssemblyException {
        assertEquals(List.of(new Instruction.Alu(true, AluOp.MOV, R0, Operand.of(2)), new Instruction.Exit()),
                Assembler.assembleInstructions("r0 = 2\nexit\n"));
        assertEquals(List.of(), Assembler.assembleInstructions("# nothing\n"));
    }
}
