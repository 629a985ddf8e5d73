package dev.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any text either assembles or fails with an AssemblyException that names a line: never another exception. */
class AssemblerFuzzProperties {

    private static final String ALPHABET = "rw0123456789 =+-*/<>&|^%!s()[],:;#.\"\n\tlxkbugotifcaep_LMN";

    @Provide
    Arbitrary<String> randomText() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars(ALPHABET).ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> mutatedLines() {
        Arbitrary<String> valid = Instructions.any().map(Disassembler::format);
        Arbitrary<String> edits = Arbitraries.strings().withChars(ALPHABET).ofMaxLength(3);
        return Combinators.combine(valid, Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 4), edits)
                .as((line, at, deleted, inserted) -> {
                    int start = at % (line.length() + 1);
                    int end = Math.min(line.length(), start + deleted);
                    return line.substring(0, start) + inserted + line.substring(end);
                });
    }

    @Provide
    Arbitrary<String> mutatedPrograms() {
        String program = """
                    .section xdp,"ax",@progbits
                    .globl prog
                prog:
                    r1 = map ll
                    if r1 s> 0x10 goto done
                    lock *(u64 *)(r10 - 8) += r1
                    call helper
                done:
                    r0 = cmpxchg_64(r1 + 0, r0, r2)
                    exit
                """;
        return Combinators.combine(Arbitraries.integers().between(0, program.length()), Arbitraries.integers().between(0, 6),
                Arbitraries.strings().withChars(ALPHABET).ofMaxLength(4)).as((start, deleted, inserted) ->
                        program.substring(0, start) + inserted + program.substring(Math.min(program.length(), start + deleted)));
    }

    @Property
    void randomTextAssemblesOrFailsWithALine(@ForAll("randomText") String text) {
        assembleOrFailCleanly(text);
    }

    @Property
    void mutatedInstructionsAssembleOrFailWithALine(@ForAll("mutatedLines") String text) {
        assembleOrFailCleanly(text);
    }

    @Property
    void mutatedProgramsAssembleOrFailWithALine(@ForAll("mutatedPrograms") String text) {
        assembleOrFailCleanly(text);
    }

    private static void assembleOrFailCleanly(String text) {
        try {
            Assembler.assemble(text);
        } catch (AssemblyException e) {
            assertTrue(e.line() >= 1 && e.line() <= text.split("\n", -1).length + 1, e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith("line " + e.line()), e.getMessage());
        }
    }
}
