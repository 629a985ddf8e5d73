package dev.ebpf4j.processor.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
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
                .jeq(Register.R1, 0, "c")
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
                .jeq(Register.R1, 0, "c")
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
}
