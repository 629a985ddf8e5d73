package dev.ebpf4j.program;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An XDP entry point: {@code static XdpAction name(XdpContext ctx)}. It runs for every frame a
 * network device receives, before the kernel allocates a socket buffer; its section is {@code xdp}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Xdp {
}
