package dev.ebpf4j.program.maps;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The element count of a fixed-size array component in a record laid out as a C struct (a map
 * key, map value or ring buffer event): {@code record Flow(@Size(16) byte[] addr, int port) {}} is
 * {@code struct Flow { __u8 addr[16]; __s32 port; }}. Elements may be byte, boolean, short, char,
 * int or long.
 *
 * <p>Maps copy the array with the record, as the kernel copies keys and values: an array of
 * another length is refused when the record is stored.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Size {
    /** The number of elements, positive. */
    int value();
}
