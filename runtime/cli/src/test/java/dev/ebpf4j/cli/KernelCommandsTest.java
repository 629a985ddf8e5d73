package dev.ebpf4j.cli;

import dev.ebpf4j.testing.Checkout;
import static dev.ebpf4j.cli.CommandLineTest.assertOneLineError;
import static dev.ebpf4j.cli.CommandLineTest.ebpf4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.cli.CommandLineTest.Run;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.types.MapType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** load and run against the kernel, with the demo program and its two frames. */
@RequiresBpf
class KernelCommandsTest {
    private static final Path DEMO_DIR = Checkout.path("docs", "demo");

    @TempDir
    Path dir;

    private Path object;

    @BeforeEach
    void assembleDemo() {
        object = dir.resolve("drop_telnet.o");
        Run run = ebpf4j("asm", DEMO_DIR.resolve("drop_telnet.s").toString(), "-o", object.toString());
        assertEquals(0, run.exitCode(), run.err());
    }

    private static String frame(int port) {
        return DEMO_DIR.resolve("syn-to-port-" + port + ".bin").toString();
    }

    @Test
    void runsAProgramOfAnObjectOnAFrame() {
        Run telnet = ebpf4j("run", object + ":drop_telnet", "--data", frame(23), "--repeat", "1000");
        assertEquals(0, telnet.exitCode(), telnet.err());
        assertTrue(telnet.out().matches("retval=1 duration_ns=\\d+\\R"), telnet.out());
        Run web = ebpf4j("run", object + ":drop_telnet", "--data", frame(80));
        assertTrue(web.out().startsWith("retval=2 "), web.out());
    }

    @Test
    void pinsLikeBpftoolLoadallAndRunsThePinnedProgram() throws Exception {
        try (PrivateBpffs bpffs = PrivateBpffs.mount()) {
            Path pins = bpffs.dir().resolve("demo");
            Run load = ebpf4j("load", object.toString(), "--pin", pins.toString());
            assertEquals(0, load.exitCode(), load.err());
            assertTrue(load.out().contains("program drop_telnet: id "), load.out());
            Path pinned = pins.resolve("drop_telnet");
            assertTrue(Files.exists(pinned), "the program is pinned as DIR/<name>");
            Run run = ebpf4j("run", pinned.toString(), "--data", frame(23));
            assertTrue(run.out().startsWith("retval=1 "), run.out() + run.err());
        }
    }

    @Test
    void aPinDirectoryOffBpffsIsNamedAsTheCauseAndNothingIsCreated() {
        Path pins = dir.resolve("pins").resolve("demo");
        // Not "EPERM ... run as root", which is what the kernel's refusal to pin off bpffs reads as.
        assertOneLineError(ebpf4j("load", object.toString(), "--pin", pins.toString()),
                pins + ": not on a bpf file system (it is on ", "pins can only live on bpffs", "/sys/fs/bpf");
        // where a bpffs is mounted the message names it, elsewhere it says how to mount one
        assertFalse(Files.exists(dir.resolve("pins")), "no directory may be left behind");
    }

    @Test
    void runningAPinnedMapSaysItIsAMap() throws Exception {
        try (PrivateBpffs bpffs = PrivateBpffs.mount();
             MapHandle map = MapHandle.create(MapSpec.of(MapType.ARRAY, 4, 8, 1))) {
            Path pinned = bpffs.dir().resolve("counts");
            map.pin(pinned);
            assertOneLineError(ebpf4j("run", pinned.toString(), "--data", frame(23)),
                    pinned + ": not a pinned program (it is a pinned map)");
        }
    }

    @Test
    void runningAnObjectWithoutAProgramNameAsksForObjColonName() {
        assertOneLineError(ebpf4j("run", object.toString(), "--data", frame(23)),
                object + ": an object file, not a pinned program", "write " + object + ":drop_telnet");
    }

    @Test
    void namesAMissingProgramAndItsAlternatives() {
        assertOneLineError(ebpf4j("run", object + ":nope", "--data", frame(23)), "no program named nope", "drop_telnet");
    }

    @Test
    void loadAndRunNameAnObjectWithoutALicense() {
        Path unlicensed = dir.resolve("unlicensed.o");
        Run asm = ebpf4j("asm", DEMO_DIR.resolve("drop_telnet.s").toString(), "--license", "", "-o", unlicensed.toString());
        assertEquals(0, asm.exitCode(), asm.err());
        assertOneLineError(ebpf4j("load", unlicensed.toString()), "unlicensed.o: ", "no license section", "--license");
        assertOneLineError(ebpf4j("run", unlicensed + ":drop_telnet", "--data", frame(23)), "unlicensed.o: ",
                "no license section");
    }

    @Test
    void aVerifierRefusalNamesTheProblem() throws IOException {
        Path source = dir.resolve("unchecked.s");
        // Reads the packet without the bounds check the verifier demands.
        Files.writeString(source, ".section xdp\nunchecked:\n r2 = *(u32 *)(r1 + 0)\n r0 = *(u8 *)(r2 + 0)\n exit\n");
        Path unchecked = dir.resolve("unchecked.o");
        assertEquals(0, ebpf4j("asm", source.toString(), "-o", unchecked.toString()).exitCode());
        Run load = ebpf4j("load", unchecked.toString());
        assertEquals(1, load.exitCode());
        String first = load.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("ebpf4j: ") && first.contains("unchecked") && first.contains("outside of the packet at instruction 1"), load.err());
    }
}
