package dev.ebpf4j.program;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static field of a program class as a <b>load-time constant</b>: configuration that user
 * space sets before the program loads and the program only reads. It becomes C's
 * {@code const volatile} global in {@code .rodata}, which the loader freezes after writing it, so
 * the verifier knows its value and prunes the branches it rules out: a disabled feature costs no
 * instructions.
 *
 * <pre>{@code
 * @Config static int synLimit = 100;          // the default, in the object
 * @Config static boolean dropOverLimit = true;
 *
 * if (syns > synLimit && dropOverLimit) return XdpAction.DROP;   // read as a plain field
 *
 * try (SynGuardSkeleton guard = SynGuardSkeleton.builder().synLimit(20).load()) { ... }
 * }</pre>
 *
 * <p>The field is {@code static}, <em>not</em> {@code final}: javac copies the value of a
 * {@code static final} constant into every place that reads it, so no loader could change it (the
 * processor refuses {@code final} here). Its initialiser is a constant expression of a primitive
 * type ({@code int}, {@code long}, {@code short}, {@code byte}, {@code char}, {@code boolean}); a
 * program cannot assign it. On the JVM it is an ordinary static field: a test configures the
 * program by assigning it ({@code SynGuard.synLimit = 20;}), and
 * {@link dev.ebpf4j.program.maps.InMemoryMaps#clear(Class)} puts back the value it had when the class was
 * first cleared.
 *
 * @see Shared mutable state shared with user space
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Config {
}
