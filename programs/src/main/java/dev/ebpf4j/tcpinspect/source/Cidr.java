package dev.ebpf4j.tcpinspect.source;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 prefix, {@code 10.0.0.0/8} or {@code 2001:db8::/32}. Parsing accepts literal
 * addresses only (never a host name, which would mean a DNS lookup) and refuses host bits set
 * beyond the prefix, which usually mean a typo.
 *
 * @param address the network address, 4 or 16 bytes
 * @param length the prefix length
 */
public record Cidr(byte[] address, int length) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public Cidr {
        address = address.clone();
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR prefix: no '/LENGTH' (write 10.0.0.0/8 or 2001:db8::/32)");
        }
        String host = text.substring(0, slash);
        String lengthText = text.substring(slash + 1);
        boolean v4 = IPV4.matcher(host).matches();
        if (!v4 && !IPV6.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR prefix: '" + host + "' is not an IPv4 or IPv6 address");
        }
        byte[] bytes;
        try {
            if (v4) {
                for (String part : host.split("\\.")) {
                    if (Integer.parseInt(part) > 255) {
                        throw new IllegalArgumentException("'" + text + "' is not a CIDR prefix: " + part + " is more than 255");
                    }
                }
            }
            bytes = InetAddress.getByName(host).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR prefix: '" + host + "' is not an IPv4 or IPv6 address");
        }
        if (!v4 && bytes.length == 4) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR prefix: write IPv4-mapped addresses as IPv4");
        }
        int max = bytes.length * 8;
        int length;
        try {
            length = Integer.parseInt(lengthText);
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0 || length > max || !lengthText.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR prefix: the length '" + lengthText
                    + "' is not a number from 0 to " + max);
        }
        for (int bit = length; bit < max; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR prefix: the address has bits set past /" + length
                        + " (the network is " + new Cidr(mask(bytes, length), length) + ")");
            }
        }
        return new Cidr(bytes, length);
    }

    private static byte[] mask(byte[] bytes, int length) {
        byte[] masked = bytes.clone();
        for (int bit = length; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    public boolean isIpv6() {
        return address.length == 16;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.length == length && java.util.Arrays.equals(c.address, address);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(address) * 31 + length;
    }

    @Override
    public String toString() {
        try {
            String host = InetAddress.getByAddress(address).getHostAddress();
            if (isIpv6()) {
                host = compress(host);
            }
            return host + "/" + length;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Java writes IPv6 in full (0:0:0:0:0:0:0:0); people and tools write the shortest form (::). */
    private static String compress(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) j++;
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
