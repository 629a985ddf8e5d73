package dev.ebpf4j.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.inspect.KernelTestJqwikClassSample;
import dev.ebpf4j.inspect.KernelTestJqwikSample;
import dev.ebpf4j.inspect.KernelTestJupiterSample;
import dev.ebpf4j.inspect.KernelTestProgramTypesSample;
import dev.ebpf4j.testing.ChildJvm;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.TestClassPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * {@code @KernelTest} on a Jupiter test and on a jqwik property, run for real: in this process, where
 * bpf() is allowed, they run and pass; in a child JVM without CAP_BPF and CAP_SYS_ADMIN (dropped with
 * {@code setpriv}; this kernel refuses bpf() to such a process when unprivileged BPF is disabled), they
 * are skipped with the kernel's reason, or fail under {@code -Debpf4j.requireKernel=true}.
 */
@KernelTest
@Tag("slow") // child JVMs under setpriv: minutes under the VMs' emulation; the probes they rely on run in every VM
class KernelTestTest {
    private static final List<String> SAMPLES = List.of(KernelTestJupiterSample.class.getName(), KernelTestJqwikSample.class.getName(),
            KernelTestJqwikClassSample.class.getName());

    @Test
    void whereBpfIsAllowedTheTestsRunAndPass() {
        List<LaunchedTests.Outcome> outcomes =
                LaunchedTests.run(KernelTestJupiterSample.class, KernelTestJqwikSample.class, KernelTestJqwikClassSample.class);
        assertEquals(3, outcomes.size(), outcomes::toString);
        for (LaunchedTests.Outcome outcome : outcomes) assertEquals("SUCCESSFUL", outcome.status(), outcome::toString);
    }

    @Test
    void whereBpfIsRefusedTheTestsAreSkippedWithTheReason() throws Exception {
        List<LaunchedTests.Outcome> outcomes = runWithoutBpf(false);
        assertEquals(3, outcomes.size(), outcomes::toString);   // the annotated jqwik class is skipped as a whole
        for (LaunchedTests.Outcome outcome : outcomes) {
            assertEquals("SKIPPED", outcome.status(), outcome::toString);
            assertTrue(outcome.reason().startsWith("skipping kernel test: ") && outcome.reason().contains("EPERM"), outcome::toString);
        }
    }

    @Test
    void whereBpfIsRefusedAndTheKernelIsRequiredTheTestsFail() throws Exception {
        List<LaunchedTests.Outcome> outcomes = runWithoutBpf(true);
        assertEquals(3, outcomes.size(), outcomes::toString);
        for (LaunchedTests.Outcome outcome : outcomes) {
            assertEquals("FAILED", outcome.status(), outcome::toString);
            assertTrue(outcome.reason().contains("kernel test required (-Debpf4j.requireKernel=true)"), outcome::toString);
        }
    }

    @Test
    void aProgramTypeRefusedToTheProcessSkipsTheTestsThatNameItWithTheProbesReason() throws Exception {
        Map<String, LaunchedTests.Outcome> outcomes = LaunchedTests.byName(
                runChild("-net_admin,-sys_admin", false, List.of(KernelTestProgramTypesSample.class.getName())));
        assertEquals(2, outcomes.size(), outcomes::toString);
        LaunchedTests.Outcome xdp = outcomes.get("loadsAnXdpProgram(PortFilterSkeleton)");
        assertEquals("SKIPPED", xdp.status(), outcomes::toString);
        assertTrue(xdp.reason().startsWith("skipping kernel test: XDP programs refused: ") && xdp.reason().contains("CAP_NET_ADMIN"),
                xdp::toString);
        assertEquals("SUCCESSFUL", outcomes.get("createsAHashMap()").status(), outcomes::toString);
    }

    /** The samples in a child JVM whose capabilities lack CAP_BPF and CAP_SYS_ADMIN. */
    private static List<LaunchedTests.Outcome> runWithoutBpf(boolean required) throws Exception {
        String unprivileged = Files.readString(Path.of("/proc/sys/kernel/unprivileged_bpf_disabled")).strip();
        if (unprivileged.equals("0")) {
            // A process without capabilities may still create maps here: dropping them refuses nothing.
            System.out.println("skipping: kernel.unprivileged_bpf_disabled is 0, so bpf() cannot be refused to a child");
            Assumptions.abort("kernel.unprivileged_bpf_disabled is 0");
        }
        return runChild("-bpf,-sys_admin", required, SAMPLES);
    }

    /** {@code classes} run in a child JVM without the capabilities {@code caps} ("-bpf,-sys_admin"). */
    private static List<LaunchedTests.Outcome> runChild(String caps, boolean required, List<String> classes) throws Exception {
        String setpriv = ExternalTool.require("setpriv").executable().toString();
        List<String> command = new ArrayList<>(List.of(setpriv, "--inh-caps=" + caps, "--bounding-set=" + caps, "--"));
        command.addAll(ChildJvm.command(List.of("-D" + KernelTest.REQUIRE_KERNEL + "=" + required,
                        // jqwik keeps its database in the working directory unless told otherwise, and a VM
                        // guest's working directory is read-only: the engine would fail before any test
                        "-Djqwik.database=" + Files.createTempDirectory("ebpf4j-jqwik-").resolve("database")),
                TestClassPath.of(), LaunchedTests.class.getName(), classes));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child did not finish");
        if (out.startsWith("setpriv:")) {
            System.out.println("skipping: cannot drop capabilities: " + out.strip());
            Assumptions.abort("cannot drop capabilities: " + out.strip());
        }
        assertEquals(0, child.exitValue(), out);
        List<LaunchedTests.Outcome> outcomes = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("outcome\t")) outcomes.add(LaunchedTests.Outcome.parse(line.substring("outcome\t".length())));
        }
        System.out.println("child with capabilities " + caps + (required ? ", kernel required:\n" : ":\n") + outcomes);
        return outcomes;
    }
}
