package dev.ebpf4j.conformance;

import static dev.ebpf4j.asm.Register.R0;
import static dev.ebpf4j.asm.Register.R1;
import static dev.ebpf4j.asm.Register.R2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.errors.VerifierException;
import dev.ebpf4j.testing.RequiresBpf;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

@RequiresBpf
class ConformanceRunnerTest {
    private static byte[] code(CodeBuilder builder) {
        return builder.build().encode();
    }

    @Test
    void returnsTheWhole64BitR0() {
        // r0 = 1; r0 <<= 63; exit
        byte[] program = code(new CodeBuilder().mov64(R0, 1).lsh64(R0, 63).exit());
        assertEquals(0x8000_0000_0000_0000L, ConformanceRunner.run(program, new byte[0]));
    }

    @Test
    void pointsR1AtTheMemoryAndPutsItsLengthInR2() {
        // r0 = *(u64 *)(r1 + 0); r0 += r2; exit
        byte[] program = code(new CodeBuilder().ldxdw(R0, R1, 0).add64(R0, R2).exit());
        byte[] memory = HexFormat.of().parseHex("1122334455667788" + "00000000");
        assertEquals(0x8877_6655_4433_2211L + 12, ConformanceRunner.run(program, memory));
    }

    @Test
    void keepsTheIsaSemanticsOfDivisionAndModuloByZero() {
        // r0 = 5; r1 = 0; r0 /= r1; exit   -> 0
        assertEquals(0, ConformanceRunner.run(code(new CodeBuilder().mov64(R0, 5).mov64(R1, 0).div64(R0, R1).exit()), new byte[0]));
        // r0 = 5; r1 = 0; r0 %= r1; exit   -> 5 (the dividend is kept)
        assertEquals(5, ConformanceRunner.run(code(new CodeBuilder().mov64(R0, 5).mov64(R1, 0).mod64(R0, R1).exit()), new byte[0]));
    }

    @Test
    void reportsTheVerifiersRefusal() {
        // exit without setting r0
        VerifierException e = assertThrows(VerifierException.class,
                () -> ConformanceRunner.run(code(new CodeBuilder().exit()), new byte[0]));
        assertTrue(e.getMessage().contains("R0 !read_ok"), e.getMessage());
    }
}
