package dev.ebpf4j.processor.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import org.junit.jupiter.api.Test;

/**
 * {@link DecidedJumps}, run through {@link CodeCleanup}: tests decided on every path to them, and
 * jumps threaded past tests their own edge decides, against the same code written by hand.
 */
class DecidedJumpsTest {
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
