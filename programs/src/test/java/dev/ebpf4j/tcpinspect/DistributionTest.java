package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonObject;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.TcpTraffic;
import dev.ebpf4j.testing.VethPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution that programs/deploy/build-dist assembles (what {@code mvn package} leaves in
 * target/tcpinspect and the image copies), built into a directory of the test's own and then
 * moved elsewhere: it runs there on its jlinked runtime with no JDK in sight; the Containerfile
 * copies it and enters by its bin/tcpinspect; and on a veth in namespaces of the test's own it
 * counts real connections, in JSON and in /metrics, holding exactly the capabilities the
 * DaemonSet grants, while without any one of them it refuses and attaches nothing.
 */
@Tag("slow")
class DistributionTest {
    private static final int CONNECTIONS = 3;
    private static final Path DEFAULT_OUTPUT = Path.of("target", "tcpinspect");

    @TempDir
    static Path temp;
    private static Path dist;

    private VethPair veth;
    private Process running;

    @BeforeAll
    static void buildItThenMoveIt() throws Exception {
        Path built = temp.resolve("built").resolve("tcpinspect");
        long start = System.nanoTime();
        Result build = run(List.of(Path.of("deploy", "build-dist").toAbsolutePath().toString(), built.toString()), 600);
        assertEquals(0, build.exitCode(), "build-dist: " + build.err());
        System.out.printf("distribution: built in %.1f s; %s%n", (System.nanoTime() - start) / 1e9, build.out().strip());
        dist = temp.resolve("elsewhere").resolve("tcpinspect");
        Files.createDirectories(dist.getParent());
        assertEquals(0, run(List.of("cp", "-a", built.toString(), dist.toString()), 60).exitCode());
        assertEquals(0, run(List.of("rm", "-rf", built.getParent().toString()), 60).exitCode());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (running != null && running.isAlive()) {
            running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (veth != null) {
            veth.close();
        }
    }

    @Test
    void runsFromItsCopyOnTheJlinkedRuntimeWithNoJdkInSight() throws Exception {
        assertFalse(Files.exists(dist.resolve("runtime/bin/javac")), "a runtime, not a JDK");
        Result modules = run(List.of(dist.resolve("runtime/bin/java").toString(), "--list-modules"), 60);
        assertEquals(List.of("java.base", "java.logging", "jdk.httpserver", "jdk.unsupported"),
                modules.out().lines().map(l -> l.replaceAll("@.*", "")).sorted().toList());

        ProcessBuilder help = new ProcessBuilder(dist.resolve("bin/tcpinspect").toString(), "--help");
        help.environment().put("JAVA_HOME", "/nonexistent");
        help.environment().put("PATH", "/usr/bin:/bin");
        help.directory(temp.toFile());
        ToolRuns.Result result = ToolRuns.finish(help.start());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("Usage: tcpinspect"), result.out());
        assertTrue(result.out().contains("watch"), result.out());
    }

    @Test
    void findJavaTakesARuntimeWithoutJavacOnlyWhenTheLauncherAsksForARuntime() throws Exception {
        // what a distribution whose runtime/ was removed does, and what bin/mvn still does
        Path runtime = dist.resolve("runtime");
        String script = "source " + dist.resolve("bin/find-java") + " && echo \"$JAVA_HOME\"";
        assertEquals(runtime.toString(), javaHomeFound("ebpf4j_java_tool=java; " + script, runtime).strip());
        String jdk = javaHomeFound(script, runtime).strip();
        assertNotEquals(runtime.toString(), jdk, "a JDK is still required by default");
        assertTrue(Files.isExecutable(Path.of(jdk, "bin", "javac")), jdk);
    }

