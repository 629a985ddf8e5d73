package dev.ebpf4j.junit;

import dev.ebpf4j.types.ProgramType;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs the kernel: it runs where this process may use {@code bpf()}, and is skipped,
 * with the kernel's reason printed, where {@code bpf()} is refused (an unprivileged container, a
 * process without {@code CAP_BPF}). With {@code -Debpf4j.requireKernel=true} (a CI that must not
 * turn green on skipped kernel tests) the refusal fails the test instead. Tagged {@code kernel} for
 * both engines, so {@code -Dgroups=kernel} or {@code --include-tag kernel} selects it.
 *
 * <p>It does not make a method a test: put it beside {@code @Test} or {@code @Property}, or on the
 * class. It also resolves generated skeletons as parameters, loaded and closed for the test (see
 * {@link SkeletonParameters}) or for the property (see {@link KernelPropertyHook}), and empties the
 * program's JVM maps before each test or try.
 *
 * <pre>{@code
 * @Test
 * @KernelTest
 * void dropsBlockedPorts(PortFilterSkeleton filter) {         // loaded for this test, closed after
 *     filter.blockedPorts().put(23, (byte) 1);
 *     assertEquals(1, filter.filter().testRun(FrameBuilder.tcp(40000, 23).build(), 1).retval());
 * }
 *
 * @Property
 * @KernelTest(programTypes = ProgramType.XDP)                 // skipped too where XDP is refused
 * void agrees(@ForAll("frames") FrameSpec frame, PortFilterSkeleton filter) { ... }   // loaded once for the property
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Tag("kernel")
@net.jqwik.api.Tag("kernel")
@ExtendWith({KernelCondition.class, SkeletonParameters.class})
@AddLifecycleHook(KernelPropertyHook.class)
public @interface KernelTest {
    /** The system property that turns a refusal into a failure: {@code -Debpf4j.requireKernel=true}. */
    String REQUIRE_KERNEL = "ebpf4j.requireKernel";

    /**
     * Program types the test loads beyond what {@code bpf()} itself allows: the test is skipped (or
     * fails, when required) with the probe's reason where the kernel lacks one or refuses it to this
     * process.
     */
    ProgramType[] programTypes() default {};
}
