package dev.ebpf4j.program;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A traffic-control (classifier, direct action) entry point: {@code static TcAction name(TcContext
 * ctx)}. Its section is {@code tc}; the direction says where it is meant to be attached.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Tc {
    /** Where the program is attached: the ingress or the egress hook of a device. */
    Direction value() default Direction.INGRESS;

    /** The two tc hooks of a network device. */
    enum Direction { INGRESS, EGRESS }
}
