package dev.ebpf4j.inspect;

/**
 * An IPv6 address (or prefix) as two 64-bit halves, most significant first: the key of the suite's
 * IPv6 LPM tries, matched from the top bit of {@code high} as in {@code 2001:db8::/32}.
 *
 * @param high the upper 64 bits
 * @param low  the lower 64 bits
 */
public record Ipv6Address(long high, long low) {
}
