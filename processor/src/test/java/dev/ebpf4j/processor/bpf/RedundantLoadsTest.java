package dev.ebpf4j.processor.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RedundantLoads}, run through {@link CodeCleanup}: loads and moves of what a register already
 * holds, against the same code written by hand without them. Where the code would otherwise leave a
 * value unread, it stores it, so that the dead-write pass takes nothing the case is about.
 */
class RedundantLoadsTest {
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
}
