package dev.ebpf4j.program;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Compiles a static method of a program class as a <b>real eBPF function</b> (a bpf-to-bpf call,
 * C's {@code static __noinline}) instead of copying its body into every caller: its instructions
 * come once, after the entry point's, and each call site costs the moves of its arguments into
 * r1–r5 and a {@code call}.
 *
 * <pre>{@code
 * @NoInline
 * static int flowHash(int source, int destination, int ports) {   // called from several places
 *     int h = source * 31 + destination;
 *     return h * 31 + ports;
 * }
 * }</pre>
 *
 * <p>Without an annotation the processor decides: a method called from two or more places whose
 * body is large enough (map operations weigh most) and indexes no array (inlined, a caller's
 * constant can prove an index in range) becomes a function, everything else is inlined ({@link Inline} forces
 * inlining). A function takes at most five parameters, each a primitive or the hook's context
 * ({@link XdpContext}, {@link TcContext}), and returns a primitive, a verdict or nothing. A method
 * taking a header view, a record or an array is inlined: the processor refuses this annotation
 * there, with the reason, and suggests passing the context and reading the header inside.
 *
 * <p>The kernel verifies a function at each call with the caller's registers, so the
 * verifier-processed instruction count does not shrink with the code; calls nest at most eight
 * deep and all frames of a call chain share the 512-byte stack (the processor says so at compile
 * time). Any pointer may pass into such a static function since kernel 4.16 (bpf-to-bpf calls);
 * only global functions, verified on their own, are limited to scalars and the context. A
 * program with calls loads with {@code CAP_BPF} or {@code CAP_SYS_ADMIN}, as the kernel requires
 * for bpf-to-bpf calls. On the JVM this annotation changes nothing.
 *
 * @see Inline the opposite choice
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NoInline {
}
