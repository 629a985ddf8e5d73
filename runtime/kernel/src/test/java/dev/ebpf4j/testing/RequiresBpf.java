package dev.ebpf4j.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of this repository that needs {@code bpf()}: tagged {@code kernel} for both engines, and
 * skipped, with the kernel's reason printed, only where {@code bpf()} is refused with EPERM (an
 * unprivileged container); any other failure of the probe fails the test. One annotation instead of
 * a call at the top of every test, which could be forgotten, could come after work that already
 * needs the kernel, and which jqwik takes for a failure in a {@code @BeforeContainer}.
 *
 * <p>On a class, every test of it needs the kernel and the condition holds before {@code @BeforeAll}
 * and {@code @BeforeContainer}; on a method, that test alone. Users of the library have
 * {@code dev.ebpf4j.junit.KernelTest}; the runtime's own tests cannot depend on that module, which
 * depends on the runtime.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("kernel")
@net.jqwik.api.Tag("kernel")
@ExtendWith(RequiresBpfCondition.class)
@AddLifecycleHook(RequiresBpfHook.class)
public @interface RequiresBpf {}
