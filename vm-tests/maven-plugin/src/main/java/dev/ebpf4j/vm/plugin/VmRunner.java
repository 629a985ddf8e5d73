package dev.ebpf4j.vm.plugin;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Runs {@code vm-tests/run} — the runner ebpf4j's own kernel suites use, carried in the
 * {@code ebpf4j-vm-tests} jar with the guest's init — on a project's tests: unpacks both beside the
 * project's build output, then runs the runner with the project's class path, as a child process
 * whose output is the build's. The runner prints one line per kernel and exits non-zero if any
 * kernel failed, panicked, hung or reported nothing.
 */
final class VmRunner {
    private static final String PACKAGED = "dev/ebpf4j/vm/";

    /** What to run where. */
    record Request(Path javaHome, String classPath, List<Path> testClassDirectories, Path workingDirectory, List<String> kernels,
                   String tags, String accel, Path cache, Path work, long guestLimitSeconds) {}

    private VmRunner() {}

    /** Unpacks the runner from {@code vmTestsJar} into {@code request.work()} and runs it; returns its exit status. */
    static int run(File vmTestsJar, Request request) throws IOException, InterruptedException {
        Path runner = unpack(vmTestsJar, request.work().resolve("runner"));
        ProcessBuilder builder = new ProcessBuilder(command(runner, request)).inheritIO();
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", request.javaHome().toString());
        env.put("EBPF4J_VM_CACHE", request.cache().toString());
        env.put("EBPF4J_VM_WORK", request.work().resolve("guests").toString());
        env.put("EBPF4J_VM_LIMIT", Long.toString(request.guestLimitSeconds()));
        Process process = builder.start();
        try {
            return process.waitFor();
        } finally {
            process.destroy();
        }
    }

    /** The runner's command line for {@code request}. */
    static List<String> command(Path runner, Request request) {
        List<String> command = new ArrayList<>(List.of("bash", runner.toString(),
                "--classpath", request.classPath(), "--workdir", request.workingDirectory().toString(),
                "--tag", request.tags(), "--accel", request.accel()));
        for (Path dir : request.testClassDirectories()) {
            command.add("--scan");
            command.add(dir.toString());
        }
        command.addAll(request.kernels());
        return command;
    }

    /** Copies {@code run} and {@code guest/init} out of the jar into {@code into}; returns the runner's path. */
    static Path unpack(File vmTestsJar, Path into) throws IOException {
        try (JarFile jar = new JarFile(vmTestsJar)) {
            for (String name : List.of("run", "guest/init")) {
                ZipEntry entry = jar.getEntry(PACKAGED + name);
                if (entry == null) {
                    throw new IOException(vmTestsJar + " has no " + PACKAGED + name + ": not an ebpf4j-vm-tests jar of this version");
                }
                Path target = into.resolve(name);
                Files.createDirectories(target.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().setExecutable(true);
            }
        }
        return into.resolve("run");
    }
}
