package dev.ebpf4j.program;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static field of a program class as <b>shared state</b>: a global variable that every
 * run of the program, on every CPU, and user space read and write. It lives in {@code .data}
 * (a non-zero initial value) or {@code .bss} (zero), which the loader maps into the process, so
 * the skeleton reads and writes it as plain memory, without a system call.
 *
 * <p>Two forms, and the type says which updates are atomic:
 * <ul>
 *   <li>{@code @Shared static final AtomicLong packets = new AtomicLong();} (or
 *       {@code AtomicInteger}, with an optional constant initial value): a counter the program
 *       updates atomically across CPUs. {@code incrementAndGet()}, {@code decrementAndGet()},
 *       {@code addAndGet(d)}, {@code getAndIncrement()}, {@code getAndDecrement()},
 *       {@code getAndAdd(d)} become one atomic add ({@code lock xadd}; the forms whose result
 *       is used fetch the old value, which needs kernel 5.12), {@code get()} a load and
 *       {@code set(v)} a store. On the JVM these are the JDK's own atomics, with the same semantics.
 *   <li>{@code @Shared static long lastSeen;} (a primitive, with an optional constant
 *       initialiser): plain loads and stores, as in Java, so {@code lastSeen = now;} and
 *       {@code if (enabled)} read and write it; {@code counter += 1} on such a field is a read and
 *       a write, not atomic, as in Java. Use it for a value one writer sets (a switch user space
 *       flips, the last time seen), and an atomic for a counter.
 * </ul>
 *
 * <pre>{@code
 * @Shared static final AtomicLong dropped = new AtomicLong();
 * @Shared static boolean enforcing = true;
 *
 * if (!enforcing) return XdpAction.PASS;
 * dropped.incrementAndGet();
 *
 * long n = skeleton.dropped();           // read through the mapping
 * skeleton.enforcing(false);             // the program sees it on its next run
 * }</pre>
 *
 * <p>{@link dev.ebpf4j.program.maps.InMemoryMaps#clear(Class)} puts shared fields back to the values they had
 * when the class was first cleared.
 *
 * @see Config configuration set before load
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Shared {
}
