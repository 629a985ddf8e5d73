package dev.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CodeProperties {
    @Provide
    Arbitrary<List<Instruction>> programs() {
        return Instructions.any().list().ofMaxSize(30);
    }

    @Property(tries = 300)
    void slotsAndInstructionIndexesAreInverse(@ForAll("programs") List<Instruction> program) {
        CodeBuilder builder = new CodeBuilder();
        program.forEach(builder::emit);
        Code code = builder.build();
        assertEquals(program, code.instructions());
        assertArrayEquals(InstructionCodec.encode(program), code.encode());
        int slot = 0;
        for (int i = 0; i < program.size(); i++) {
            assertEquals(slot, code.slotOf(i));
            assertEquals(i, code.instructionAt(slot));
            if (program.get(i).slots() == 2) {
                int second = slot + 1;
                assertThrows(IllegalArgumentException.class, () -> code.instructionAt(second));
            }
            slot += program.get(i).slots();
        }
        assertEquals(slot, code.slotCount());
        assertEquals(slot, code.slotOf(program.size()));
    }

    @Property(tries = 300)
    void everyLabelledJumpLandsOnItsLabel(@ForAll("programs") List<Instruction> program, @ForAll("programs") List<Instruction> more) {
        // Jumps forward and backward over arbitrary code, including ld_imm64.
        CodeBuilder builder = new CodeBuilder().label("start");
        program.forEach(builder::emit);
        builder.jne(Register.R1, 0, "end").ja("start").gotol("end");
        more.forEach(builder::emit);
        Code code = builder.label("end").exit().build();
        int jne = program.size();
        for (int i = jne; i < jne + 3; i++) {
            int offset = switch (code.instructions().get(i)) {
                case Instruction.Jump jump -> jump.offset();
                case Instruction.Goto jump -> jump.offset();
                default -> throw new AssertionError();
            };
            int target = code.slotOf(i) + 1 + offset;
            assertEquals(i == jne + 1 ? code.slotOf(code.labelIndex("start")) : code.slotOf(code.labelIndex("end")), target);
        }
    }
}
