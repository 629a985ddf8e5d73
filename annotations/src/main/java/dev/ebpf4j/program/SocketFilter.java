package dev.ebpf4j.program;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A socket filter entry point: {@code static int name(SocketContext ctx)} returning how many bytes
 * of the packet to keep (0 drops it). Its section is {@code socket}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface SocketFilter {
}
