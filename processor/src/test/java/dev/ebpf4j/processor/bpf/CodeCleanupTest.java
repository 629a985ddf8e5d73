package dev.ebpf4j.processor.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cleanup against the same code written by hand without the waste. */
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
    void aStackLoadIntoARegisterHoldingTheSlotGoesAndOnlyThen() {
        // each value a load or move leaves is stored to -40 (or -48), so no write here is dead
        Code code = new CodeBuilder()
                .stxdw(Register.R10, -8, Register.R6)
                .ldxdw(Register.R0, Register.R10, -16)
                .ldxdw(Register.R6, Register.R10, -8)      // r6 holds -8: goes
                .ldxdw(Register.R0, Register.R10, -16)     // r0 holds -16: goes
                .jeq(Register.R0, 0, "join")
                .ldxdw(Register.R6, Register.R10, -8)      // fall-through keeps what r6 holds: goes
                .mov64(Register.R6, 5)
                .stxdw(Register.R10, -40, Register.R6)
                .label("join")
                .ldxdw(Register.R6, Register.R10, -8)      // a jump lands here: stays
                .stxdw(Register.R10, -40, Register.R6)
                .stxw(Register.R10, -4, Register.R1)       // writes half of -8
                .ldxdw(Register.R6, Register.R10, -8)      // stays
                .stxdw(Register.R10, -40, Register.R6)
                .mov64(Register.R2, Register.R10)
                .add64(Register.R2, -8)
                .store(dev.ebpf4j.asm.Size.B, Register.R2, 0, 1)   // through a stack pointer: every slot
                .ldxdw(Register.R6, Register.R10, -8)      // stays
                .stxdw(Register.R10, -40, Register.R6)
                .ldxdw(Register.R1, Register.R10, -8)
                .call(1)                                   // may write through a stack pointer: every slot
                .ldxdw(Register.R6, Register.R10, -8)      // stays
                .store(dev.ebpf4j.asm.Size.DW, Register.R0, 0, 7)  // through a helper's result: no slot
                .ldxdw(Register.R6, Register.R10, -8)      // goes
                .stxdw(Register.R10, -40, Register.R6)
                .ldxdw(Register.R1, Register.R10, -8)      // r1 was clobbered by the call: stays
                .stxdw(Register.R10, -48, Register.R1)
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .stxdw(Register.R10, -8, Register.R6)
                .ldxdw(Register.R0, Register.R10, -16)
                .jeq(Register.R0, 0, "join")
                .mov64(Register.R6, 5)
                .stxdw(Register.R10, -40, Register.R6)
                .label("join")
                .ldxdw(Register.R6, Register.R10, -8)
                .stxdw(Register.R10, -40, Register.R6)
                .stxw(Register.R10, -4, Register.R1)
                .ldxdw(Register.R6, Register.R10, -8)
                .stxdw(Register.R10, -40, Register.R6)
                .mov64(Register.R2, Register.R10)
                .add64(Register.R2, -8)
                .store(dev.ebpf4j.asm.Size.B, Register.R2, 0, 1)
                .ldxdw(Register.R6, Register.R10, -8)
                .stxdw(Register.R10, -40, Register.R6)
                .ldxdw(Register.R1, Register.R10, -8)
                .call(1)
                .ldxdw(Register.R6, Register.R10, -8)
                .store(dev.ebpf4j.asm.Size.DW, Register.R0, 0, 7)
                .stxdw(Register.R10, -40, Register.R6)
                .ldxdw(Register.R1, Register.R10, -8)
                .stxdw(Register.R10, -48, Register.R1)
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
    }

    @Test
    void aMoveOfTheConstantARegisterHoldsGoes() {
        // r2, tested, comes from the stack; stores to -24 and -32 keep each value read
        Code code = new CodeBuilder()
                .ldxdw(Register.R2, Register.R10, -64)
                .mov64(Register.R0, 0)
                .stxdw(Register.R10, -8, Register.R0)
                .mov32(Register.R0, 0)                     // the same 64-bit zero: goes
                .stxdw(Register.R10, -16, Register.R0)
                .mov64(Register.R1, -1)
                .stxdw(Register.R10, -24, Register.R1)
                .mov32(Register.R1, -1)                    // 0xffffffff, not the 64-bit -1: stays
                .stxdw(Register.R10, -24, Register.R1)
                .mov32(Register.R1, -1)                    // goes
                .stxdw(Register.R10, -24, Register.R1)
                .jeq(Register.R2, 0, "join")
                .mov64(Register.R0, 0)                     // fall-through keeps what r0 holds: goes
                .label("join")                             // and then the jump over nothing goes too,
                .mov64(Register.R0, 0)                     // and nothing lands here any more: goes
                .jeq(Register.R2, 0, "join2")
                .mov64(Register.R0, 1)
                .stxdw(Register.R10, -32, Register.R0)
                .label("join2")
                .mov64(Register.R0, 0)                     // a jump lands here: stays
                .add64(Register.R0, 1)
                .stxdw(Register.R10, -32, Register.R0)
                .mov64(Register.R0, 0)                     // r0 was changed: stays
                .stxdw(Register.R10, -32, Register.R0)
                .call(5)
                .mov64(Register.R0, 0)                     // the call set r0: stays
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .ldxdw(Register.R2, Register.R10, -64)
                .mov64(Register.R0, 0)
                .stxdw(Register.R10, -8, Register.R0)
                .stxdw(Register.R10, -16, Register.R0)
                .mov64(Register.R1, -1)
                .stxdw(Register.R10, -24, Register.R1)
                .mov32(Register.R1, -1)
                .stxdw(Register.R10, -24, Register.R1)
                .stxdw(Register.R10, -24, Register.R1)
                .jeq(Register.R2, 0, "join2")
                .mov64(Register.R0, 1)
                .stxdw(Register.R10, -32, Register.R0)
                .label("join2")
                .mov64(Register.R0, 0)
                .add64(Register.R0, 1)
                .stxdw(Register.R10, -32, Register.R0)
                .mov64(Register.R0, 0)
                .stxdw(Register.R10, -32, Register.R0)
                .call(5)
                .mov64(Register.R0, 0)
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
    }

    @Test
    void aRegisterHoldsEverySlotItWasLoadedFromOrStoredTo() {
        Code code = new CodeBuilder()
                .ldxdw(Register.R0, Register.R10, -8)
                .stxdw(Register.R10, -24, Register.R0)
                .ldxdw(Register.R0, Register.R10, -8)      // r0 still holds -8 too: goes
                .stxdw(Register.R10, -32, Register.R0)
                .stxdw(Register.R10, -8, Register.R1)      // -8 now holds r1's bytes
                .ldxdw(Register.R0, Register.R10, -24)     // r0 holds -24: goes
                .ldxdw(Register.R0, Register.R10, -8)      // stays
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .ldxdw(Register.R0, Register.R10, -8)
                .stxdw(Register.R10, -24, Register.R0)
                .stxdw(Register.R10, -32, Register.R0)
                .stxdw(Register.R10, -8, Register.R1)
                .ldxdw(Register.R0, Register.R10, -8)
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
    }

    @Test
    void whereEveryPathAgreesTheLoadGoesAndABackEdgeThatDisagreesKeepsIt() {
        Code code = new CodeBuilder()
                .ldxdw(Register.R0, Register.R10, -8)
                .jeq(Register.R0, 0, "join")
                .mov32(Register.R1, 1)
                .stxdw(Register.R10, -24, Register.R1)
                .stxdw(Register.R10, -8, Register.R0)      // the same bytes again
                .label("join")
                .ldxdw(Register.R0, Register.R10, -8)      // both paths hold -8 in r0: goes
                .label("loop")
                .ldxdw(Register.R6, Register.R10, -16)     // the back edge comes with r6 changed: stays
                .add64(Register.R6, 1)
                .jlt(Register.R6, 10, "loop")
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .ldxdw(Register.R0, Register.R10, -8)
                .jeq(Register.R0, 0, "join")
                .mov32(Register.R1, 1)
                .stxdw(Register.R10, -24, Register.R1)
                .stxdw(Register.R10, -8, Register.R0)
                .label("join")
                .label("loop")
                .ldxdw(Register.R6, Register.R10, -16)
                .add64(Register.R6, 1)
                .jlt(Register.R6, 10, "loop")
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
    }

    @Test
    void aJumpOnAReloadedSlotTestsTheRegisterHoldingItWhereTheReloadDiesThere() {
        Code code = new CodeBuilder()
                .stxdw(Register.R10, -8, Register.R6)
                .ldxdw(Register.R0, Register.R10, -8)      // r6 holds -8, r0 dies at the jump: goes
                .jeq32(Register.R0, 0, "a")
                .mov64(Register.R0, 1)
                .exit()
                .label("a")
                .stxdw(Register.R10, -16, Register.R7)
                .ldxdw(Register.R1, Register.R10, -16)     // r1 is read after the jump: stays
                .jeq(Register.R1, 0, "b")
                .mov64(Register.R0, Register.R1)
                .exit()
                .label("b")
                .mov64(Register.R0, 2)
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .stxdw(Register.R10, -8, Register.R6)
                .jeq32(Register.R6, 0, "a")
                .mov64(Register.R0, 1)
                .exit()
                .label("a")
                .stxdw(Register.R10, -16, Register.R7)
                .ldxdw(Register.R1, Register.R10, -16)
                .jeq(Register.R1, 0, "b")
                .mov64(Register.R0, Register.R1)
                .exit()
                .label("b")
                .mov64(Register.R0, 2)
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
    }

    @Test
    void aTestOfAPointerAlreadyTestedIsDecidedAndWhatItSkippedGoes() {
        Code code = new CodeBuilder()
                .call(1)
                .mov64(Register.R6, Register.R0)
                .jeq(Register.R6, 0, "out")
                .jeq(Register.R6, 0, "skip")               // never taken: goes
                .stdw(Register.R6, 0, 1)
                .label("skip")
                .jne(Register.R6, 0, "on")                 // always taken: a goto to the next kept one
                .mov64(Register.R0, 7)                     // no path left: goes
                .exit()
                .label("on")
                .mov64(Register.R6, Register.R1)           // written: known no more
                .jeq(Register.R6, 0, "out")
                .stdw(Register.R6, 0, 2)
                .label("out")
                .mov64(Register.R0, 0)
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .call(1)
                .mov64(Register.R6, Register.R0)
                .jeq(Register.R6, 0, "out")
                .stdw(Register.R6, 0, 1)
                .mov64(Register.R6, Register.R1)
                .jeq(Register.R6, 0, "out")
                .stdw(Register.R6, 0, 2)
                .label("out")
                .mov64(Register.R0, 0)
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
    }

    @Test
    void aBooleanSetOnEachPathAndTestedWhereTheyMeetBecomesJumps() {
        Code code = new CodeBuilder()
                .ldxw(Register.R4, Register.R6, 0x38)
                .mov32(Register.R5, 1)
                .jeq32(Register.R4, 4, "set")              // r5 is 1 on this edge: straight to "then"
                .jeq32(Register.R4, 5, "set")              // and on this one
                .mov32(Register.R5, 0)                     // falls into the test with r5 0: a goto to "else"
                .label("set")
                .jeq32(Register.R5, 0, "else")             // no path left: goes, and so do the moves into r5
                .mov64(Register.R0, 1)
                .exit()
                .label("else")
                .mov64(Register.R0, 2)
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .ldxw(Register.R4, Register.R6, 0x38)
                .jeq32(Register.R4, 4, "then")
                .jne32(Register.R4, 5, "else")             // the goto after it taken into the test
                .label("then")
                .mov64(Register.R0, 1)
                .exit()
                .label("else")
                .mov64(Register.R0, 2)
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
    }

    @Test
    void aBooleanStillReadWhereTheTestsLeadKeepsItsMove() {
        Code code = new CodeBuilder()
                .ldxw(Register.R4, Register.R6, 0)
                .mov32(Register.R5, 1)
                .jeq32(Register.R4, 4, "set")
                .mov32(Register.R5, 0)                     // r5 is read after the test: stays a move
                .label("set")
                .jeq32(Register.R5, 0, "else")
                .mov64(Register.R0, 1)
                .exit()
                .label("else")
                .mov64(Register.R0, Register.R5)
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .ldxw(Register.R4, Register.R6, 0)
                .jeq32(Register.R4, 4, "then")             // r5 is 1 on this edge: past the test, where nothing reads it
                .mov32(Register.R5, 0)
                .ja("else")                                // the test, reached from the move alone, always jumps
                .label("then")
                .mov64(Register.R0, 1)
                .exit()
                .label("else")
                .mov64(Register.R0, Register.R5)
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());
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
    void aFunctionReturningNothingLeavesR0AtItsExitsUnlessR0MayPointIntoItsStack() {
        Code code = new CodeBuilder()
                .ldxw(Register.R2, Register.R1, 0)
                .jeq(Register.R2, 0, "stack")
                .ldxw(Register.R0, Register.R1, 4)
                .stxw(Register.R10, -4, Register.R0)
                .mov64(Register.R0, 0)                     // r0 holds a number: goes
                .exit()
                .label("stack")
                .mov64(Register.R0, Register.R10)
                .add64(Register.R0, -8)
                .stdw(Register.R0, 0, 1)
                .mov64(Register.R0, 0)                     // r0 points into the stack, which the verifier refuses to return: stays
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .ldxw(Register.R2, Register.R1, 0)
                .jeq(Register.R2, 0, "stack")
                .ldxw(Register.R0, Register.R1, 4)
                .stxw(Register.R10, -4, Register.R0)
                .exit()
                .label("stack")
                .mov64(Register.R0, Register.R10)
                .add64(Register.R0, -8)
                .stdw(Register.R0, 0, 1)
                .mov64(Register.R0, 0)
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code, false).instructions());
        Code returning = new CodeBuilder()
                .ldxw(Register.R2, Register.R1, 0)
                .jeq(Register.R2, 0, "stack")
                .ldxw(Register.R0, Register.R1, 4)
                .stxw(Register.R10, -4, Register.R0)
                .ja("zero")                                // the same return of 0: one exit for both, the last
                .label("stack")
                .mov64(Register.R0, Register.R10)
                .add64(Register.R0, -8)
                .stdw(Register.R0, 0, 1)
                .label("zero")
                .mov64(Register.R0, 0)
                .exit()
                .build();
        assertEquals(returning.instructions(), CodeCleanup.clean(code, true).instructions(), "a result is read: every move stays");
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

    @Test
    void aGlobalsAddressLoadedAgainIntoTheRegisterHoldingItGoes() {
        Code code = new CodeBuilder()
                .mov64(Register.R0, 1)
                .ldGlobal(Register.R1, ".bss", 0)
                .atomicAdd(dev.ebpf4j.asm.Size.DW, Register.R1, 0, Register.R0)
                .ldGlobal(Register.R1, ".bss", 0)        // r1 holds it: goes
                .atomicAdd(dev.ebpf4j.asm.Size.DW, Register.R1, 0, Register.R0)
                .ldGlobal(Register.R1, ".bss", 8)        // another address: stays
                .atomicAdd(dev.ebpf4j.asm.Size.DW, Register.R1, 0, Register.R0)
                .mov64(Register.R0, 0)
                .exit()
                .build();
        Code cleaned = CodeCleanup.clean(code);
        assertEquals(code.instructions().size() - 1, cleaned.instructions().size(), cleaned.instructions().toString());
        assertEquals(List.of(1, 4), cleaned.references().stream().map(r -> r.instructionIndex()).toList());
        assertEquals(List.of(0, 8), cleaned.references().stream().map(r -> r.offset()).toList());
    }

    @Test
    void aTestThatFoundARegisterEqualToAConstantDecidesTheNextTestOfIt() {
        Code code = new CodeBuilder()
                .ldxb(Register.R1, Register.R6, 9)         // a byte: its upper bits are zero
                .jne32(Register.R1, 6, "out")
                .mov32(Register.R1, 6)                     // r1 holds 6 here: goes
                .jeq32(Register.R1, 6, "tcp")              // always taken: what it skips goes
                .mov64(Register.R0, 1)
                .exit()
                .label("tcp")
                .mov64(Register.R0, Register.R1)
                .exit()
                .label("out")
                .mov64(Register.R0, 0)
                .exit()
                .build();
        Code expected = new CodeBuilder()
                .ldxb(Register.R1, Register.R6, 9)
                .jne32(Register.R1, 6, "out")
                .mov64(Register.R0, Register.R1)
                .exit()
                .label("out")
                .mov64(Register.R0, 0)
                .exit()
                .build();
        assertEquals(expected.instructions(), CodeCleanup.clean(code).instructions());

        Code wide = new CodeBuilder()
                .ldxdw(Register.R1, Register.R6, 0)        // 64 bits: a 32-bit test tells nothing of the upper half
                .jne32(Register.R1, 6, "out")
                .jeq(Register.R1, 6, "six")                // stays
                .mov64(Register.R0, 1)
                .exit()
                .label("six")
                .label("out")
                .mov64(Register.R0, 0)
                .exit()
                .build();
        assertEquals(wide.instructions(), CodeCleanup.clean(wide).instructions());
    }
}
