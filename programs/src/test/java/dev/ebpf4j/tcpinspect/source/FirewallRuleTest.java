package dev.ebpf4j.tcpinspect.source;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CIDR[:PORT] as people write it, IPv4 and IPv6, and the one-line complaint for each way to get it wrong. */
class FirewallRuleTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/8|10.0.0.0/8|-1",
            "0.0.0.0/0:23|0.0.0.0/0|23",
            "192.168.1.7/32:65535|192.168.1.7/32|65535",
            "2001:db8::/32|2001:db8::/32|-1",
            "2001:db8::/32:443|2001:db8::/32|443",
            "::/0:22|::/0|22",
            "fe80::1/128|fe80::1/128|-1",
            "2001:DB8:0:0:1:0:0:0/80|2001:db8:0:0:1::/80|-1"})
    void parsesAndWritesBackTheShortestForm(String text, String prefix, int port) {
        FirewallRule rule = FirewallRule.parse(text);
        assertEquals(prefix, rule.prefix().toString());
        assertEquals(port < 0 ? OptionalInt.empty() : OptionalInt.of(port), rule.port());
        assertEquals(FirewallRule.parse(rule.toString()), rule, "what it writes parses back to the same rule");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0|no '/LENGTH'",
            "10.0.0.300/8|300 is more than 255",
            "10.0.0/8|'10.0.0' is not an IPv4 or IPv6 address",
            "example.com/8|'example.com' is not an IPv4 or IPv6 address",
            "10.0.0.0/33|the length '33' is not a number from 0 to 32",
            "10.0.0.0/-1|the length '-1' is not a number from 0 to 32",
            "2001:db8::/129|the length '129' is not a number from 0 to 128",
            "2001:db8::g/64|'2001:db8::g' is not an IPv4 or IPv6 address",
            "10.1.0.0/8|bits set past /8 (the network is 10.0.0.0/8)",
            "0.0.0.0/0:0|the port '0' is not a number from 1 to 65535",
            "0.0.0.0/0:http|the port 'http' is not a number from 1 to 65535",
            "::ffff:10.0.0.0/104|write IPv4-mapped addresses as IPv4"})
    void refusesWithTheReason(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FirewallRule.parse(text));
        assertTrue(e.getMessage().startsWith("'" + text + "' is not "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
