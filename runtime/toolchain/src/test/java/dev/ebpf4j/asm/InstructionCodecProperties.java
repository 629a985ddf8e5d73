package dev.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.binary.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.constraints.Size;

class InstructionCodecProperties {
    @Provide
    Arbitrary<Instruction> instructions() {
        return Instructions.any();
    }

    @Provide
    Arbitrary<List<Instruction>> programs() {
        return Instructions.any().list().ofMaxSize(20);
    }

    /** Slots whose fields are often zero, so that valid encodings of every opcode turn up. */
    @Provide
    Arbitrary<byte[]> slotPairs() {
        Arbitrary<Long> slot = Combinators.combine(
                        Arbitraries.integers().between(0, 255),
                        mostlyZero(Arbitraries.integers().between(0, 15)),
                        mostlyZero(Arbitraries.integers().between(0, 15)),
                        mostlyZero(Arbitraries.oneOf(Arbitraries.shorts().map(Short::intValue), Arbitraries.of(1, 8, 16, 32))),
                        mostlyZero(Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(1, 16, 32, 64, 0x40, 0x41, 0xe1, 0xf1))))
                .as((opcode, dst, src, offset, imm) -> opcode | (long) (dst | src << 4) << 8 | (offset & 0xffffL) << 16 | (imm & 0xffff_ffffL) << 32);
        Arbitrary<Long> second = Arbitraries.oneOf(slot, Arbitraries.integers().map(imm -> (imm & 0xffff_ffffL) << 32));
        return Combinators.combine(slot, second).as((a, b) -> ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(a).putLong(b).array());
    }

    private static Arbitrary<Integer> mostlyZero(Arbitrary<Integer> values) {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)), Tuple.of(1, values));
    }

    @Property
    void everyInstructionDecodesToItselfFromItsEncoding(@ForAll("instructions") Instruction instruction) {
        byte[] bytes = InstructionCodec.encode(instruction);
        assertEquals(instruction.slots() * 8, bytes.length);
        assertEquals(instruction, InstructionCodec.decode(bytes, 0));
    }

    @Property
    void sequencesDecodeToThemselves(@ForAll("programs") List<Instruction> program) {
        assertEquals(program, InstructionCodec.decodeAll(InstructionCodec.encode(program)));
    }

    @Property
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void randomSlotsDecodeToTheirOwnEncodingOrFailWithFormatException(@ForAll("slotPairs") byte[] bytes) {
        // Guards the generator: a property that never sees a valid instruction proves nothing.
        Statistics.coverage(coverage -> coverage.check("decoded").percentage(p -> p > 3));
        Instruction instruction;
        try {
            instruction = InstructionCodec.decode(bytes, 0);
        } catch (FormatException expected) {
            assertEquals(0, expected.offset() % 8);
            Statistics.collect("rejected");
            return;
        }
        Statistics.collect("decoded");
        assertArrayEquals(Arrays.copyOf(bytes, instruction.slots() * 8), InstructionCodec.encode(instruction));
    }

    @Property
    void arbitraryBytesDecodeToTheirOwnEncodingOrFailWithFormatException(@ForAll @Size(max = 64) byte[] bytes) {
        List<Instruction> program;
        try {
            program = InstructionCodec.decodeAll(bytes);
        } catch (FormatException expected) {
            return;
        }
        assertArrayEquals(bytes, InstructionCodec.encode(program));
    }
}
