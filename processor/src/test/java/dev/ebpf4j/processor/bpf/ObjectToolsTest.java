package dev.ebpf4j.processor.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our objects read by LLVM's tools and loaded by libbpf (bpftool), with the Java lines in the line info. */
class ObjectToolsTest {
    @TempDir
    Path dir;

    @Test
    void llvmObjdumpDisassemblesEveryFunction() throws Exception {
        ExternalTool objdump = ExternalTool.find("llvm-objdump-19").orElse(null);
        if (objdump == null) {
            System.out.println("skipped: llvm-objdump-19 is not on the PATH");
            org.junit.jupiter.api.Assumptions.abort("llvm-objdump-19 missing");
        }
        Path object = dir.resolve("PortFilter.bpf.o");
        Files.write(object, BpfCompiler.write(Examples.portFilter()));
        ExternalTool.Result run = objdump.run("-d", object.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("<filter>:"), run.stdout());
        assertTrue(run.stdout().contains("call 0x1"), "the lookup of containsKey");
        assertTrue(run.stdout().contains("lock *(u64 *)(r0 + 0x0) += r1"), "the shared counter's atomic add");
        assertTrue(!run.stdout().contains("<unknown>"), run.stdout());
    }

    @Test
    @RequiresBpf
    void bpftoolLoadsAllProgramsAndShowsTheJavaLines() throws Exception {
        ExternalTool bpftool = ExternalTool.require("bpftool");
        Path object = dir.resolve("TcpFlagCounter.bpf.o");
        Files.write(object, BpfCompiler.write(Examples.flagCounter()));
        try (PrivateBpffs bpffs = PrivateBpffs.mount()) {
            Path pins = bpffs.dir().resolve("counter");
            ExternalTool.Result load = bpftool.run("prog", "loadall", object.toString(), pins.toString());
            assertEquals(0, load.exitCode(), load.stderr());
            ExternalTool.Result dump = bpftool.run("prog", "dump", "xlated", "pinned", pins.resolve("count").toString(), "linum");
            assertEquals(0, dump.exitCode(), dump.stderr());
            assertTrue(dump.stdout().contains("file:" + Ir.FILE), dump.stdout());
            assertTrue(dump.stdout().contains("statement on line"), "the Java line's text: " + dump.stdout());
        }
    }
}
