package dev.ebpf4j.tcpinspect.source;

import java.util.Locale;

/**
 * The flag combinations the counters tell apart: RST wins over FIN, FIN over SYN; SYN with ACK is
 * SYN_ACK; ACK alone (PSH or URG may be set) is ACK; anything else is OTHER. Their lower-case names
 * are the {@code flags} label of the metrics and the keys of the JSON lines.
 */
public enum FlagCombination {
    SYN, SYN_ACK, ACK, FIN, RST, OTHER;

    /** The name in metrics and JSON: {@code syn}, {@code syn_ack}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
