package dev.ebpf4j.tcpinspect.source;

import java.util.OptionalInt;

/**
 * A firewall rule's match: a prefix and, optionally, one destination port, written
 * {@code CIDR[:PORT]}: {@code 10.0.0.0/8}, {@code 0.0.0.0/0:23}, {@code 2001:db8::/32:443} (the port
 * follows the prefix length, so IPv6 needs no brackets).
 */
public record FirewallRule(Cidr prefix, OptionalInt port) {
    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static FirewallRule parse(String text) {
        int slash = text.indexOf('/');
        int colon = slash < 0 ? -1 : text.indexOf(':', slash);
        if (colon < 0) {
            return new FirewallRule(Cidr.parse(text), OptionalInt.empty());
        }
        Cidr prefix = Cidr.parse(text.substring(0, colon));
        String portText = text.substring(colon + 1);
        int port = portText.matches("\\d{1,5}") ? Integer.parseInt(portText) : -1;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "' is not CIDR[:PORT]: the port '" + portText + "' is not a number from 1 to 65535");
        }
        return new FirewallRule(prefix, OptionalInt.of(port));
    }

    /** Matches every address: the prefix is {@code /0}. */
    public boolean anyAddress() {
        return prefix.length() == 0;
    }

    @Override
    public String toString() {
        return prefix + (port.isPresent() ? ":" + port.getAsInt() : "");
    }
}
