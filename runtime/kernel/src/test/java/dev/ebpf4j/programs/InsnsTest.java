package dev.ebpf4j.programs;

import dev.ebpf4j.testing.ExternalTool;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.ebpf4j.programs.Insns.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand encoder the kernel tests rely on agrees with llvm-mc on every shape they use. */
class InsnsTest {
    private static final Pattern ENCODING = Pattern.compile("encoding: \\[([^]]*)]");

    @Test
    void handEncodingMatchesLlvmMc() throws Exception {
        String llvmMc = ExternalTool.require("llvm-mc-19").executable().toString();
        String source = """
                r0 = 2
                r1 = r10
                r2 += -4
                *(u32 *)(r10 - 4) = r1
                r0 = *(u32 *)(r0 + 0)
                if r0 == 0 goto +2
                call 1
                r1 = 81985529216486895 ll
                exit
                """;
        byte[] ours = concat(movImm(0, 2), movReg(1, 10), addImm(2, -4), stxW(10, -4, 1), ldxW(0, 0, 0),
                jeqImm(0, 0, 2), call(1), ldImm64(1, 0, 0x0123456789abcdefL), exit());
        Process p = new ProcessBuilder(llvmMc, "-triple", "bpfel", "-show-encoding").redirectErrorStream(true).start();
        p.getOutputStream().write(source.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        StringBuilder hex = new StringBuilder();
        Matcher m = ENCODING.matcher(out);
        while (m.find()) {
            hex.append(m.group(1).replace("0x", "").replace(",", ""));
        }
        assertEquals(hex.toString(), HexFormat.of().formatHex(ours));
    }
}
