package dev.ebpf4j.maps.typed;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The element count of a fixed-size array component in a record laid out as a C struct:
 * {@code record Flow(@Size(16) byte[] addr, int port) {}} is {@code struct { __u8 addr[16]; __u32 port; }}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Size {
    int value();
}
