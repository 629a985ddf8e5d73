package dev.ebpf4j.program;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Copies the body of a static method of a program class into every caller, as the processor does
 * by default for small methods and methods called once: the caller's constants and checked views
 * flow into the copy, which usually folds to less code than a call would cost. Use it where the
 * processor would otherwise compile the method as a real function ({@link NoInline}).
 *
 * <pre>{@code
 * @Inline
 * static boolean isWeb(int port) { return port == 80 || port == 443 || port == 8080; }
 * }</pre>
 *
 * <p>On the JVM this annotation changes nothing.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Inline {
}
