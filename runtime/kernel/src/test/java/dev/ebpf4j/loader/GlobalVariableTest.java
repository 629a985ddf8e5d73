package dev.ebpf4j.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.DataSection;
import dev.ebpf4j.object.ProgramDefinition;
import dev.ebpf4j.testing.RequiresBpf;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One- and two-byte globals (a C bool or char, a short), as skeletons of Java programs read and write them. */
@RequiresBpf
class GlobalVariableTest {
    private static final byte[] FRAME = new byte[64];

    /** {@code return flag + level;} over a {@code .data} of a byte at 0 and a short at 2. */
    private static BpfObject object() {
        Code code = new CodeBuilder()
                .ldGlobal(Register.R1, "flag", 0)
                .ldxb(Register.R0, Register.R1, 0)
                .ldGlobal(Register.R1, "level", 0)
                .ldxh(Register.R2, Register.R1, 0)
                .add64(Register.R0, Register.R2)
                .exit()
                .build();
        DataSection data = DataSection.of(".data", new byte[] {1, 0, 7, 0},
                new DataSection.Variable("flag", 0, 1, 0), new DataSection.Variable("level", 2, 2, 0));
        return new BpfObject("GPL", 0, List.of(ProgramDefinition.entry("sum", "xdp", code)), List.of(), List.of(data),
                Btf.builder().build());
    }

    @Test
    void bytesAndShortsAreReadAndWrittenThroughTheMappingAndTheProgramSeesThem() {
        try (LoadedObject loaded = ObjectLoader.load(object(), LoadOptions.defaults())) {
            GlobalVariable flag = loaded.variable("flag");
            GlobalVariable level = loaded.variable("level");
            assertEquals(1, flag.getByte());
            assertEquals(7, level.getShort());
            assertEquals(8, loaded.program("sum").testRun(FRAME, 1).retval());
            flag.setByte((byte) 0xff);
            level.setShort((short) 0x1234);
            assertEquals((byte) 0xff, flag.getByte());
            assertEquals((short) 0x1234, level.getShort());
            assertEquals(0xff + 0x1234, loaded.program("sum").testRun(FRAME, 1).retval());
            assertThrows(IllegalArgumentException.class, flag::getShort, "a one-byte variable is no short");
            assertThrows(IllegalArgumentException.class, () -> level.setByte((byte) 1), "a two-byte variable is no byte");
        }
    }
}
