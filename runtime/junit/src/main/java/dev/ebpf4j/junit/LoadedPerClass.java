package dev.ebpf4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Skeleton parameters load once for the test class and close after its last test, instead of once
 * per test: on a parameter, for that skeleton; on the class, for all of them. The kernel maps then
 * keep what earlier tests put in them; the JVM side's maps are still emptied before each test.
 *
 * <pre>{@code
 * @KernelTest
 * @LoadedPerClass                 // the verifier runs once for the class, not once per test
 * class PortFilterKernelTest {
 *     @Test void one(PortFilterSkeleton filter) { ... }
 *     @Test void two(PortFilterSkeleton filter) { ... }   // the same loaded object as in one()
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.TYPE})
public @interface LoadedPerClass {}
