package dev.ebpf4j.vm.plugin;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * {@code mvn ebpf4j:vm-test -Debpf4j.kernels=5.10,6.12}: compiles the project's tests, then runs its
 * kernel tests (JUnit tag {@code kernel} by default) inside QEMU VMs, one per kernel named: Debian's
 * 5.10 (bullseye), 6.1 (bookworm) and 6.12 (trixie), downloaded from the machine's configured Debian
 * mirror and cached between runs, or a kernel package or image file of the user's. Prints one line a
 * kernel ({@code kernel 6.1.0-56-amd64: 12 passed, 0 failed, 1 skipped (95 s)}) and fails the build
 * if any kernel failed, panicked, hung or reported no results. Needs root (the guests run the tests
 * as root), QEMU, and a Debian-based host; without KVM it emulates (about 30 s a boot).
 */
@Mojo(name = "vm-test", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
@Execute(phase = LifecyclePhase.TEST_COMPILE)
public final class VmTestMojo extends AbstractMojo {
    /**
     * The kernels, comma-separated: {@code 5.10}, {@code 6.1}, {@code 6.12} (or their Debian suites), or
     * paths of kernel files (a {@code linux-image-*.deb}, or an image with virtio, 9p and veth built in).
     */
    @Parameter(property = "ebpf4j.kernels", defaultValue = "5.10,6.1,6.12")
    String kernels;

    /** The JUnit tag expression selecting the tests that run in the VMs. */
    @Parameter(property = "ebpf4j.vm.tags", defaultValue = "kernel")
    String tags;

    /** {@code kvm}, {@code tcg} (software emulation) or {@code auto} (a short probe of KVM). */
    @Parameter(property = "ebpf4j.vm.accel", defaultValue = "auto")
    String accel;

    /** Where kernel packages are kept between runs. */
    @Parameter(property = "ebpf4j.vm.cache", defaultValue = "${user.home}/.cache/ebpf4j/vm")
    File cache;

    /** Seconds one guest may take, boot and tests, before it counts as hung. */
    @Parameter(property = "ebpf4j.vm.limit", defaultValue = "1800")
    long limit;

    /** Skips the goal. */
    @Parameter(property = "ebpf4j.vm.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
    List<Artifact> pluginArtifacts;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("ebpf4j:vm-test skipped (ebpf4j.vm.skip)");
            return;
        }
        Path testClasses = Path.of(project.getBuild().getTestOutputDirectory());
        if (!Files.isDirectory(testClasses)) {
            getLog().info("ebpf4j:vm-test: no test classes in " + testClasses + ", nothing to run");
            return;
        }
        List<GuestClassPath.Entry> plugin = entries(pluginArtifacts);
        File vmTests = GuestClassPath.fileOf(plugin, "dev.ebpf4j", "ebpf4j-vm-tests").orElseThrow(
                () -> new MojoExecutionException("the plugin's dependency dev.ebpf4j:ebpf4j-vm-tests is missing"));
        String classPath;
        try {
            classPath = GuestClassPath.of(project.getTestClasspathElements(), entries(project.getArtifacts()), plugin);
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("the project's test class path is not resolved: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage());
        }
        Path work = Path.of(project.getBuild().getDirectory(), "ebpf4j-vm");
        VmRunner.Request request = new VmRunner.Request(Path.of(System.getProperty("java.home")), classPath,
                List.of(testClasses), project.getBasedir().toPath(), kernelList(), tags, accel, cache.toPath(), work, limit);
        int status;
        try {
            status = VmRunner.run(vmTests, request);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot run the VM runner: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted while the VMs ran", e);
        }
        if (status == 2) {
            throw new MojoFailureException("ebpf4j:vm-test: the runner refused its arguments (its message is above)");
        }
        if (status != 0) {
            throw new MojoFailureException("ebpf4j:vm-test: kernel tests failed in a VM (the lines above say which kernel and test;"
                    + " consoles under " + work.resolve("guests") + ")");
        }
    }

    /** The kernels named, files resolved against the project's directory. */
    List<String> kernelList() throws MojoFailureException {
        List<String> list = new ArrayList<>();
        for (String k : Arrays.stream(kernels.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            Path file = project.getBasedir().toPath().resolve(k);
            list.add(k.contains("/") || Files.isRegularFile(file) ? file.toString() : k);
        }
        if (list.isEmpty()) {
            throw new MojoFailureException("ebpf4j.kernels names no kernel: give e.g. -Debpf4j.kernels=5.10,6.12");
        }
        return list;
    }

    private static List<GuestClassPath.Entry> entries(Iterable<Artifact> artifacts) {
        List<GuestClassPath.Entry> list = new ArrayList<>();
        for (Artifact a : artifacts) {
            list.add(new GuestClassPath.Entry(a.getGroupId(), a.getArtifactId(), a.getVersion(), a.getFile()));
        }
        return list;
    }
}
