package dev.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.binary.FormatException;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TextRoundTripProperties {

    @Provide
    Arbitrary<Instruction> instructions() {
        return Instructions.any();
    }

    @Property(tries = 3000)
    void assemblingTheDisassemblyGivesTheInstructionBack(@ForAll("instructions") Instruction instruction)
            throws AssemblyException {
        assertEquals(List.of(instruction), Assembler.assembleInstructions(Disassembler.format(instruction)));
    }

    @Property(tries = 3000)
    void objdumpTextMeansTheSameWhereLlvmIsLossless(@ForAll("instructions") Instruction instruction)
            throws AssemblyException {
        Assume.that(LlvmBpf.llvmRoundTrips(instruction));
        assertEquals(List.of(instruction), Assembler.assembleInstructions(Disassembler.formatAsObjdump(instruction)));
    }

    @Property(tries = 500)
    void assemblingTheDisassemblyOfBytesGivesTheBytesBack(@ForAll @Size(max = 40) List<@From("instructions") Instruction> program)
            throws AssemblyException {
        byte[] bytes = InstructionCodec.encode(program);
        String text = Disassembler.format(InstructionCodec.decodeAll(bytes));
        assertArrayEquals(bytes, InstructionCodec.encode(Assembler.assembleInstructions(text)), text);
    }

    /** A flipped bit that still decodes (a different operand, size or operation) must survive the text round trip too. */
    @Property(tries = 3000)
    void anyDecodableBytesSurviveTheTextRoundTrip(@ForAll("instructions") Instruction instruction,
            @ForAll @IntRange(min = 0, max = 127) int bit) throws AssemblyException {
        byte[] bytes = InstructionCodec.encode(instruction);
        bytes[bit / 8 % bytes.length] ^= (byte) (1 << bit % 8);
        List<Instruction> decoded;
        try {
            decoded = InstructionCodec.decodeAll(bytes);
        } catch (FormatException e) {
            Assume.that(false);
            return;
        }
        assertArrayEquals(bytes, InstructionCodec.encode(Assembler.assembleInstructions(Disassembler.format(decoded))));
    }
}
