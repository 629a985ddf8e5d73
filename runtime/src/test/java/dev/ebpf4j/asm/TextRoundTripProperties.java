package dev.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class TextRoundTripProperties {

    @Provide
    Arbitrary<Instruction> instructions() {
        return SampleInstructions.any();
    }

    @Property(tries = 3000)
    void assemblingTheDisassemblyGivesTheInstructionBack(@ForAll("instructions") Instruction instruction)
            throws AssemblyException {
        assertEquals(List.of(instruction), Assembler.assembleInstructions(Disassembler.format(instruction)));
    }

    @Property(tries = 3000)
    void objdumpTextMeansTheSameWhereLlvmIsLossless(@ForAll("instructions") Instruction instruction)
            throws AssemblyException {
        if (SampleInstructions.llvmRoundTrips(instruction)) {
            assertEquals(List.of(instruction), Assembler.assembleInstructions(Disassembler.formatAsObjdump(instruction)));
        }
    }

    @Property(tries = 300)
    void aProgramRoundTrips(@ForAll @Size(max = 40) List<@net.jqwik.api.From("instructions") Instruction> program)
            throws AssemblyException {
        assertEquals(program, Assembler.assembleInstructions(Disassembler.format(program)));
    }
}