    private static String javaHomeFound(String script, Path javaHome) throws Exception {
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script);
        bash.environment().put("JAVA_HOME", javaHome.toString());
        ToolRuns.Result result = ToolRuns.finish(bash.start());
        assertEquals(0, result.exitCode(), result.err());
        return result.out();
    }

    @Test
    void buildDistRefusesToReplaceADirectoryThatIsNotADistribution() throws Exception {
        Path precious = Files.createDirectories(temp.resolve("precious"));
        Files.writeString(precious.resolve("notes.txt"), "keep me");
        Result refused = run(List.of(Path.of("deploy", "build-dist").toAbsolutePath().toString(), precious.toString()), 60);
        assertEquals(1, refused.exitCode(), refused.err());
        assertEquals(List.of("build-dist: " + precious + " exists and is not a tcpinspect distribution; remove it or name another directory"),
                refused.err().lines().toList());
        assertEquals("keep me", Files.readString(precious.resolve("notes.txt")));
    }

    @Test
    void theContainerfileCopiesTheDistributionAndEntersByTheLauncherTheTestsRun() throws Exception {
        Containerfile containerfile = Containerfile.read();
        assertTrue(containerfile.from().matches("debian:[a-z]+-slim"), "a small Debian base: " + containerfile.from());
        assertEquals(1, containerfile.entrypoint().size(), "the launcher alone; CMD or the pod's args follow it");
        Path context = Path.of("").toAbsolutePath(); // programs/, the build context of the Containerfile
        Path source = containerfile.sourceOf(containerfile.entrypoint().getFirst(), context);
        Path distributionRoot = context.resolve(DEFAULT_OUTPUT);
        assertTrue(source.startsWith(distributionRoot), "the entry point comes from build-dist's output " + distributionRoot + ": " + source);
        Path inDistribution = dist.resolve(distributionRoot.relativize(source));
        assertTrue(Files.isExecutable(inDistribution), "the distribution has " + distributionRoot.relativize(source));
        assertArrayEquals(Files.readAllBytes(ToolRuns.launcher()), Files.readAllBytes(inDistribution),
                "the image's entry point is bin/tcpinspect itself");
        for (Containerfile.Copy copy : containerfile.copies()) {
            for (String from : copy.sources()) {
                assertTrue(context.resolve(from).normalize().startsWith(distributionRoot),
                        "the image gets the distribution and nothing else from the build context: " + from);
            }
        }
    }

    @Test
    @RequiresBpf
    void withExactlyTheDaemonSetsCapabilitiesItCountsRealConnectionsInJsonAndMetrics() throws Exception {
        DaemonSetManifest manifest = DaemonSetManifest.read();
        List<String> capabilities = manifest.addedCapabilities();
        List<String> command = manifest.command();
        String port = command.get(command.indexOf("--prometheus") + 1);
        veth = VethPair.create();
        NetworkNamespace inner = new NetworkNamespace(veth.innerNamespace());
        NetworkNamespace outer = new NetworkNamespace(veth.outerNamespace());
        NetworkDevice device = NetworkDevice.named(veth.inner(), inner);

        long start = System.nanoTime();
        running = withOnly(capabilities, "watch", veth.inner(), "--json", "--duration", "4", "--prometheus", port).start();
        ToolRuns.awaitTc(device, 6, 30_000);   // watch: TrafficCounters, FlowTracker, ConnectionEvents, each way
        double attachSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(mask(capabilities), effectiveCapabilities(running.pid()), "the tool ran with these capabilities and no others");
        assertEquals(dist.resolve("runtime/bin/java"), Files.readSymbolicLink(Path.of("/proc", Long.toString(running.pid()), "exe")),
                "the JVM is the distribution's jlinked runtime");

        TcpTraffic.exchange(VethPair.INNER_ADDRESS, CONNECTIONS, inner::call, outer::call);
        Result scrape = run(List.of("ip", "netns", "exec", inner.name(), "curl", "-sS", "--max-time", "5",
                "http://127.0.0.1:" + port + "/metrics"), 30);
        assertEquals(0, scrape.exitCode(), scrape.err());
        long rssKib = residentKib(running.pid());
        double syn = MetricsScrape.parse(scrape.out()).stream()
                .filter(s -> s.name().equals("tcpinspect_tcp_packets_total") && "syn".equals(s.labels().get("flags")))
                .mapToDouble(MetricsScrape.Sample::value).sum();
        assertEquals(CONNECTIONS, syn, "/metrics: one SYN per connection");

        ToolRuns.Result result = ToolRuns.finish(running);
        assertEquals(0, result.exitCode(), result.err());
        JsonObject last = result.json().getLast();
        assertTrue(last.get("final").getAsBoolean(), last.toString());
        JsonObject counters = last.getAsJsonArray("interfaces").get(0).getAsJsonObject();
        assertEquals(CONNECTIONS, counters.getAsJsonObject("packets").get("syn").getAsLong(), "JSON: one SYN per connection");
        ToolRuns.awaitTc(device, 0, 2_000);
        System.out.printf("distribution: attached %.2f s after start; resident %d MiB while serving /metrics%n", attachSeconds, rssKib / 1024);
    }

    @Test
    @RequiresBpf
    void withoutAnyOneOfThemItRefusesAndAttachesNothing() throws Exception {
        List<String> capabilities = DaemonSetManifest.read().addedCapabilities();
        veth = VethPair.create();
        NetworkDevice device = NetworkDevice.named(veth.inner(), new NetworkNamespace(veth.innerNamespace()));
        for (String dropped : capabilities) {
            List<String> fewer = new ArrayList<>(capabilities);
            fewer.remove(dropped);
            ToolRuns.Result result = ToolRuns.finish(withOnly(fewer, "watch", veth.inner(), "--json", "--duration", "1").start());
            assertEquals(ExitCode.NOT_PERMITTED, result.exitCode(), "without " + dropped + ": " + result.err());
            assertTrue(result.err().startsWith("tcpinspect: "), "without " + dropped + ", one line saying why: " + result.err());
            assertTrue(result.err().contains("needs CAP_" + dropped + ";"), "without " + dropped + ", it names it: " + result.err());
            String why = result.err().lines().findFirst().orElseThrow();
            System.out.println("distribution without CAP_" + dropped + ": exit " + result.exitCode() + ": " + why.substring(0, Math.min(160, why.length())));
            ToolRuns.awaitXdp(device, 0, 0);
            ToolRuns.awaitTc(device, 0, 0);
        }
    }

    /** The distribution's launcher in the inner namespace, as root holding only {@code capabilities}. */
    private ProcessBuilder withOnly(List<String> capabilities, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", veth.innerNamespace(), "setpriv",
                "--bounding-set", "-all" + capabilities.stream().map(c -> ",+" + c.toLowerCase(Locale.ROOT)).reduce("", String::concat),
                "--", dist.resolve("bin/tcpinspect").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static long mask(List<String> capabilities) {
        long mask = 0;
        for (String capability : capabilities) {
            mask |= 1L << switch (capability) {
                case "NET_ADMIN" -> 12;
                case "SYS_RESOURCE" -> 24;
                case "PERFMON" -> 38;
                case "BPF" -> 39;
                default -> throw new AssertionError("a capability this test does not know: " + capability);
            };
        }
        return mask;
    }

    private static long effectiveCapabilities(long pid) throws IOException {
        return Long.parseUnsignedLong(statusField(pid, "CapEff:"), 16);
    }

    private static long residentKib(long pid) throws IOException {
        return Long.parseLong(statusField(pid, "VmRSS:").replace("kB", "").strip());
    }

    private static String statusField(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(l -> l.startsWith(field))
                .map(l -> l.substring(field.length()).strip()).findFirst().orElseThrow();
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result run(List<String> command, int seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).start();
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + seconds + " s");
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
