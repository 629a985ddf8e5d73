package dev.ebpf4j.tcpinspect.source;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Writes the suite's addresses the way people and tools write them: the programs keep every
 * address as 128 bits in two longs, an IPv4 address IPv4-mapped ({@code ::ffff:a.b.c.d}), so that
 * one key serves both families.
 */
public final class Addresses {
    private static final long IPV4_MAPPED = 0x0000_FFFF_0000_0000L;

    private Addresses() {
    }

    /** {@code 10.199.0.1} for an IPv4-mapped address, {@code fd00:199::1} for IPv6. */
    public static String of(long high, long low) {
        if (isIpv4Mapped(high, low)) {
            return ipv4((int) low);
        }
        byte[] bytes = ByteBuffer.allocate(16).putLong(high).putLong(low).array();
        return new Cidr(bytes, 128).toString().replace("/128", "");
    }

    /** Whether the 128 bits hold an IPv4-mapped address ({@code ::ffff:a.b.c.d}). */
    public static boolean isIpv4Mapped(long high, long low) {
        return high == 0 && (low & 0xFFFF_FFFF_0000_0000L) == IPV4_MAPPED;
    }

    /** {@code 10.199.0.1} for the address as a big-endian int. */
    public static String ipv4(int address) {
        try {
            return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(address).array()).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
