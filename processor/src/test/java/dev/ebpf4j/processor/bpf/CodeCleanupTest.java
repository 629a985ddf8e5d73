package dev.ebpf4j.processor.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The clean-up's control flow against the same code written by hand without the waste: unreachable
 * code, jumps through gotos and to the next instruction, the layout of a test over a goto, one exit
 * for each returned constant, and writes nothing reads.
 */
class CodeCleanupTest {
    @Test
    void unreachableCodeAndJumpsToTheNextInstructionGo() {
        Code code = new CodeBuilder()
                .line("T.java", 1, 1, "a")
                .mov64(Register.R0, 0)
                .ja("l1")
                .line("T.java", 2, 1, "dead")
                .mov64(Register.R0, 1)
                .label("l1")
                .line("T.java", 3, 1, "b")
                .ja("l2")
                .label("l2")
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .line("T.java", 1, 1, "a")
                .mov64(Register.R0, 0)
                .line("T.java", 3, 1, "b")
                .exit()
                .build();
        Code cleaned = CodeCleanup.clean(code);
        assertEquals(expected.instructions(), cleaned.instructions());
        assertEquals(expected.lines(), cleaned.lines());
    }

    @Test
    void jumpsToAGotoGoToItsTarget() {
        Code code = new CodeBuilder()
                .jeq(Register.R1, 0, "a")
                .mov64(Register.R0, 1)
                .exit()
                .label("a")
                .ja("b")
                .label("c")
                .mov64(Register.R0, 2)
                .exit()
                .label("b")
                .jeq(Register.R2, 0, "c")
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .jeq(Register.R1, 0, "b")
                .mov64(Register.R0, 1)
                .exit()
                .label("c")
                .mov64(Register.R0, 2)
                .exit()
                .label("b")
                .jeq(Register.R2, 0, "c")
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
    }

    @Test
    void mapReferencesMoveWithTheirInstructions() {
        Code code = new CodeBuilder()
                .ja("go")
                .mov64(Register.R0, 1)
                .label("go")
                .ldMap(Register.R1, "m")
                .mov64(Register.R0, 0)
                .exit()
                .build();
        Code cleaned = CodeCleanup.clean(code);
        assertEquals(3, cleaned.size());
        assertEquals(0, cleaned.references().getFirst().instructionIndex());
        assertEquals("m", cleaned.references().getFirst().symbol());
    }

    @Test
    void aJumpOverAGotoIsNegated() {
        Code code = new CodeBuilder()
                .jeq(Register.R1, 0, "then")
                .ja("else")
                .label("then")
                .mov64(Register.R0, 1)
                .exit()
                .label("else")
                .mov64(Register.R0, 2)
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .jne(Register.R1, 0, "else")
                .mov64(Register.R0, 1)
                .exit()
                .label("else")
                .mov64(Register.R0, 2)
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
    }

    @Test
    void aJsetOverAGotoMovesItsBlockAfterTheEndWithItsLine() {
        Code code = new CodeBuilder()
                .line("T.java", 1, 1, "if")
                .jset32(Register.R1, 4, "then")
                .ja("else")
                .label("then")
                .line("T.java", 2, 1, "then")
                .mov32(Register.R0, 1)
                .ja("join")
                .label("else")
                .line("T.java", 3, 1, "else")
                .mov32(Register.R0, 2)
                .label("join")
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .line("T.java", 1, 1, "if")
                .jset32(Register.R1, 4, "then")
                .line("T.java", 3, 1, "else")
                .mov32(Register.R0, 2)
                .label("join")
                .exit()
                .label("then")
                .line("T.java", 2, 1, "then")
                .mov32(Register.R0, 1)
                .ja("join")
                .build();
        Code cleaned = CodeCleanup.clean(code);
        assertEquals(expected.instructions(), cleaned.instructions());
        assertEquals(expected.lines(), cleaned.lines());
    }

    @Test
    void aMovedBlockWithoutItsOwnLineTakesTheOneInForceWhereItWas() {
        Code code = new CodeBuilder()
                .line("T.java", 1, 1, "if")
                .jset32(Register.R1, 4, "then")
                .ja("else")
                .label("then")
                .mov32(Register.R0, 1)
                .exit()
                .label("else")
                .line("T.java", 3, 1, "else")
                .mov32(Register.R0, 2)
                .exit()
                .build();
        Code cleaned = CodeCleanup.clean(code);
        assertEquals(5, cleaned.size());
        assertEquals(List.of(0, 1, 3), cleaned.lines().stream().map(Code.LineMark::instructionIndex).toList());
        assertEquals(1, cleaned.lines().get(2).line().line());
    }

    @Test
    void aWriteNothingReadsGoesAndSoDoesACopyARegisterAlreadyHolds() {
        Code code = new CodeBuilder()
                .mov64(Register.R6, Register.R1)
                .mov64(Register.R7, Register.R6)
                .mov64(Register.R8, 5)                     // never read: goes
                .mov64(Register.R1, Register.R7)           // r1 already holds what r7 does: goes
                .call(1)
                .mov64(Register.R1, Register.R7)           // the call wrote r1: stays
                .call(2)
                .mov64(Register.R0, Register.R6)
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .mov64(Register.R6, Register.R1)
                .mov64(Register.R7, Register.R6)
                .call(1)
                .mov64(Register.R1, Register.R7)
                .call(2)
                .mov64(Register.R0, Register.R6)
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
    }

    @Test
    void theContextKeptForNothingAfterTheCallGoes() {
        Code code = new CodeBuilder()
                .mov64(Register.R6, Register.R1)
                .mov64(Register.R1, Register.R6)
                .call(1)
                .mov32(Register.R0, -1)
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .call(1)
                .mov32(Register.R0, -1)
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
    }

    @Test
    void aTestJumpingJustPastAGotoIsNegatedWhereverTheGotoLeads() {
        Code code = new CodeBuilder()
                .ldxw(Register.R0, Register.R1, 0)
                .label("top")
                .jeq32(Register.R0, 5, "body")
                .ja("out")
                .label("body")
                .add64(Register.R0, 1)
                .jlt(Register.R0, 9, "top")                // the block ends in a test, not a goto or exit
                .label("out")
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .ldxw(Register.R0, Register.R1, 0)
                .label("top")
                .jne32(Register.R0, 5, "out")
                .add64(Register.R0, 1)
                .jlt(Register.R0, 9, "top")
                .label("out")
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
    }

    @Test
    void aReturnOfTheSameConstantSharesOneExitTheLastSoThePassingPathFallsThrough() {
        Code code = new CodeBuilder()
                .ldxw(Register.R2, Register.R1, 0)
                .jne(Register.R2, 0, "parse")
                .mov32(Register.R0, 2)                     // a goto to the last return of 2
                .exit()
                .label("parse")
                .ldxw(Register.R3, Register.R1, 4)
                .jgt(Register.R3, 9, "drop")
                .mov32(Register.R0, 2)
                .exit()
                .label("drop")
                .mov32(Register.R0, 1)
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .ldxw(Register.R2, Register.R1, 0)
                .jeq(Register.R2, 0, "pass")               // the test jumps to the shared exit itself
                .ldxw(Register.R3, Register.R1, 4)
                .jgt(Register.R3, 9, "drop")
                .label("pass")
                .mov32(Register.R0, 2)
                .exit()
                .label("drop")
                .mov32(Register.R0, 1)
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
    }
}
