package dev.ebpf4j.cli;

import java.util.HexFormat;

/** Hex text as the bpf_conformance plugins exchange it: bytes as two hex digits, spaces optional. */
final class Hex {
    private Hex() {}

    /** Parses hex digits, ignoring white space; {@code what} names the input in the error. */
    static byte[] parse(String text, String what) {
        String digits = text.replaceAll("\\s+", "");
        if (digits.length() % 2 != 0) {
            throw new CommandFailure(what + ": odd number of hex digits (" + digits.length() + ")");
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(what + ": not hex: " + e.getMessage(), e);
        }
    }
}
