package dev.ebpf4j.elf;

import dev.ebpf4j.binary.ByteReader;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes names from one string table, at most once per offset, within a budget of decoded bytes
 * shared by all tables of a file: thousands of entries pointing into one long string would
 * otherwise cost time and memory quadratic in the file size.
 */
final class StringTable {
    /** The decoded-bytes allowance for one file, shared by its string tables. */
    static final class Budget {
        private long remaining;

        Budget(long fileSize) {
            remaining = Math.max(4 * fileSize, 1 << 16);
        }
    }

    private final ByteReader window;
    private final Budget budget;
    private final Map<Long, String> decoded = new HashMap<>();

    StringTable(ByteReader window, Budget budget) {
        this.window = window;
        this.budget = budget;
    }

    String get(long offset, String what) {
        String name = decoded.get(offset);
        if (name == null) {
            name = window.cString(offset, what);
            budget.remaining -= name.length() + 1L;
            if (budget.remaining < 0) {
                throw window.error(offset, what + ": the names in this file decode to far more bytes than the file holds");
            }
            decoded.put(offset, name);
        }
        return name;
    }
}
